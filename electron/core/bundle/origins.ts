// Where a row that came in a case bundle was first written: for checks that compare a row with
// what was signed in another database (a sign-off names the decision's or review's id there).
import type { ReadDb } from '../db/handle.ts';

/** The id the row had in the database where it was first written (its id here when it was written here). */
export function signedIdOf(db: ReadDb, table: string, localId: number | null): number | null {
  if (localId === null) return null;
  const o = db.prepare('SELECT origin_id FROM bundle_origins WHERE tbl = ? AND local_id = ?').pluck().get(table, localId) as number | undefined;
  return o ?? localId;
}

/**
 * Whether a stored signature arrived in a case bundle: its signed text and key were checked when
 * the bundle was imported, and the bundle's signer (a key this database's user accepted) vouched
 * for it; the signer need not be a user of this database.
 */
export function arrivedInBundle(db: ReadDb, signatureId: number): { database: string; id: number } | null {
  const o = db.prepare(`SELECT origin_db, origin_id FROM bundle_origins WHERE tbl = 'signatures' AND local_id = ?`).get(signatureId) as { origin_db: string; origin_id: number } | undefined;
  return o ? { database: o.origin_db, id: o.origin_id } : null;
}
