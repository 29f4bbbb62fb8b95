import type { Migration } from '../migrate.ts';

/**
 * The OFAC SDN list, one imported version beside another (screening results name the version they
 * used, so an old version is never overwritten), the token index used for name screening, and the
 * screenings stored in cases.
 */
export const m004: Migration = {
  version: 4,
  name: 'sanctions',
  up(db) {
    db.exec(`
      CREATE TABLE sanctions_versions (
        id INTEGER PRIMARY KEY,
        published TEXT NOT NULL,
        published_source TEXT NOT NULL CHECK (published_source IN ('entered', 'file-date')),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        sdn_sha256 TEXT NOT NULL,
        alt_sha256 TEXT,
        add_sha256 TEXT,
        entries INTEGER NOT NULL,
        aliases INTEGER NOT NULL,
        addresses INTEGER NOT NULL,
        identifiers INTEGER NOT NULL,
        orphans_alt INTEGER NOT NULL,
        orphans_add INTEGER NOT NULL,
        -- The alt.csv/add.csv rows naming an ent_num absent from sdn.csv: [{file, line, entNum, refNum, text}].
        orphan_list TEXT NOT NULL DEFAULT '[]'
      ) STRICT;

      CREATE TABLE sanctions_entries (
        version_id INTEGER NOT NULL REFERENCES sanctions_versions (id),
        ent_num INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('individual', 'entity', 'vessel', 'aircraft')),
        programs TEXT NOT NULL,
        title TEXT,
        call_sign TEXT,
        vessel_type TEXT,
        tonnage TEXT,
        grt TEXT,
        vessel_flag TEXT,
        vessel_owner TEXT,
        remarks TEXT,
        -- Every typed fact parsed from the remarks (DOB, nationality, documents, wallets, …) as JSON.
        facts TEXT NOT NULL,
        PRIMARY KEY (version_id, ent_num)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sanctions_names (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES sanctions_versions (id),
        ent_num INTEGER NOT NULL,
        alt_num INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('primary', 'aka', 'fka', 'nka')),
        source TEXT NOT NULL CHECK (source IN ('sdn', 'alt', 'remarks')),
        name TEXT NOT NULL,
        remarks TEXT
      ) STRICT;
      CREATE INDEX sanctions_names_entry ON sanctions_names (version_id, ent_num);

      -- Name screening's index: one row per distinct canonical token, with the ids of the names that
      -- hold it. Keyed by length so that a misspelt query token finds listed tokens of a similar
      -- length sharing its first half (primary key range) or its last half (rev index range).
      CREATE TABLE sanctions_vocab (
        version_id INTEGER NOT NULL,
        len INTEGER NOT NULL,
        token TEXT NOT NULL,
        rev TEXT NOT NULL,
        df INTEGER NOT NULL,
        postings TEXT NOT NULL,
        PRIMARY KEY (version_id, len, token)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sanctions_vocab_rev ON sanctions_vocab (version_id, len, rev, token, df);

      -- Identifiers compared exactly (wallets, documents, registrations), by their normalised value.
      CREATE TABLE sanctions_identifiers (
        version_id INTEGER NOT NULL REFERENCES sanctions_versions (id),
        norm TEXT NOT NULL,
        ent_num INTEGER NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        value TEXT NOT NULL,
        country TEXT,
        PRIMARY KEY (version_id, norm, ent_num, label)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sanctions_addresses (
        version_id INTEGER NOT NULL REFERENCES sanctions_versions (id),
        ent_num INTEGER NOT NULL,
        add_num INTEGER NOT NULL,
        address TEXT,
        city TEXT,
        country TEXT,
        remarks TEXT,
        PRIMARY KEY (version_id, ent_num, add_num)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sanctions_screenings (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        version_id INTEGER NOT NULL REFERENCES sanctions_versions (id),
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'new_version')),
        queries TEXT NOT NULL,
        threshold REAL NOT NULL,
        hits INTEGER NOT NULL,
        new_hits INTEGER NOT NULL,
        exhibit TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sanctions_screenings_case ON sanctions_screenings (case_id, id);

      CREATE TABLE sanctions_hits (
        id INTEGER PRIMARY KEY,
        screening_id INTEGER NOT NULL REFERENCES sanctions_screenings (id),
        case_id INTEGER NOT NULL REFERENCES cases (id),
        query_kind TEXT NOT NULL CHECK (query_kind IN ('name', 'identifier')),
        query TEXT NOT NULL,
        source TEXT NOT NULL,
        ent_num INTEGER NOT NULL,
        sdn_name TEXT NOT NULL,
        matched TEXT NOT NULL,
        matched_kind TEXT NOT NULL,
        sdn_type TEXT NOT NULL,
        programs TEXT NOT NULL,
        score REAL NOT NULL,
        why TEXT NOT NULL,
        is_new INTEGER NOT NULL CHECK (is_new IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
        reason TEXT,
        decided_by TEXT,
        decided_at TEXT
      ) STRICT;
      CREATE INDEX sanctions_hits_case ON sanctions_hits (case_id, ent_num);
      CREATE INDEX sanctions_hits_screening ON sanctions_hits (screening_id);
    `);
  },
};
