import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase, getCaseById } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FindingDraft } from '../../../shared/activity/rules/rule.ts';
import type { Finding, FindingStatus } from '../../../shared/activity/types.ts';
import { assess } from '../indicators/repo.ts';
import { SELECT, toFinding, type FindingRow } from './finding-rows.ts';

export { listFindings, summarise } from './finding-rows.ts';

function getFinding(db: Db, caseId: number, id: number): Finding {
  const r = stmt(db, `${SELECT} WHERE f.id = ? AND f.case_id = ?`).get(id, caseId) as FindingRow | undefined;
  if (!r) throw new AppError('not_found', `This case has no finding ${id}.`);
  return toFinding(r);
}

/**
 * Brings the case's stored findings in line with a fresh analysis: new ones are added, open ones
 * that still hold are refreshed, open ones that no longer hold are removed. Accepted and
 * dismissed findings are the officer's record and are never touched.
 */
export function storeFindings(db: Db, actor: string, caseId: number, drafts: FindingDraft[], options: { prune: boolean; now?: string }): { added: number; removed: number } {
  const now = options.now ?? new Date().toISOString();
  const existing = new Map((stmt(db, 'SELECT key, id, status FROM activity_findings WHERE case_id = ?').all(caseId) as { key: string; id: number; status: FindingStatus }[]).map((r) => [r.key, r]));
  const seen = new Set<string>();
  let added = 0;
  const insert = stmt(db, `INSERT INTO activity_findings (case_id, key, indicator_id, detector, account, ips, countries, from_at, to_at, detail, events, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const refresh = stmt(db, `UPDATE activity_findings SET account = ?, ips = ?, countries = ?, to_at = ?, detail = ?, events = ? WHERE id = ? AND status = 'open'`);
  for (const d of drafts) {
    if (seen.has(d.key)) continue;
    seen.add(d.key);
    const cols = [d.account, JSON.stringify(d.ips), JSON.stringify(d.countries)] as const;
    const old = existing.get(d.key);
    if (old) refresh.run(...cols, d.to, JSON.stringify(d.detail), JSON.stringify(d.refs), old.id);
    else {
      insert.run(caseId, d.key, d.indicator, d.detector, ...cols, d.from, d.to, JSON.stringify(d.detail), JSON.stringify(d.refs), now);
      added++;
    }
  }
  let removed = 0;
  if (options.prune) {
    const del = stmt(db, `DELETE FROM activity_findings WHERE id = ? AND status = 'open'`);
    for (const [key, r] of existing) if (!seen.has(key) && r.status === 'open') removed += del.run(r.id).changes;
  }
  if (added || removed) {
    const c = getCaseById(db, caseId);
    appendAudit(db, actor, { caseId, entity: 'activity', entityId: c.number, action: 'analysed', after: { added, removed, findings: existing.size + added - removed } }, now);
  }
  return { added, removed };
}

/** Accepting a finding makes its indicator present, with the finding linked as the evidence. */
export function acceptFinding(db: Db, actor: string, number: string, id: number, rationale?: string): Finding {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const f = getFinding(db, c.id, id);
    if (f.status === 'accepted') throw new AppError('conflict', `Finding ${id} is already accepted.`);
    const now = new Date().toISOString();
    stmt(db, `UPDATE activity_findings SET status = 'accepted', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`).run(actor, now, rationale ?? null, id);
    appendAudit(db, actor, { caseId: c.id, entity: 'finding', entityId: id, action: 'accepted', before: { status: f.status }, after: { status: 'accepted', indicator: f.indicator, ...(rationale && { rationale }) } }, now);
    const current = db.prepare('SELECT status, rationale, exhibits FROM indicator_assessments WHERE case_id = ? AND indicator_id = ?').get(c.id, f.indicator) as { status: string; rationale: string; exhibits: string } | undefined;
    const auto = `Detector finding ${id} (${f.detector}) accepted: ${f.account ?? ''} ${f.from} – ${f.to}.`.replace(/\s+/g, ' ');
    assess(db, actor, number, {
      indicator: f.indicator,
      status: 'present',
      rationale: rationale ?? (current?.status === 'present' && current.rationale ? current.rationale : auto),
      exhibits: current ? (JSON.parse(current.exhibits) as string[]) : [],
    }, now);
    return getFinding(db, c.id, id);
  }).immediate();
}

export function dismissFinding(db: Db, actor: string, number: string, id: number, reason: string): Finding {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const f = getFinding(db, c.id, id);
    if (f.status !== 'open') throw new AppError('conflict', `Finding ${id} is already ${f.status}; only open findings can be dismissed.`);
    const now = new Date().toISOString();
    stmt(db, `UPDATE activity_findings SET status = 'dismissed', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`).run(actor, now, reason, id);
    appendAudit(db, actor, { caseId: c.id, entity: 'finding', entityId: id, action: 'dismissed', before: { status: f.status }, after: { status: 'dismissed', reason } }, now);
    return getFinding(db, c.id, id);
  }).immediate();
}
