import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { AppError } from '../../../shared/errors.ts';
import { CATALOG_VERSION } from '../../../shared/indicators/catalog.ts';
import type { RiskBand } from '../../../shared/indicators/score.ts';
import { currentWeights } from './weights.ts';

export type StateRow = { case_id: number; catalog_version: number; score: number; band: RiskBand; weights: string; contributions: string; computed_at: string | null };

/**
 * Creates a new case's indicator state, in the transaction that creates the case: that moment
 * freezes the catalog version the case is assessed against until an officer upgrades it. Returns
 * the version, which the case's "created" audit event records.
 */
export function createIndicatorState(db: Db, caseId: number): number {
  stmt(db, 'INSERT INTO case_indicator_state (case_id, catalog_version, weights) VALUES (?, ?, ?)').run(caseId, CATALOG_VERSION, JSON.stringify(currentWeights(db)));
  return CATALOG_VERSION;
}

/** The case's indicator state; every case has one from its creation (migration 006 gave one to older cases). */
export function indicatorState(db: ReadDb, c: { id: number; number: string }): StateRow {
  const row = stmt(db, 'SELECT * FROM case_indicator_state WHERE case_id = ?').get(c.id) as StateRow | undefined;
  if (!row) throw new AppError('internal', `${c.number} has no indicator checklist: the database is missing a row every case gets when it is created.`);
  return row;
}
