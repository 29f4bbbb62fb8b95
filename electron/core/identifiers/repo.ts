import type { z } from 'zod';
import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { getSubject } from '../subjects/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { KIND_LABELS, normaliseIdentifier, type IdentifierKind, type NormalisedIdentifier } from '../../../shared/identifiers.ts';
import type { IdentifierLink, IdentifierRecord } from '../../../shared/subjects.ts';
import type { subjectsContract } from '../../../shared/contract/subjects.ts';

type AddInput = z.output<(typeof subjectsContract)['identifiers.add']['input']>;

type IdentifierRow = {
  id: number;
  case_id: number;
  case_number: string;
  subject_id: number | null;
  subject_name: string | null;
  kind: IdentifierKind;
  value_norm: string;
  display: string;
  qualifier: string | null;
  details: string;
  exhibit_number: string | null;
  seen_at: string | null;
  note: string;
  created_at: string;
  created_by: string;
};

const SELECT = `SELECT i.*, c.number AS case_number, s.name AS subject_name, e.number AS exhibit_number
  FROM identifiers i JOIN cases c ON c.id = i.case_id
  LEFT JOIN subjects s ON s.id = i.subject_id LEFT JOIN exhibits e ON e.id = i.exhibit_id`;

const rowToIdentifier = (r: IdentifierRow, links: IdentifierLink[]): IdentifierRecord => ({
  id: r.id,
  caseNumber: r.case_number,
  subjectId: r.subject_id,
  subjectName: r.subject_name,
  kind: r.kind,
  value: r.value_norm,
  display: r.display,
  qualifier: r.qualifier,
  details: JSON.parse(r.details) as Record<string, string>,
  evidence: r.exhibit_number,
  seenAt: r.seen_at,
  note: r.note,
  createdAt: r.created_at,
  createdBy: r.created_by,
  links,
});

type LinkRow = { own_id: number; id: number; number: string; title: string; status: string; subject_name: string | null };

/** For each identifier of a case, the other cases holding the same (kind, value): one indexed join. */
function linksForCase(db: ReadDb, caseId: number, onlyId?: number): Map<number, IdentifierLink[]> {
  const rows = stmt(
    db,
    `SELECT i.id AS own_id, o.id, c.number, c.title, c.status, s.name AS subject_name
     FROM identifiers i
     JOIN identifiers o ON o.kind = i.kind AND o.value_norm = i.value_norm AND o.case_id <> i.case_id
     JOIN cases c ON c.id = o.case_id
     LEFT JOIN subjects s ON s.id = o.subject_id
     WHERE i.case_id = ? AND (? IS NULL OR i.id = ?)
     ORDER BY c.num_year DESC, c.num_seq DESC, o.id`,
  ).all(caseId, onlyId ?? null, onlyId ?? null) as LinkRow[];
  const map = new Map<number, IdentifierLink[]>();
  for (const r of rows) {
    const list = map.get(r.own_id) ?? [];
    list.push({ caseNumber: r.number, caseTitle: r.title, caseStatus: r.status, subjectName: r.subject_name, identifierId: r.id });
    map.set(r.own_id, list);
  }
  return map;
}

export function listIdentifiers(db: ReadDb, number: string): IdentifierRecord[] {
  const c = getCase(db, number);
  const links = linksForCase(db, c.id);
  return (stmt(db, `${SELECT} WHERE i.case_id = ? ORDER BY i.kind, i.id`).all(c.id) as IdentifierRow[]).map((r) => rowToIdentifier(r, links.get(r.id) ?? []));
}

function getIdentifier(db: Db, caseId: number, id: number): IdentifierRecord {
  const row = stmt(db, `${SELECT} WHERE i.id = ?`).get(id) as IdentifierRow | undefined;
  if (!row || row.case_id !== caseId) throw new AppError('not_found', `Identifier ${id} is not in this case.`);
  return rowToIdentifier(row, linksForCase(db, caseId, id).get(id) ?? []);
}

function exhibitId(db: Db, caseId: number, exhibit: string): number {
  const row = stmt(db, 'SELECT id FROM exhibits WHERE case_id = ? AND number = ?').get(caseId, exhibit) as { id: number } | undefined;
  if (!row) throw new AppError('not_found', `evidence: there is no exhibit ${exhibit} in this case.`);
  return row.id;
}

export function addIdentifier(db: Db, actor: string, input: AddInput): IdentifierRecord {
  const n = normaliseIdentifier(input.kind, input.value, input.qualifier);
  if (!n.ok) {
    throw new AppError('invalid_input', `value: ${KIND_LABELS[input.kind]} "${input.value}" ${n.message}.`, { issues: [{ path: 'value', message: n.message }] });
  }
  const id = n.identifier;
  return db.transaction(() => {
    const c = getCase(db, input.number);
    assertCaseWritable(c);
    const subject = input.subjectId === undefined ? null : getSubject(db, c.id, input.subjectId);
    const exhibit = input.evidence === undefined ? null : exhibitId(db, c.id, input.evidence);
    const dup = stmt(db, 'SELECT id FROM identifiers WHERE kind = ? AND value_norm = ? AND case_id = ? AND subject_id IS ?').get(id.kind, id.value, c.id, subject?.id ?? null) as
      | { id: number }
      | undefined;
    if (dup) {
      throw new AppError('conflict', `value: ${KIND_LABELS[id.kind]} ${id.value} is already recorded in ${c.number}${subject ? ` for ${subject.name}` : ''}.`, {
        details: { existingId: dup.id },
      });
    }
    const now = new Date().toISOString();
    const info = stmt(
      db,
      `INSERT INTO identifiers (case_id, subject_id, kind, value_norm, display, qualifier, details, exhibit_id, seen_at, note, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, subject?.id ?? null, id.kind, id.value, id.display, id.qualifier, JSON.stringify(id.details), exhibit, input.seenAt ?? null, input.note, now, actor);
    const rec = getIdentifier(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor, {
      caseId: c.id,
      entity: 'identifier',
      entityId: rec.id,
      action: 'added',
      after: { kind: rec.kind, value: rec.value, display: rec.display, qualifier: rec.qualifier, subject: rec.subjectName, evidence: rec.evidence, seenAt: rec.seenAt },
    }, now);
    return rec;
  }).immediate();
}

export function removeIdentifier(db: Db, actor: string, number: string, id: number, reason: string): { removed: true } {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const rec = getIdentifier(db, c.id, id);
    stmt(db, 'DELETE FROM identifiers WHERE id = ?').run(id);
    appendAudit(db, actor, {
      caseId: c.id,
      entity: 'identifier',
      entityId: id,
      action: 'removed',
      before: { kind: rec.kind, value: rec.value, display: rec.display, subject: rec.subjectName, evidence: rec.evidence },
      after: { reason },
    });
    return { removed: true as const };
  }).immediate();
}

/** Ids of the cases holding an identifier with this normalised value (any kind); backs the case search. */
export function caseIdsForValue(db: Db, valueNorm: string): number[] {
  return stmt(db, 'SELECT DISTINCT case_id FROM identifiers WHERE value_norm = ?').pluck().all(valueNorm) as number[];
}

/**
 * Records an identifier another domain found (a payment's wallet, say) unless the case already
 * holds it; no subject or exhibit. Runs inside the caller's transaction and audits there.
 * Returns whether it was added.
 */
export function addIdentifierIfNew(db: Db, actor: string, caseId: number, id: NormalisedIdentifier, note: string, now: string): boolean {
  if (stmt(db, 'SELECT 1 FROM identifiers WHERE case_id = ? AND kind = ? AND value_norm = ?').get(caseId, id.kind, id.value)) return false;
  const info = stmt(db, `INSERT INTO identifiers (case_id, subject_id, kind, value_norm, display, qualifier, details, exhibit_id, seen_at, note, created_at, created_by)
    VALUES (?, NULL, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`).run(caseId, id.kind, id.value, id.display, id.qualifier, JSON.stringify(id.details), note, now, actor);
  appendAudit(db, actor, {
    caseId, entity: 'identifier', entityId: Number(info.lastInsertRowid), action: 'added',
    after: { kind: id.kind, value: id.value, display: id.display, qualifier: id.qualifier, subject: null, evidence: null, seenAt: null, note },
  }, now);
  return true;
}
