import type { ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { heatmap } from '../../../shared/activity/hours.ts';
import type { Heatmap } from '../../../shared/activity/types.ts';

/** Weekday × hour counts of a case's activity (one account or all), in the claimed zone (else the given one, else UTC). */
export function caseHeatmap(db: ReadDb, caseId: number, account?: string, zone?: string): Heatmap {
  // A staged import's rows are not shown (see writer.ts). Without one in the case, the rows there are now
  // (ids up to the highest) are read from the index alone; rows staged later get higher ids.
  const top = stmt(db, 'SELECT coalesce(max(id), 0) FROM login_events').pluck().get() as number;
  const staging = stmt(db, "SELECT 1 FROM activity_imports WHERE case_id = ? AND state = 'staging' LIMIT 1").get(caseId) !== undefined;
  const visible = staging ? "import_id NOT IN (SELECT id FROM activity_imports WHERE state = 'staging')" : 'id <= ?';
  const bound = staging ? [] : [top];
  const accounts = stmt(db, `SELECT DISTINCT account FROM login_events WHERE case_id = ? AND ${visible} ORDER BY account`).pluck().all(caseId, ...bound) as string[];
  const claimed = stmt(db, `SELECT zone FROM activity_imports WHERE case_id = ? AND zone IS NOT NULL AND state = 'done' ORDER BY id DESC LIMIT 1`).pluck().get(caseId) as string | undefined;
  const z = zone ?? claimed ?? 'UTC';
  // Streamed: the times are counted into the 7 × 24 cells as they are read.
  const ts = (account
    ? stmt(db, `SELECT ts FROM login_events WHERE case_id = ? AND account = ? AND ${visible}`).pluck().iterate(caseId, account, ...bound)
    : stmt(db, `SELECT ts FROM login_events WHERE case_id = ? AND ${visible}`).pluck().iterate(caseId, ...bound)) as IterableIterator<number>;
  const cells = heatmap(ts, z);
  const total = cells.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  return { zone: z, account: account ?? null, accounts, total, cells };
}
