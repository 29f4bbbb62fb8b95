import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { heatmap } from '../../../shared/activity/hours.ts';
import type { Heatmap } from '../../../shared/activity/types.ts';

/** Weekday × hour counts of a case's activity (one account or all), in the claimed zone (else the given one, else UTC). */
export function caseHeatmap(db: Db, caseId: number, account?: string, zone?: string): Heatmap {
  const accounts = stmt(db, 'SELECT DISTINCT account FROM login_events WHERE case_id = ? ORDER BY account').pluck().all(caseId) as string[];
  const claimed = stmt(db, `SELECT zone FROM activity_imports WHERE case_id = ? AND zone IS NOT NULL ORDER BY id DESC LIMIT 1`).pluck().get(caseId) as string | undefined;
  const z = zone ?? claimed ?? 'UTC';
  const ts = (account
    ? stmt(db, 'SELECT ts FROM login_events WHERE case_id = ? AND account = ?').pluck().all(caseId, account)
    : stmt(db, 'SELECT ts FROM login_events WHERE case_id = ?').pluck().all(caseId)) as number[];
  const positions = Uint32Array.from({ length: ts.length }, (_, i) => i);
  return { zone: z, account: account ?? null, accounts, total: ts.length, cells: heatmap(ts, positions, z) };
}
