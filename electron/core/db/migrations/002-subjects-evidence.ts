import type { Migration } from '../migrate.ts';

export const m002: Migration = {
  version: 2,
  name: 'subjects-evidence',
  up(db) {
    db.exec(`
      CREATE TABLE subjects (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        nationality TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        timezone TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('worker', 'facilitator', 'referrer', 'staffing_firm', 'other')),
        platforms TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX subjects_case ON subjects (case_id, id);

      -- Content-addressed files: one row per distinct SHA-256, however many exhibits share it.
      CREATE TABLE evidence_blobs (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        mime TEXT NOT NULL,
        stored_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE exhibits (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        seq INTEGER NOT NULL,
        number TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'note', 'url')),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        acquired_at TEXT NOT NULL,
        acquired_by TEXT NOT NULL,
        original_name TEXT,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        url TEXT,
        body TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        retracted_at TEXT,
        retracted_by TEXT,
        retraction_reason TEXT,
        UNIQUE (case_id, seq),
        CHECK (kind <> 'file' OR body IS NULL)
      ) STRICT;
      CREATE INDEX exhibits_sha ON exhibits (sha256);
      CREATE TRIGGER exhibits_no_delete BEFORE DELETE ON exhibits BEGIN
        SELECT RAISE(ABORT, 'exhibits are never deleted; retract the exhibit instead');
      END;
      CREATE TRIGGER exhibits_fixed BEFORE UPDATE OF case_id, seq, number, kind, sha256, size, url, body, original_name ON exhibits BEGIN
        SELECT RAISE(ABORT, 'an exhibit''s content and number never change; retract it and add a new one');
      END;

      CREATE TABLE exhibit_subjects (
        exhibit_id INTEGER NOT NULL REFERENCES exhibits (id),
        subject_id INTEGER NOT NULL REFERENCES subjects (id),
        PRIMARY KEY (exhibit_id, subject_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE identifiers (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        subject_id INTEGER REFERENCES subjects (id),
        kind TEXT NOT NULL,
        value_norm TEXT NOT NULL,
        display TEXT NOT NULL,
        qualifier TEXT,
        details TEXT NOT NULL DEFAULT '{}',
        exhibit_id INTEGER REFERENCES exhibits (id),
        seen_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      -- (kind, value) finds every case holding an identifier at once; value alone serves the case search.
      CREATE INDEX identifiers_lookup ON identifiers (kind, value_norm, case_id);
      CREATE INDEX identifiers_value ON identifiers (value_norm, case_id);
      CREATE INDEX identifiers_case ON identifiers (case_id, kind);
    `);
  },
};
