import type { Migration } from '../migrate.ts';

/**
 * The cross-case address index (case_ips) keeps each login import's entries apart, under its
 * import id, instead of merging them per case. A staged import writes its entries as it goes
 * (spilling from memory when it meets many addresses) and they become visible with the import
 * itself, when its state turns 'done': the final write no longer copies or merges a million
 * entries while holding the database, and nothing is sorted in memory at the end. Readers leave
 * out the entries of imports still staged, as they do with their rows. The entries indexed
 * before keep import id 0 (they were merged; always visible). activity_staged_ips keeps the sorted
 * runs an import with many addresses writes while staged (activity/address-runs.ts). Keyed by case and import first: an import's entries are one range of the table (written
 * in address order within it, removed as a range), and a case's addresses are read without a scan;
 * the look-up by address goes through case_ips_net as before.
 */
export const m015: Migration = {
  version: 15,
  name: 'case-ips-by-import',
  up(db) {
    db.exec(`
      CREATE TABLE case_ips_by_import (
        ip TEXT NOT NULL,
        case_id INTEGER NOT NULL,
        account TEXT NOT NULL,
        import_id INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        events INTEGER NOT NULL,
        net TEXT,
        PRIMARY KEY (case_id, import_id, ip, account)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO case_ips_by_import (ip, case_id, account, import_id, first_ts, last_ts, events, net)
        SELECT ip, case_id, account, 0, first_ts, last_ts, events, net FROM case_ips;
      DROP TABLE case_ips;
      ALTER TABLE case_ips_by_import RENAME TO case_ips;
      CREATE INDEX case_ips_net ON case_ips (net, case_id);
    `);
  },
};
