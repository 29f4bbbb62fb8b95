import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SubjectFields, SubjectRecord, SubjectRole } from '../../../shared/subjects.ts';

export type SubjectRow = {
  id: number;
  case_id: number;
  case_number: string;
  name: string;
  aliases: string;
  nationality: string;
  location: string;
  timezone: string;
  role: SubjectRole;
  platforms: string;
  notes: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: number;
};

const SELECT = 'SELECT s.*, c.number AS case_number FROM subjects s JOIN cases c ON c.id = s.case_id';

export const rowToSubject = (r: SubjectRow): SubjectRecord => ({
  id: r.id,
  caseNumber: r.case_number,
  name: r.name,
  aliases: JSON.parse(r.aliases) as string[],
  nationality: r.nationality,
  location: r.location,
  timezone: r.timezone,
  role: r.role,
  platforms: JSON.parse(r.platforms) as string[],
  notes: r.notes,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: r.version,
});

const auditView = (s: SubjectRecord) => ({
  name: s.name,
  aliases: s.aliases,
  nationality: s.nationality,
  location: s.location,
  timezone: s.timezone,
  role: s.role,
  platforms: s.platforms,
  notes: s.notes,
});

export function listSubjects(db: ReadDb, number: string): SubjectRecord[] {
  return caseSubjects(db, getCase(db, number).id);
}

/** The subjects of a case, by its id, in the order they were added. */
export function caseSubjects(db: ReadDb, caseId: number): SubjectRecord[] {
  return (stmt(db, `${SELECT} WHERE s.case_id = ? ORDER BY s.id`).all(caseId) as SubjectRow[]).map(rowToSubject);
}

/** A subject of this case; a subject id from another case is refused, never silently used. */
export function getSubject(db: Db, caseId: number, id: number): SubjectRecord {
  const row = stmt(db, `${SELECT} WHERE s.id = ?`).get(id) as SubjectRow | undefined;
  if (!row || row.case_id !== caseId) throw new AppError('not_found', `subjectId ${id} is not a subject of this case.`);
  return rowToSubject(row);
}

export function addSubject(db: Db, actor: string, number: string, f: SubjectFields): SubjectRecord {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const now = new Date().toISOString();
    const info = stmt(
      db,
      `INSERT INTO subjects (case_id, name, aliases, nationality, location, timezone, role, platforms, notes, created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, f.name, JSON.stringify(f.aliases), f.nationality, f.location, f.timezone, f.role, JSON.stringify(f.platforms), f.notes, now, actor, now);
    const s = getSubject(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor, { caseId: c.id, entity: 'subject', entityId: s.id, action: 'created', after: auditView(s) }, now);
    return s;
  }).immediate();
}

export function updateSubject(db: Db, actor: string, number: string, id: number, version: number, patch: Partial<SubjectFields>): SubjectRecord {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const current = getSubject(db, c.id, id);
    if (current.version !== version) {
      throw new AppError('conflict', `Subject ${current.name} was changed since you started editing (you edited version ${version}; it is now version ${current.version}). Your text was kept, not saved.`, {
        details: { current },
      });
    }
    const before = auditView(current);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<SubjectFields>;
    const after = { ...before, ...defined };
    const changed = (Object.keys(defined) as (keyof SubjectFields)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return current;
    const now = new Date().toISOString();
    stmt(
      db,
      `UPDATE subjects SET name = ?, aliases = ?, nationality = ?, location = ?, timezone = ?, role = ?, platforms = ?, notes = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND version = ?`,
    ).run(after.name, JSON.stringify(after.aliases), after.nationality, after.location, after.timezone, after.role, JSON.stringify(after.platforms), after.notes, now, id, version);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]));
    appendAudit(db, actor, { caseId: c.id, entity: 'subject', entityId: id, action: 'updated', before: pick(before), after: pick(after) }, now);
    return getSubject(db, c.id, id);
  }).immediate();
}
