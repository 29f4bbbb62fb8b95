import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit, caseEvents } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { exhibitRow, listExhibits } from '../evidence/repo.ts';
import { listFindings } from '../activity/findings.ts';
import { listPayments } from '../payments/repo.ts';
import { listBlocks } from '../payments/blocks.ts';
import { listDecisions } from '../decisions/repo.ts';
import { listReviews } from '../legal/repo.ts';
import { caseScreenings } from '../sanctions/cases.ts';
import { AppError } from '../../../shared/errors.ts';
import { STATUS_LABELS, type CaseRecord, type CaseStatus } from '../../../shared/cases.ts';
import { DECISION_LABELS } from '../../../shared/decisions.ts';
import { RAIL_LABELS, formatPaymentAmount } from '../../../shared/payments.ts';
import { BLOCK_RULES } from '../../../shared/legal/filings.ts';
import type { Finding } from '../../../shared/activity/types.ts';
import { compareEntries, resolveMoment, type Moment, type TimelineEntry, type TimelineKind } from '../../../shared/journal.ts';

type EntryRow = {
  id: number;
  case_id: number;
  at_utc: string;
  local_time: string;
  zone: string;
  text: string;
  exhibits: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  removed_at: string | null;
};

const rowToEntry = (r: EntryRow): TimelineEntry => ({
  key: `entry:${r.id}`,
  kind: 'officer',
  at: r.at_utc,
  until: null,
  text: r.text,
  source: `entry ${r.id}`,
  tab: 'timeline',
  exhibits: JSON.parse(r.exhibits) as string[],
  inReport: true,
  entry: { id: r.id, version: r.version, local: r.local_time, zone: r.zone, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at },
});

/** How a finding reads in one line: its summary, else its fields. */
export const findingDetail = (d: Finding['detail']): string =>
  (typeof d.summary === 'string' && d.summary) ||
  (typeof d.message === 'string' && d.message) ||
  Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ');

const statusLabel = (s: unknown) => STATUS_LABELS[s as CaseStatus] ?? String(s);

/** Status changes, as the audit trail recorded them (the case keeps only its current status). */
function statusEntries(db: ReadDb, c: CaseRecord): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of caseEvents(db, c.id)) {
    if (e.entity !== 'case') continue;
    const after = (e.after ?? {}) as { status?: unknown; note?: unknown };
    const before = (e.before ?? {}) as { status?: unknown };
    let text: string | null = null;
    if (e.action === 'created') text = 'Case opened';
    else if (e.action === 'status_changed') text = `Status changed from ${statusLabel(before.status)} to ${statusLabel(after.status)}`;
    else if (e.action === 'closed') text = `Case closed${typeof after.note === 'string' && after.note ? `: ${after.note}` : ''}`;
    else if (e.action === 'reopened') text = `Case reopened as ${statusLabel(after.status)}${typeof after.note === 'string' && after.note ? `: ${after.note}` : ''}`;
    if (text) out.push({ key: `status:${e.seq}`, kind: 'status', at: e.at, until: null, text: `${text} (by ${e.actor})`, source: `audit event ${e.seq}`, tab: 'audit', exhibits: [], inReport: true, entry: null });
  }
  return out;
}

/** Every dated event of a case from its records, plus the officer's entries; oldest first. */
export function assembleTimeline(db: ReadDb, number: string, kinds?: readonly TimelineKind[]): TimelineEntry[] {
  const c = getCase(db, number);
  const want = (k: TimelineKind) => !kinds || kinds.length === 0 || kinds.includes(k);
  const out: TimelineEntry[] = [];
  if (want('status')) out.push(...statusEntries(db, c));
  if (want('evidence')) {
    for (const x of listExhibits(db, number)) {
      out.push({
        key: `evidence:${x.number}`, kind: 'evidence', at: x.acquiredAt || x.createdAt, until: null,
        text: `Evidence acquired: ${x.title}${x.retracted ? ' (retracted)' : ''}`, source: x.number, tab: 'evidence', exhibits: [x.number], inReport: true, entry: null,
      });
    }
  }
  if (want('finding')) {
    for (const f of listFindings(db, c.id)) {
      if (f.status === 'dismissed' || !f.from) continue;
      const review = f.status === 'accepted' ? '' : ' (awaiting review)';
      out.push({
        key: `finding:${f.id}`, kind: 'finding', at: f.from, until: f.to || null,
        text: `Activity finding ${f.indicator}${review}: ${findingDetail(f.detail)}`.slice(0, 500), source: `finding ${f.id} (${f.indicator})`, tab: 'activity', exhibits: [],
        inReport: f.status === 'accepted', entry: null,
      });
    }
  }
  if (want('payment')) {
    for (const p of listPayments(db, c.id)) {
      out.push({
        key: `payment:${p.id}`, kind: 'payment', at: p.paidOn, until: null,
        text: `Payment of ${formatPaymentAmount(p)} to ${p.payeeName} (${RAIL_LABELS[p.rail]})`, source: `payment ${p.id}`, tab: 'legal', exhibits: [], inReport: true, entry: null,
      });
    }
    for (const b of listBlocks(db, c.id)) {
      out.push({
        key: `block:${b.paymentId}`, kind: 'payment', at: b.onDate, until: null,
        text: `Payment ${b.paymentId} ${BLOCK_RULES[b.kind].label.toLowerCase()}; ${BLOCK_RULES[b.kind].report} due ${b.reportDue} (${BLOCK_RULES[b.kind].cite})`,
        source: `payment ${b.paymentId}`, tab: 'legal', exhibits: [], inReport: true, entry: null,
      });
    }
  }
  if (want('sanctions')) {
    for (const s of caseScreenings(db, number)) {
      out.push({
        key: `screening:${s.id}`, kind: 'sanctions', at: s.createdAt, until: null,
        text: `Sanctions screening against OFAC ${s.version.list} list version ${s.version.id} (published ${s.version.published}): ${s.hits.length} possible match${s.hits.length === 1 ? '' : 'es'}`,
        source: s.exhibit, tab: 'sanctions', exhibits: [s.exhibit], inReport: true, entry: null,
      });
      for (const h of s.hits) {
        if (h.status === 'open' || !h.decidedAt) continue;
        out.push({
          key: `hit:${h.id}`, kind: 'sanctions', at: h.decidedAt, until: null,
          text: `Sanctions match ${h.status === 'confirmed' ? 'confirmed' : 'dismissed'}: ${h.query} against ${h.name} (entry ${h.ent_num}; ${h.programs.join(', ')}) by ${h.decidedBy ?? 'unknown'}${h.reason ? `: ${h.reason}` : ''}`,
          source: `hit ${h.id}`, tab: 'sanctions', exhibits: [s.exhibit], inReport: true, entry: null,
        });
      }
    }
  }
  if (want('decision')) {
    for (const d of listDecisions(db, c.id)) {
      out.push({
        key: `decision:${d.id}`, kind: 'decision', at: d.decidedAt, until: null,
        text: `Decision ${d.id}: ${DECISION_LABELS[d.kind]}${d.final ? ' (final)' : ''} by ${d.decidedBy}`, source: `decision ${d.id}`, tab: 'decisions', exhibits: d.exhibits, inReport: true, entry: null,
      });
    }
    for (const r of listReviews(db, c.id)) {
      out.push({
        key: `review:${r.id}`, kind: 'decision', at: r.reviewedAt, until: null,
        text: `Counsel's review ${r.id} recorded by ${r.reviewedBy}${r.signedAt ? `; signed ${r.signedAt.slice(0, 10)}` : ''}`, source: `review ${r.id}`, tab: 'legal', exhibits: [], inReport: true, entry: null,
      });
    }
  }
  if (want('officer')) {
    out.push(...(stmt(db, 'SELECT * FROM timeline_entries WHERE case_id = ? AND removed_at IS NULL').all(c.id) as EntryRow[]).map(rowToEntry));
  }
  return out.sort(compareEntries);
}

function momentOf(at: string, zone: string | undefined): Moment {
  const m = resolveMoment(at, zone);
  if (!m.ok) throw new AppError('invalid_input', `at: ${m.message}.`, { issues: [{ path: 'at', message: m.message }] });
  return m.moment;
}

function checkExhibits(db: ReadDb, c: CaseRecord, exhibits: readonly string[]): string[] {
  const unique = [...new Set(exhibits)];
  for (const x of unique) exhibitRow(db, c, x);
  return unique;
}

function getEntry(db: ReadDb, caseId: number, id: number): EntryRow {
  const row = stmt(db, 'SELECT * FROM timeline_entries WHERE id = ? AND case_id = ?').get(id, caseId) as EntryRow | undefined;
  if (!row || row.removed_at) throw new AppError('not_found', `There is no timeline entry ${id} in this case.`);
  return row;
}

function assertAuthor(r: EntryRow, actor: string): void {
  if (r.created_by.toLowerCase() !== actor.toLowerCase()) throw new AppError('forbidden', `Timeline entry ${r.id} was added by ${r.created_by}; only they can change or remove it.`);
}

const auditView = (r: EntryRow) => ({ at: r.at_utc, local: r.local_time, zone: r.zone, text: r.text, exhibits: JSON.parse(r.exhibits) as string[] });

type EntryInput = { number: string; at: string; zone?: string | undefined; text: string; exhibits: string[] };

export function addEntry(db: Db, actor: string, input: EntryInput): TimelineEntry {
  const m = momentOf(input.at, input.zone);
  return db.transaction(() => {
    const c = getCase(db, input.number);
    assertCaseWritable(c);
    const exhibits = checkExhibits(db, c, input.exhibits);
    const now = new Date().toISOString();
    const info = stmt(db, 'INSERT INTO timeline_entries (case_id, at_utc, local_time, zone, text, exhibits, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, m.utc, m.local, m.zone, input.text, JSON.stringify(exhibits), actor, now, now);
    const row = getEntry(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor, { caseId: c.id, entity: 'timeline_entry', entityId: row.id, action: 'added', after: auditView(row) }, now);
    return rowToEntry(row);
  }).immediate();
}

/** Changes an officer's entry made from `version`; a stale edit is refused with the newer entry, the text kept by the caller. */
export function updateEntry(db: Db, actor: string, input: EntryInput & { id: number; version: number }): TimelineEntry {
  const m = momentOf(input.at, input.zone);
  return db.transaction(() => {
    const c = getCase(db, input.number);
    assertCaseWritable(c);
    const current = getEntry(db, c.id, input.id);
    assertAuthor(current, actor);
    if (current.version !== input.version) {
      throw new AppError('conflict', `Timeline entry ${input.id} was changed since you started editing (it is now version ${current.version}, saved ${current.updated_at} by its author). Your text was kept, not saved.`, {
        details: { current: rowToEntry(current) },
      });
    }
    const exhibits = checkExhibits(db, c, input.exhibits);
    const now = new Date().toISOString();
    stmt(db, 'UPDATE timeline_entries SET at_utc = ?, local_time = ?, zone = ?, text = ?, exhibits = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(m.utc, m.local, m.zone, input.text, JSON.stringify(exhibits), now, current.id);
    const next = getEntry(db, c.id, current.id);
    appendAudit(db, actor, { caseId: c.id, entity: 'timeline_entry', entityId: current.id, action: 'updated', before: auditView(current), after: auditView(next) }, now);
    return rowToEntry(next);
  }).immediate();
}

/** Removes an officer's entry from the timeline; the row and its text stay in the database and the audit trail. */
export function removeEntry(db: Db, actor: string, number: string, id: number, reason: string): { removed: true } {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const current = getEntry(db, c.id, id);
    assertAuthor(current, actor);
    const now = new Date().toISOString();
    stmt(db, 'UPDATE timeline_entries SET removed_at = ?, removed_by = ?, removal_reason = ? WHERE id = ?').run(now, actor, reason, id);
    appendAudit(db, actor, { caseId: c.id, entity: 'timeline_entry', entityId: id, action: 'removed', before: auditView(current), after: { reason } }, now);
    return { removed: true as const };
  }).immediate();
}
