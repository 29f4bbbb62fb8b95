import type { ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { heatmap } from '../../../shared/activity/hours.ts';
import type { Heatmap } from '../../../shared/activity/types.ts';

/** Weekday × hour counts of a case's activity (one account or all), in the claimed zone (else the given one, else UTC). */
export function caseHeatmap(db: ReadDb, caseId: number, account?: string, zone?: string): Heatmap {
  const accounts = stmt(db, 'SELECT DISTINCT account FROM login_events WHERE case_id = ? ORDER BY account').pluck().all(caseId) as string[];
  const claimed = stmt(db, `SELECT zone FROM activity_imports WHERE case_id = ? AND zone IS NOT NULL ORDER BY id DESC LIMIT 1`).pluck().get(caseId) as string | undefined;
  const z = zone ?? claimed ?? 'UTC';
  // Streamed: the times are counted into the 7 × 24 cells as they are read.
  const ts = (account
    ? stmt(db, 'SELECT ts FROM login_events WHERE case_id = ? AND account = ?').pluck().iterate(caseId, account)
    : stmt(db, 'SELECT ts FROM login_events WHERE case_id = ?').pluck().iterate(caseId)) as IterableIterator<number>;
  const cells = heatmap(ts, z);
  const total = cells.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  return { zone: z, account: account ?? null, accounts, total, cells };
}
