import type { Db } from '../db/connection.ts';
import { addIdentifierIfNew } from '../identifiers/repo.ts';
import type { NormalisedIdentifier } from '../../../shared/identifiers.ts';

/**
 * Records the wallets of a virtual-currency payment as identifiers of the case (unless the case
 * already holds them), so they link the case to others that hold the same wallet and are screened
 * with the case's other identifiers against the SDN list's digital currency addresses.
 */
export function recordPaymentWallets(db: Db, actor: string, caseId: number, paymentId: number, wallets: readonly (NormalisedIdentifier | null)[], now: string): void {
  for (const w of wallets) if (w) addIdentifierIfNew(db, actor, caseId, w, `Wallet of payment ${paymentId}`, now);
}
