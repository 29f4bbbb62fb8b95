import { stmt, type ReadDb } from '../db/connection.ts';
import { getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { identifierSearchKey, KIND_LABELS, normaliseIdentifier, type IdentifierKind } from '../../../shared/identifiers.ts';
import type { IdentifierFindResult, IdentifierMatch, LinkedCase } from '../../../shared/subjects.ts';

type MatchRow = {
  number: string;
  title: string;
  status: string;
  subject_id: number | null;
  subject_name: string | null;
  id: number;
  display: string;
  exhibit_number: string | null;
  seen_at: string | null;
};

const MATCH_SQL = `SELECT c.number, c.title, c.status, i.subject_id, s.name AS subject_name, i.id, i.display, e.number AS exhibit_number, i.seen_at
  FROM identifiers i JOIN cases c ON c.id = i.case_id
  LEFT JOIN subjects s ON s.id = i.subject_id LEFT JOIN exhibits e ON e.id = i.exhibit_id`;

const toMatch = (r: MatchRow): IdentifierMatch => ({
  caseNumber: r.number,
  caseTitle: r.title,
  caseStatus: r.status,
  subjectId: r.subject_id,
  subjectName: r.subject_name,
  identifierId: r.id,
  display: r.display,
  evidence: r.exhibit_number,
  seenAt: r.seen_at,
});

/** Every case and subject where an identifier appears. Without a kind, the value is matched as the search box would. */
export function findIdentifier(db: ReadDb, kind: IdentifierKind | undefined, value: string, qualifier?: string): IdentifierFindResult {
  if (kind) {
    const n = normaliseIdentifier(kind, value, qualifier);
    if (!n.ok) throw new AppError('invalid_input', `value: ${KIND_LABELS[kind]} "${value}" ${n.message}.`, { issues: [{ path: 'value', message: n.message }] });
    const rows = stmt(db, `${MATCH_SQL} WHERE i.kind = ? AND i.value_norm = ? ORDER BY c.num_year DESC, c.num_seq DESC, i.id`).all(kind, n.identifier.value) as MatchRow[];
    return { kind, value: n.identifier.value, matches: rows.map(toMatch) };
  }
  const key = identifierSearchKey(value);
  const rows = stmt(db, `${MATCH_SQL} WHERE i.value_norm = ? ORDER BY c.num_year DESC, c.num_seq DESC, i.id`).all(key) as MatchRow[];
  return { kind: null, value: key, matches: rows.map(toMatch) };
}

type ViaRow = { number: string; title: string; status: string; kind: IdentifierKind; value_norm: string; display: string };

/** The cases that share at least one identifier with this one, and which identifiers they share. */
export function linkedCases(db: ReadDb, number: string): LinkedCase[] {
  const c = getCase(db, number);
  const rows = stmt(
    db,
    `SELECT DISTINCT c.number, c.title, c.status, i.kind, i.value_norm, i.display
     FROM identifiers i
     JOIN identifiers o ON o.kind = i.kind AND o.value_norm = i.value_norm AND o.case_id <> i.case_id
     JOIN cases c ON c.id = o.case_id
     WHERE i.case_id = ?
     ORDER BY c.num_year DESC, c.num_seq DESC, i.kind, i.value_norm`,
  ).all(c.id) as ViaRow[];
  const byCase = new Map<string, LinkedCase>();
  for (const r of rows) {
    const lc = byCase.get(r.number) ?? { number: r.number, title: r.title, status: r.status, via: [] };
    if (!lc.via.some((v) => v.kind === r.kind && v.value === r.value_norm)) lc.via.push({ kind: r.kind, value: r.value_norm, display: r.display });
    byCase.set(r.number, lc);
  }
  return [...byCase.values()];
}
