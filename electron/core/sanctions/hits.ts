import { stmt, type ReadDb } from '../db/connection.ts';

/**
 * The identifier values (lower-cased, trimmed) that screening matched to the SDN list in a case
 * and that nobody dismissed: the payee accounts behind PY-07.
 */
export function undismissedIdentifierHits(db: ReadDb, caseId: number): Set<string> {
  return new Set(
    stmt(db, `SELECT DISTINCT lower(trim(query)) FROM sanctions_hits WHERE case_id = ? AND query_kind = 'identifier' AND status <> 'dismissed'`).pluck().all(caseId) as string[],
  );
}
