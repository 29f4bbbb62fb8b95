import type { Migration } from '../migrate.ts';

export const m003: Migration = {
  version: 3,
  name: 'indicators-activity',
  up(db) {
    db.exec(`
      -- The case list sorts by risk through this column and its index; it is written in the same
      -- transaction as every assessment that changes the score (case_indicator_state.score).
      ALTER TABLE cases ADD COLUMN risk_score INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX cases_risk ON cases (risk_score, id);

      CREATE TABLE case_indicator_state (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id),
        catalog_version INTEGER NOT NULL,
        score INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
        band TEXT NOT NULL DEFAULT 'low' CHECK (band IN ('low', 'medium', 'high', 'critical')),
        weights TEXT NOT NULL DEFAULT '{}',
        contributions TEXT NOT NULL DEFAULT '[]',
        computed_at TEXT
      ) STRICT;

      CREATE TABLE indicator_assessments (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        indicator_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not_assessed', 'present', 'absent', 'inconclusive', 'not_applicable')),
        rationale TEXT NOT NULL DEFAULT '',
        exhibits TEXT NOT NULL DEFAULT '[]',
        assessed_by TEXT NOT NULL,
        assessed_at TEXT NOT NULL,
        PRIMARY KEY (case_id, indicator_id)
      ) STRICT;

      CREATE TABLE diligence_steps (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        step_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not_done', 'done', 'not_applicable')),
        date TEXT,
        note TEXT NOT NULL DEFAULT '',
        exhibits TEXT NOT NULL DEFAULT '[]',
        done_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (case_id, step_id)
      ) STRICT;

      CREATE TABLE activity_imports (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        exhibit TEXT,
        subject TEXT,
        zone TEXT,
        mapping TEXT NOT NULL DEFAULT '{}',
        events INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (case_id, sha256)
      ) STRICT;

      -- No foreign keys here: a million-row import pays for every per-row check, and rows are
      -- only ever written together with their import row, in one transaction.
      CREATE TABLE login_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL,
        import_id INTEGER NOT NULL,
        line INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        account TEXT NOT NULL,
        ip TEXT NOT NULL,
        country TEXT,
        country_source TEXT CHECK (country_source IN ('record', 'geoip')),
        event TEXT,
        session_id TEXT,
        user_agent TEXT
      ) STRICT;
      CREATE INDEX login_events_case ON login_events (case_id, ts);

      -- Which accounts of which cases used an address, and when first and last: the cross-case
      -- look-up (NA-02) starts here. An index on login_events (ip) would do the same job but
      -- doubles the cost of a large import, as its inserts land all over the tree.
      CREATE TABLE case_ips (
        ip TEXT NOT NULL,
        case_id INTEGER NOT NULL,
        account TEXT NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (ip, case_id, account)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE activity_findings (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        key TEXT NOT NULL,
        indicator_id TEXT NOT NULL,
        detector TEXT NOT NULL,
        account TEXT,
        ips TEXT NOT NULL,
        countries TEXT NOT NULL,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL,
        detail TEXT NOT NULL,
        events TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (case_id, key)
      ) STRICT;
      CREATE INDEX activity_findings_indicator ON activity_findings (case_id, indicator_id, status);

      CREATE TABLE cidr_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('vpn', 'hosting', 'remote_desktop', 'other')),
        sha256 TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE cidr_ranges (
        list_id INTEGER NOT NULL REFERENCES cidr_lists (id),
        cidr TEXT NOT NULL,
        PRIMARY KEY (list_id, cidr)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
