import type { Migration } from '../migrate.ts';

/**
 * Issue 14: range lists may be the company's own egress (`company_egress`), a case holds the
 * company devices of an MDM/EDR export (for EQ-02 laptop farms and NA-05 remote-access tools), and
 * a login record keeps its destination port.
 * SQLite cannot change a CHECK in place: the two range tables are made again, rows kept.
 */
export const m009: Migration = {
  version: 9,
  name: 'devices-egress',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE cidr_ranges_keep AS SELECT list_id, cidr FROM cidr_ranges;
      CREATE TEMP TABLE cidr_lists_keep AS SELECT id, name, kind, sha256, imported_by, imported_at FROM cidr_lists;
      DROP TABLE cidr_ranges;
      DROP TABLE cidr_lists;
      CREATE TABLE cidr_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('vpn', 'hosting', 'remote_desktop', 'company_egress', 'other')),
        sha256 TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE cidr_ranges (
        list_id INTEGER NOT NULL REFERENCES cidr_lists (id),
        cidr TEXT NOT NULL,
        PRIMARY KEY (list_id, cidr)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO cidr_lists SELECT * FROM cidr_lists_keep;
      INSERT INTO cidr_ranges SELECT * FROM cidr_ranges_keep;
      DROP TABLE cidr_ranges_keep;
      DROP TABLE cidr_lists_keep;

      CREATE TABLE device_imports (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        exhibit TEXT,
        devices INTEGER NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (case_id, sha256)
      ) STRICT;
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        import_id INTEGER NOT NULL REFERENCES device_imports (id),
        line INTEGER NOT NULL,
        device TEXT NOT NULL,
        serial TEXT NOT NULL,
        user TEXT NOT NULL,
        ip TEXT,
        software TEXT NOT NULL,
        address TEXT NOT NULL
      ) STRICT;
      CREATE INDEX devices_case ON devices (case_id);

      -- The destination port of a login record, when the file has one (NA-04: remote desktop on 3389).
      ALTER TABLE login_events ADD COLUMN port INTEGER;
    `);
  },
};
