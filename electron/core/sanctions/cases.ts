import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { listSubjects } from '../subjects/repo.ts';
import { listIdentifiers } from '../identifiers/repo.ts';
import { insertExhibits, recordHash } from '../evidence/repo.ts';
import { assess } from '../indicators/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CaseHit, CaseScreening, Hit, HitStatus, RescreenResult, VersionRef } from '../../../shared/sanctions/types.ts';
import { screenIdentifierIn, screenNameIn } from './screen.ts';
import { getSettings, resolveVersion, screeningVersions } from './versions.ts';

type Query = CaseScreening['queries'][number];

type HitRow = {
  id: number; screening_id: number; query_kind: 'name' | 'identifier'; query: string; source: string; ent_num: number; sdn_name: string;
  list: Hit['list']; matched: string; matched_kind: Hit['matchedKind']; sdn_type: Hit['type']; programs: string; score: number; why: string; is_new: number;
  status: HitStatus; reason: string | null; decided_by: string | null; decided_at: string | null;
};

type ScreeningRow = { id: number; case_id: number; version_id: number; published: string; list: VersionRef['list']; cons_version_id: number | null; cons_published: string | null; trigger: 'manual' | 'new_version'; queries: string; threshold: number; exhibit: string; created_by: string; created_at: string };

const rowToHit = (r: HitRow): CaseHit => ({
  id: r.id,
  screeningId: r.screening_id,
  queryKind: r.query_kind,
  query: r.query,
  source: r.source,
  list: r.list,
  ent_num: r.ent_num,
  name: r.sdn_name,
  type: r.sdn_type,
  programs: JSON.parse(r.programs) as string[],
  matched: r.matched,
  matchedKind: r.matched_kind,
  score: r.score,
  why: r.why,
  isNew: r.is_new === 1,
  status: r.status,
  reason: r.reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/** What a case offers to screen: every subject's name and aliases, and every identifier. */
function caseQueries(db: Db, number: string): Query[] {
  const out: Query[] = [];
  const seen = new Set<string>();
  const add = (q: Query) => {
    const key = `${q.kind}\u0000${q.value.trim().toLowerCase()}`;
    if (!q.value.trim() || seen.has(key)) return;
    seen.add(key);
    out.push(q);
  };
  for (const s of listSubjects(db, number)) {
    const nationality = s.nationality || undefined;
    add({ kind: 'name', value: s.name, source: `subject ${s.name}`, nationality });
    for (const a of s.aliases) add({ kind: 'name', value: a, source: `alias of subject ${s.name}`, nationality });
  }
  for (const i of listIdentifiers(db, number)) {
    // Documents are stored as COUNTRY:NUMBER; the list holds the number (its country beside it).
    const value = i.kind === 'document' ? i.value.slice(i.value.indexOf(':') + 1) : i.value;
    add({ kind: 'identifier', value, source: `identifier ${i.kind}${i.subjectName ? ` of ${i.subjectName}` : ''}` });
  }
  return out;
}

const SCREENING_SELECT = `SELECT s.*, v.published, v.list, cv.published AS cons_published FROM sanctions_screenings s JOIN sanctions_versions v ON v.id = s.version_id
  LEFT JOIN sanctions_versions cv ON cv.id = s.cons_version_id`;

function loadScreening(db: ReadDb, caseNumber: string, row: ScreeningRow): CaseScreening {
  const hits = (stmt(db, 'SELECT * FROM sanctions_hits WHERE screening_id = ? ORDER BY score DESC, id').all(row.id) as HitRow[]).map(rowToHit);
  return {
    id: row.id,
    caseNumber,
    version: { id: row.version_id, published: row.published, list: row.list },
    consolidated: row.cons_version_id === null ? null : { id: row.cons_version_id, published: row.cons_published!, list: 'CONS' },
    trigger: row.trigger,
    threshold: row.threshold,
    queries: JSON.parse(row.queries) as Query[],
    exhibit: row.exhibit,
    createdBy: row.created_by,
    createdAt: row.created_at,
    hits,
  };
}

/**
 * Screens every subject name, alias and identifier of a case against a list version and files the
 * result as an exhibit (version, queries, hits, who, when). A hit already decided in an earlier
 * screening of the case keeps that decision; one never seen before is marked new.
 */
export function screenCase(db: Db, actor: string, number: string, opts: { version?: number | undefined; trigger?: 'manual' | 'new_version' } = {}): CaseScreening {
  return db.transaction((): CaseScreening => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const versions = screeningVersions(db, opts.version);
    const version: VersionRef = versions.find((v) => v.list === 'SDN') ?? versions[0]!;
    const consolidated = versions.find((v) => v.list === 'CONS' && v.id !== version.id) ?? null;
    const { threshold } = getSettings(db);
    const queries = caseQueries(db, number);
    if (queries.length === 0) {
      throw new AppError('invalid_input', `${number} has no subjects or identifiers to screen yet: add the subject's name (and wallets, documents) first.`);
    }
    const found: { q: Query; hit: Hit }[] = [];
    for (const q of queries) {
      const hits = q.kind === 'name' ? screenNameIn(db, versions, { name: q.value, threshold, limit: 10, attributes: { nationality: q.nationality } }) : screenIdentifierIn(db, versions, q.value);
      for (const hit of hits) found.push({ q, hit });
    }
    const now = new Date().toISOString();
    const trigger = opts.trigger ?? 'manual';
    const record = {
      list: { source: version.list === 'CONS' ? 'OFAC Consolidated (non-SDN) list (legacy CSV)' : 'OFAC SDN (legacy CSV)', version: version.id, published: version.published },
      consolidated: consolidated ? { source: 'OFAC Consolidated (non-SDN) list (legacy CSV)', version: consolidated.id, published: consolidated.published } : null,
      threshold,
      screenedBy: actor,
      screenedAt: now,
      queries,
      hits: found.map(({ q, hit }) => ({ query: q.value, source: q.source, list: hit.list, ent_num: hit.ent_num, name: hit.name, matched: hit.matched, score: hit.score, why: hit.why })),
    };
    const body = JSON.stringify(record, null, 2);
    const description = `${found.length} hit(s) for ${queries.length} name(s) and identifier(s) at threshold ${threshold}.`;
    const exhibit = insertExhibits(db, actor, number, [{
      kind: 'note',
      title: `Sanctions screening: ${versions.map((v) => `OFAC ${v.list === 'CONS' ? 'Consolidated' : 'SDN'} list version ${v.id} (published ${v.published})`).join(' and ')}`,
      description,
      source: trigger === 'manual' ? 'Casebook sanctions screening' : 'Casebook sanctions re-screening after a new list version',
      acquiredAt: now,
      originalName: null,
      size: Buffer.byteLength(body, 'utf8'),
      mime: 'application/json',
      sha256: recordHash('note', { url: null, body, description, acquiredAt: now }),
      url: null,
      body,
    }]).added[0]!.number;

    const earlier = new Map<string, HitRow>();
    for (const r of stmt(db, 'SELECT * FROM sanctions_hits WHERE case_id = ? ORDER BY id').all(c.id) as HitRow[]) earlier.set(`${r.query_kind}\u0000${r.query}\u0000${r.list}\u0000${r.ent_num}`, r);
    let newHits = 0;
    const screeningId = Number(stmt(db, `INSERT INTO sanctions_screenings (case_id, version_id, cons_version_id, trigger, queries, threshold, hits, new_hits, exhibit, created_by, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`).run(c.id, version.id, consolidated?.id ?? null, trigger, JSON.stringify(queries), threshold, found.length, exhibit, actor, now).lastInsertRowid);
    const insertHit = stmt(db, `INSERT INTO sanctions_hits (screening_id, case_id, query_kind, query, source, list, ent_num, sdn_name, matched, matched_kind, sdn_type, programs, score, why, is_new,
        status, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const { q, hit } of found) {
      const prev = earlier.get(`${q.kind}\u0000${q.value}\u0000${hit.list}\u0000${hit.ent_num}`);
      if (!prev) newHits++;
      insertHit.run(screeningId, c.id, q.kind, q.value, q.source, hit.list, hit.ent_num, hit.name, hit.matched, hit.matchedKind, hit.type, JSON.stringify(hit.programs), hit.score, hit.why,
        prev ? 0 : 1, prev?.status ?? 'open', prev?.reason ?? null, prev?.decided_by ?? null, prev?.decided_at ?? null);
    }
    stmt(db, 'UPDATE sanctions_screenings SET new_hits = ? WHERE id = ?').run(newHits, screeningId);
    appendAudit(db, actor, {
      caseId: c.id, entity: 'sanctions_screening', entityId: screeningId, action: 'screened',
      after: { version: version.id, published: version.published, consolidated: consolidated?.id ?? null, trigger, queries: queries.length, hits: found.length, newHits, exhibit },
    }, now);
    return loadScreening(db, number, stmt(db, `${SCREENING_SELECT} WHERE s.id = ?`).get(screeningId) as ScreeningRow);
  }).immediate();
}

/** Every screening of a case, newest first. */
export function caseScreenings(db: ReadDb, number: string): CaseScreening[] {
  const c = getCase(db, number);
  return (stmt(db, `${SCREENING_SELECT} WHERE s.case_id = ? ORDER BY s.id DESC`).all(c.id) as ScreeningRow[]).map((r) => loadScreening(db, number, r));
}

/** The indicator a confirmed hit makes present: a listed identifier is PY-07, a listed name EN-01. */
const indicatorFor = (h: HitRow) => (h.query_kind === 'identifier' ? 'PY-07' : 'EN-01');

/**
 * Confirms a hit (a true match: the indicator it stands for becomes present, resting on the
 * screening's exhibit) or dismisses it as a false positive. Both need a reason and are audited.
 */
export function decideHit(db: Db, actor: string, number: string, hitId: number, decision: 'confirmed' | 'dismissed', reason: string): CaseHit {
  return db.transaction((): CaseHit => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const hit = stmt(db, 'SELECT * FROM sanctions_hits WHERE id = ? AND case_id = ?').get(hitId, c.id) as HitRow | undefined;
    if (!hit) throw new AppError('not_found', `There is no sanctions hit ${hitId} in ${number}.`);
    if (!reason.trim()) {
      throw new AppError('invalid_input', decision === 'dismissed' ? 'Say why this hit is a false positive: a reason is required.' : 'Say why this hit is a true match: a reason is required.', {
        issues: [{ path: 'reason', message: 'is required' }],
      });
    }
    const now = new Date().toISOString();
    stmt(db, 'UPDATE sanctions_hits SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(decision, reason, actor, now, hit.id);
    appendAudit(db, actor, {
      caseId: c.id, entity: 'sanctions_hit', entityId: hit.id, action: decision,
      before: { status: hit.status, reason: hit.reason },
      after: { status: decision, reason, ent_num: hit.ent_num, sdn_name: hit.sdn_name, query: hit.query, score: hit.score },
    }, now);
    if (decision === 'confirmed') {
      const indicator = indicatorFor(hit);
      const exhibit = stmt(db, 'SELECT exhibit FROM sanctions_screenings WHERE id = ?').pluck().get(hit.screening_id) as string;
      // Read-only look at the indicators domain's table, so that a second confirmed hit adds to the assessment instead of replacing it.
      const current = stmt(db, 'SELECT status, rationale, exhibits FROM indicator_assessments WHERE case_id = ? AND indicator_id = ?').get(c.id, indicator) as
        | { status: string; rationale: string; exhibits: string }
        | undefined;
      const line = `Sanctions hit confirmed: "${hit.query}" matches ${hit.sdn_name} (ent_num ${hit.ent_num}), score ${hit.score}. ${reason}`;
      const keep = current?.status === 'present';
      assess(db, actor, number, {
        indicator,
        status: 'present',
        rationale: keep && current.rationale ? `${current.rationale}\n${line}` : line,
        exhibits: [...new Set([...(keep ? (JSON.parse(current.exhibits) as string[]) : []), exhibit])],
      }, now);
    }
    return rowToHit(stmt(db, 'SELECT * FROM sanctions_hits WHERE id = ?').get(hit.id) as HitRow);
  }).immediate();
}

/**
 * After a new list version: screens every case that is not closed or locked again and says what
 * is new in each. A case that cannot be screened (no subjects yet) is skipped. Each case is its own
 * transaction; between cases it reports progress and yields, so a cancel stops before the next case
 * (the cases already screened keep their screening, and the error says how many).
 */
export async function rescreenOpenCases(
  db: Db,
  actor: string,
  versionId?: number,
  hooks: { signal?: AbortSignal; progress?: (done: number, total: number) => void } = {},
): Promise<RescreenResult> {
  const { signal, progress = () => {} } = hooks;
  const version = resolveVersion(db, versionId);
  const open = stmt(db, `SELECT number FROM cases WHERE status <> 'closed' AND locked = 0 ORDER BY id`).pluck().all() as string[];
  const cases: RescreenResult['cases'] = [];
  progress(0, open.length);
  for (const [i, number] of open.entries()) {
    if (signal?.aborted) {
      throw new AppError('cancelled', `Re-screening cancelled after ${cases.length} of ${open.length} open case(s); those keep their new screening.`);
    }
    if (caseQueries(db, number).length > 0) {
      const s = screenCase(db, actor, number, { version: version.id, trigger: 'new_version' });
      cases.push({ caseNumber: number, screening: s.id, hits: s.hits.length, newHits: s.hits.filter((h) => h.isNew).length });
    }
    progress(i + 1, open.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { version, cases };
}
