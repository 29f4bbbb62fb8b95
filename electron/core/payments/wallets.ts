import { stmt, type Db } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import type { NormalisedIdentifier } from '../../../shared/identifiers.ts';

/**
 * Records the wallets of a virtual-currency payment as identifiers of the case (unless the case
 * already holds them), so they link the case to others that hold the same wallet and are screened
 * with the case's other identifiers against the SDN list's digital currency addresses.
 */
export function recordPaymentWallets(db: Db, actor: string, caseId: number, paymentId: number, wallets: readonly (NormalisedIdentifier | null)[], now: string): void {
  for (const w of wallets) {
    if (!w) continue;
    const held = stmt(db, 'SELECT id FROM identifiers WHERE case_id = ? AND kind = ? AND value_norm = ?').get(caseId, w.kind, w.value);
    if (held) continue;
    const note = `Wallet of payment ${paymentId}`;
    const info = stmt(db, `INSERT INTO identifiers (case_id, subject_id, kind, value_norm, display, qualifier, details, exhibit_id, seen_at, note, created_at, created_by)
      VALUES (?, NULL, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`).run(caseId, w.kind, w.value, w.display, w.qualifier, JSON.stringify(w.details), note, now, actor);
    appendAudit(db, actor, {
      caseId, entity: 'identifier', entityId: Number(info.lastInsertRowid), action: 'added',
      after: { kind: w.kind, value: w.value, display: w.display, qualifier: w.qualifier, subject: null, evidence: null, seenAt: null, note },
    }, now);
  }
}
