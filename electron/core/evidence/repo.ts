import { createHash } from 'node:crypto';
import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { getSubject } from '../subjects/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { exhibitNumber, type AddExhibitsResult, type Exhibit, type ExhibitKind } from '../../../shared/evidence.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { CaseRecord } from '../../../shared/cases.ts';
import { rowToEvent } from '../audit/chain.ts';

export type ExhibitRow = {
  id: number;
  case_id: number;
  case_number: string;
  seq: number;
  number: string;
  kind: ExhibitKind;
  title: string;
  description: string;
  source: string;
  acquired_at: string;
  acquired_by: string;
  original_name: string | null;
  size: number;
  mime: string;
  sha256: string;
  url: string | null;
  body: string | null;
  created_at: string;
  created_by: string;
  retracted_at: string | null;
  retracted_by: string | null;
  retraction_reason: string | null;
};

/** What a new exhibit needs; the number, the actor and the times are filled in on insert. */
export type NewExhibit = {
  kind: ExhibitKind;
  title: string;
  description: string;
  source: string;
  acquiredAt: string | undefined;
  originalName: string | null;
  size: number;
  mime: string;
  sha256: string;
  url: string | null;
  body: string | null;
};

const SELECT = 'SELECT e.*, c.number AS case_number FROM exhibits e JOIN cases c ON c.id = e.case_id';

function subjectsOf(db: ReadDb, exhibitId: number): { id: number; name: string }[] {
  return stmt(db, 'SELECT s.id, s.name FROM exhibit_subjects x JOIN subjects s ON s.id = x.subject_id WHERE x.exhibit_id = ? ORDER BY s.id').all(exhibitId) as {
    id: number;
    name: string;
  }[];
}

export const rowToExhibit = (db: ReadDb, r: ExhibitRow): Exhibit => ({
  id: r.id,
  caseNumber: r.case_number,
  number: r.number,
  kind: r.kind,
  title: r.title,
  description: r.description,
  source: r.source,
  acquiredAt: r.acquired_at,
  acquiredBy: r.acquired_by,
  originalName: r.original_name,
  size: r.size,
  mime: r.mime,
  sha256: r.sha256,
  url: r.url,
  text: r.body,
  subjects: subjectsOf(db, r.id),
  createdAt: r.created_at,
  createdBy: r.created_by,
  retracted: r.retracted_at ? { at: r.retracted_at, by: r.retracted_by ?? '', reason: r.retraction_reason ?? '' } : null,
});

/** Notes and URL records are hashed too, so that verification also catches an edit made to the database behind the app. */
export function recordHash(kind: ExhibitKind, fields: { url: string | null; body: string | null; description: string; acquiredAt: string }): string {
  const material = kind === 'note' ? (fields.body ?? '') : JSON.stringify([fields.url, fields.acquiredAt, fields.description]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

export function listExhibits(db: ReadDb, number: string): Exhibit[] {
  const c = getCase(db, number);
  return (stmt(db, `${SELECT} WHERE e.case_id = ? ORDER BY e.seq`).all(c.id) as ExhibitRow[]).map((r) => rowToExhibit(db, r));
}

export function exhibitRow(db: ReadDb, c: CaseRecord, exhibit: string): ExhibitRow {
  const row = stmt(db, `${SELECT} WHERE e.case_id = ? AND e.number = ?`).get(c.id, exhibit) as ExhibitRow | undefined;
  if (!row) throw new AppError('not_found', `exhibit: there is no exhibit ${exhibit} in ${c.number}.`);
  return row;
}

export function getExhibit(db: Db, number: string, exhibit: string): Exhibit {
  return rowToExhibit(db, exhibitRow(db, getCase(db, number), exhibit));
}

const auditAdded = (x: NewExhibit, number: string) => ({
  number,
  kind: x.kind,
  title: x.title,
  originalName: x.originalName,
  size: x.size,
  mime: x.mime,
  sha256: x.sha256,
  source: x.source,
  ...(x.url && { url: x.url }),
});

/**
 * Files the exhibits in one transaction with their custody events. A file whose hash is
 * already an exhibit of this case (or earlier in the same batch) is reported, not added twice.
 */
export function insertExhibits(db: Db, actor: string, number: string, items: NewExhibit[]): AddExhibitsResult {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const now = new Date().toISOString();
    const result: AddExhibitsResult = { added: [], duplicates: [] };
    const inBatch = new Map<string, string>();
    let seq = (stmt(db, 'SELECT coalesce(max(seq), 0) AS n FROM exhibits WHERE case_id = ?').get(c.id) as { n: number }).n;
    for (const x of items) {
      if (x.kind === 'file') {
        const existing =
          inBatch.get(x.sha256) ??
          (stmt(db, 'SELECT number FROM exhibits WHERE case_id = ? AND sha256 = ? AND kind = ? AND retracted_at IS NULL ORDER BY seq LIMIT 1').pluck().get(c.id, x.sha256, 'file') as
            | string
            | undefined);
        if (existing) {
          result.duplicates.push({ name: x.originalName ?? x.title, sha256: x.sha256, exhibit: existing });
          continue;
        }
        stmt(db, 'INSERT OR IGNORE INTO evidence_blobs (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)').run(x.sha256, x.size, x.mime, now);
      }
      seq++;
      const num = exhibitNumber(seq);
      const info = stmt(
        db,
        `INSERT INTO exhibits (case_id, seq, number, kind, title, description, source, acquired_at, acquired_by, original_name, size, mime, sha256, url, body, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(c.id, seq, num, x.kind, x.title, x.description, x.source, x.acquiredAt ?? now, actor, x.originalName, x.size, x.mime, x.sha256, x.url, x.body, now, actor);
      if (x.kind === 'file') inBatch.set(x.sha256, num);
      appendAudit(db, actor, { caseId: c.id, entity: 'exhibit', entityId: num, action: 'added', after: auditAdded(x, num) }, now);
      result.added.push(rowToExhibit(db, stmt(db, `${SELECT} WHERE e.id = ?`).get(Number(info.lastInsertRowid)) as ExhibitRow));
    }
    return result;
  }).immediate();
}

export function retractExhibit(db: Db, actor: string, number: string, exhibit: string, reason: string): Exhibit {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const row = exhibitRow(db, c, exhibit);
    if (row.retracted_at) throw new AppError('conflict', `${exhibit} was already retracted on ${row.retracted_at} by ${row.retracted_by}.`);
    const now = new Date().toISOString();
    stmt(db, 'UPDATE exhibits SET retracted_at = ?, retracted_by = ?, retraction_reason = ? WHERE id = ?').run(now, actor, reason, row.id);
    appendAudit(db, actor, { caseId: c.id, entity: 'exhibit', entityId: exhibit, action: 'retracted', before: { sha256: row.sha256 }, after: { reason } }, now);
    return getExhibit(db, number, exhibit);
  }).immediate();
}

export type ExhibitPatch = { title?: string | undefined; source?: string | undefined; description?: string | undefined; acquiredAt?: string | undefined; acquiredBy?: string | undefined };

const PATCH_COLUMNS = { title: 'title', source: 'source', description: 'description', acquiredAt: 'acquired_at', acquiredBy: 'acquired_by' } as const;

/**
 * Corrects what an exhibit says about itself, audited with before and after. The file and its
 * SHA-256 never change; a note's or URL record's hash covers its description and acquisition
 * time, so for those only the title, source and who acquired it can be corrected.
 */
export function updateExhibit(db: Db, actor: string, number: string, exhibit: string, patch: ExhibitPatch, reason?: string): Exhibit {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const row = exhibitRow(db, c, exhibit);
    if (row.retracted_at) throw new AppError('conflict', `${exhibit} was retracted on ${row.retracted_at}; a retracted exhibit is not edited.`);
    const current = rowToExhibit(db, row);
    const changed = (Object.keys(PATCH_COLUMNS) as (keyof ExhibitPatch)[]).filter((k) => patch[k] !== undefined && patch[k] !== current[k]);
    if (changed.length === 0) return current;
    const hashed = row.kind !== 'file' ? changed.filter((k) => k === 'description' || k === 'acquiredAt') : [];
    if (hashed.length > 0) {
      throw new AppError('invalid_input', `${exhibit} is a ${row.kind === 'note' ? 'note' : 'web address record'}: its ${hashed.map((k) => (k === 'acquiredAt' ? 'acquisition time' : 'description')).join(' and ')} ${hashed.length > 1 ? 'are' : 'is'} part of its fingerprint and cannot change. Add a new note instead.`, {
        issues: hashed.map((k) => ({ path: k, message: 'is part of the record’s fingerprint and cannot change' })),
      });
    }
    const now = new Date().toISOString();
    for (const k of changed) stmt(db, `UPDATE exhibits SET ${PATCH_COLUMNS[k]} = ? WHERE id = ?`).run(patch[k], row.id);
    appendAudit(db, actor, {
      caseId: c.id, entity: 'exhibit', entityId: exhibit, action: 'edited',
      before: Object.fromEntries(changed.map((k) => [k, current[k]])),
      after: { ...Object.fromEntries(changed.map((k) => [k, patch[k]])), sha256: row.sha256, ...(reason && { reason }) },
    }, now);
    return getExhibit(db, number, exhibit);
  }).immediate();
}

export function linkSubject(db: Db, actor: string, number: string, exhibit: string, subjectId: number): Exhibit {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const row = exhibitRow(db, c, exhibit);
    const s = getSubject(db, c.id, subjectId);
    const info = stmt(db, 'INSERT OR IGNORE INTO exhibit_subjects (exhibit_id, subject_id) VALUES (?, ?)').run(row.id, s.id);
    if (info.changes) appendAudit(db, actor, { caseId: c.id, entity: 'exhibit', entityId: exhibit, action: 'linked', after: { subjectId: s.id, subject: s.name } });
    return getExhibit(db, number, exhibit);
  }).immediate();
}

/** Appends a custody event (viewed, exported, verified) that changes nothing but the record of who touched what. */
export function recordCustody(db: Db, actor: string, caseId: number, exhibit: string, action: 'viewed' | 'exported' | 'verified', after: unknown): void {
  db.transaction(() => appendAudit(db, actor, { caseId, entity: 'exhibit', entityId: exhibit, action, after })).immediate();
}

type AuditRowLike = Parameters<typeof rowToEvent>[0];

export function custodyEvents(db: ReadDb, number: string, exhibit: string): AuditEvent[] {
  const c = getCase(db, number);
  exhibitRow(db, c, exhibit);
  const rows = stmt(db, "SELECT * FROM audit_events WHERE case_id = ? AND entity = 'exhibit' AND entity_id = ? ORDER BY seq").all(c.id, exhibit) as AuditRowLike[];
  return rows.map(rowToEvent);
}
