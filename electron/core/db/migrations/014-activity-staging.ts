import type { Migration } from '../migrate.ts';
import { networkOf } from '../../../../shared/activity/address.ts';

/**
 * A login import is staged: its rows are written in short transactions, one batch at a time, under
 * an import record in state 'staging' that every reader leaves out, and the import becomes visible
 * in one short final write that sets it 'done'. Nobody waits for the whole file any more.
 * `staging_pid` names the process staging it (a staging import whose process is gone is removed);
 * `staging_first_id` is the lowest row id its rows can have (removal scans from there).
 * activity_staged_ips holds the import's part of the cross-case address index while it is staged,
 * when it grows too large to keep in memory.
 * case_ips.net is the network an address counts as in the cross-case look-up (NA-02): an IPv4
 * address itself, an IPv6 address's /64 (privacy addresses rotate within it); filled in here for
 * the addresses already indexed.
 */
export const m014: Migration = {
  version: 14,
  name: 'activity-staging',
  up(db) {
    db.exec(`
      ALTER TABLE activity_imports ADD COLUMN state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('staging', 'done'));
      ALTER TABLE activity_imports ADD COLUMN staging_pid INTEGER;
      ALTER TABLE activity_imports ADD COLUMN staging_first_id INTEGER;
      CREATE TABLE activity_staged_ips (
        import_id INTEGER NOT NULL,
        ip TEXT NOT NULL,
        account TEXT NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        events INTEGER NOT NULL,
        net TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_staged_ips_import ON activity_staged_ips (import_id);
      ALTER TABLE case_ips ADD COLUMN net TEXT;
      UPDATE case_ips SET net = ip WHERE instr(ip, ':') = 0;
    `);
    const setNet = db.prepare('UPDATE case_ips SET net = ? WHERE ip = ?');
    for (const ip of db.prepare("SELECT DISTINCT ip FROM case_ips WHERE instr(ip, ':') > 0").pluck().all() as string[]) setNet.run(networkOf(ip), ip);
    db.exec('CREATE INDEX case_ips_net ON case_ips (net, case_id)');
  },
};
