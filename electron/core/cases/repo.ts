import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { createIndicatorState } from '../indicators/state.ts';
import { AppError } from '../../../shared/errors.ts';
import { isCaseReadOnly, type CaseFields, type CaseRecord } from '../../../shared/cases.ts';
import { auditView, rowToCase, type CaseRow } from './rows.ts';

export function findCase(db: ReadDb, number: string): CaseRecord | undefined {
  const row = stmt(db, 'SELECT * FROM cases WHERE number = ?').get(number) as CaseRow | undefined;
  return row && rowToCase(row);
}

export function getCase(db: ReadDb, number: string): CaseRecord {
  const c = findCase(db, number);
  if (!c) throw new AppError('not_found', `There is no case ${number}.`);
  return c;
}

export function getCaseById(db: Db, id: number): CaseRecord {
  const row = stmt(db, 'SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  if (!row) throw new AppError('not_found', `There is no case with id ${id}.`);
  return rowToCase(row);
}

/**
 * Every domain calls this before writing to a case: a closed case, or one locked by a signed
 * final decision, is read-only until it is reopened.
 */
export function assertCaseWritable(c: CaseRecord): void {
  if (!isCaseReadOnly(c)) return;
  if (c.locked) throw new AppError('locked', `${c.number} is locked by a signed final decision; reopen it (with a reason) to change it.`);
  if (c.status === 'closed') throw new AppError('locked', `${c.number} is closed; reopen it (with a reason) to change it.`);
}

function nextNumber(db: Db, year: number): { number: string; year: number; seq: number } {
  const row = stmt(db, 
      `INSERT INTO case_counters (year, last) VALUES (?, 1)
       ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .get(year) as { last: number };
  return { number: `CB-${year}-${String(row.last).padStart(4, '0')}`, year, seq: row.last };
}

export function createCase(db: Db, actor: string, fields: CaseFields, now = new Date().toISOString()): CaseRecord {
  return db.transaction(() => {
    const { number, year, seq } = nextNumber(db, Number(now.slice(0, 4)));
    const info = stmt(db, 
        `INSERT INTO cases (number, num_year, num_seq, title, summary, priority, status, assignee, tags, opened_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      )
      .run(number, year, seq, fields.title, fields.summary, fields.priority, fields.assignee, JSON.stringify(fields.tags), now, actor, now);
    const id = Number(info.lastInsertRowid);
    const tagStmt = stmt(db, 'INSERT INTO case_tags (case_id, tag) VALUES (?, ?)');
    for (const t of fields.tags) tagStmt.run(id, t);
    const catalogVersion = createIndicatorState(db, id);
    const created = getCaseById(db, id);
    appendAudit(db, actor, { caseId: id, entity: 'case', entityId: number, action: 'created', after: { ...auditView(created), status: 'open', catalogVersion } }, now);
    return created;
  }).immediate();
}

/**
 * Saves an edit made from `version`. If someone saved after that version, nothing is written and
 * the caller gets a conflict carrying the newer record, so the user's text is never clobbered
 * and never lost.
 */
export function updateCase(db: Db, actor: string, number: string, version: number, patch: Partial<CaseFields>): CaseRecord {
  return db.transaction(() => {
    const current = getCase(db, number);
    assertCaseWritable(current);
    if (current.version !== version) {
      throw new AppError(
        'conflict',
        `${number} was changed since you started editing (you edited version ${version}; it is now version ${current.version}, saved ${current.updatedAt}). ` +
          'Your text was kept, not saved: compare it with the newer text, then save again.',
        { details: { current } },
      );
    }
    const before = auditView(current);
    const after = { ...before, ...patch };
    const changed = (Object.keys(patch) as (keyof CaseFields)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return current;
    const now = new Date().toISOString();
    stmt(db, 
      `UPDATE cases SET title = ?, summary = ?, priority = ?, assignee = ?, tags = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND version = ?`,
    ).run(after.title, after.summary, after.priority, after.assignee, JSON.stringify(after.tags), now, current.id, version);
    if (changed.includes('tags')) {
      stmt(db, 'DELETE FROM case_tags WHERE case_id = ?').run(current.id);
      const tagStmt = stmt(db, 'INSERT INTO case_tags (case_id, tag) VALUES (?, ?)');
      for (const t of after.tags) tagStmt.run(current.id, t);
    }
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]));
    appendAudit(db, actor, { caseId: current.id, entity: 'case', entityId: number, action: 'updated', before: pick(before), after: pick(after) }, now);
    return getCaseById(db, current.id);
  }).immediate();
}

export function distinctAssignees(db: ReadDb): string[] {
  return (stmt(db, `SELECT DISTINCT assignee FROM cases WHERE assignee <> '' ORDER BY assignee COLLATE NOCASE`).pluck().all() as string[]);
}

export function distinctTags(db: ReadDb): string[] {
  return stmt(db, 'SELECT DISTINCT tag FROM case_tags ORDER BY tag').pluck().all() as string[];
}
