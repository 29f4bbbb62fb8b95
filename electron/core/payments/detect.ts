import type { ReadDb } from '../db/connection.ts';
import { caseSubjects } from '../subjects/repo.ts';
import { undismissedIdentifierHits } from '../sanctions/hits.ts';
import { detectPaymentFindings, type Payment, type PaymentFinding } from '../../../shared/payments.ts';

/** The names and aliases the case's workers are known by, against which payees are compared. */
export const workerNames = (db: ReadDb, caseId: number): string[] =>
  caseSubjects(db, caseId).filter((s) => s.role === 'worker').flatMap((s) => [s.name, ...s.aliases]);

export function paymentFindings(db: ReadDb, caseId: number, payments: readonly Payment[]): PaymentFinding[] {
  return detectPaymentFindings(payments, workerNames(db, caseId), undismissedIdentifierHits(db, caseId));
}
