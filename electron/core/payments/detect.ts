import type { Db } from '../db/connection.ts';
import { columnsOf, hasColumns, parseList } from '../reports/tables.ts';
import { detectPaymentFindings, type Payment, type PaymentFinding } from '../../../shared/payments.ts';

/** The names (and aliases) of the case's workers, when the subjects domain has recorded any. */
export function subjectNames(db: Db, caseId: number): string[] {
  const cols = columnsOf(db, 'subjects');
  if (!hasColumns(cols, 'case_id', 'name')) return [];
  const role = cols.has('role') ? ` AND role = 'worker'` : '';
  const rows = db.prepare(`SELECT name${cols.has('aliases') ? ', aliases' : ''} FROM subjects WHERE case_id = ?${role}`).all(caseId) as { name: string; aliases?: string }[];
  return rows.flatMap((r) => [r.name, ...parseList(r.aliases)]);
}

/** Payee accounts that screening matched to the SDN list and nobody dismissed (PY-07). */
export function sanctionedAccounts(db: Db, caseId: number): Set<string> {
  const cols = columnsOf(db, 'sanctions_hits');
  if (!hasColumns(cols, 'case_id', 'query_kind', 'query')) return new Set();
  const status = cols.has('status') ? ` AND status <> 'dismissed'` : '';
  const values = db.prepare(`SELECT DISTINCT lower(trim(query)) FROM sanctions_hits WHERE case_id = ? AND query_kind = 'identifier'${status}`).pluck().all(caseId) as string[];
  return new Set(values);
}

export function paymentFindings(db: Db, caseId: number, payments: readonly Payment[]): PaymentFinding[] {
  return detectPaymentFindings(payments, subjectNames(db, caseId), sanctionedAccounts(db, caseId));
}
