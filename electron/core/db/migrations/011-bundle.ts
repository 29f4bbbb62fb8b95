import { randomUUID } from 'node:crypto';
import type { Migration } from '../migrate.ts';

/**
 * The case bundle (one case handed from officer to counsel and back):
 * - settings 'database.id': this database's own identity, named in every bundle it exports, so a
 *   row that comes back is known as its own;
 * - bundle_origins: a row that came from another database, by table, keeps where it came from
 *   (that database's id and its id there), so a newer bundle of the same case updates it instead
 *   of adding it twice;
 * - bundle_exchanges: every bundle exported or imported (its manifest's SHA-256, who, when, from
 *   or to whom) with the fingerprints of the case's rows at that moment: what changed since is
 *   what differs from them;
 * - bundle_audit_copies: the audit events of the case written in another database, as they came;
 * - bundle_trusted_keys: the signing keys of other databases' users that this one accepts bundles from;
 * - bundle_identities: each user's X25519 key for bundles encrypted to them, sealed under the data key.
 */
export const m011: Migration = {
  version: 11,
  name: 'bundle',
  up(db) {
    db.prepare(`INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('database.id', ?, ?)`).run(randomUUID(), new Date().toISOString());
    db.exec(`
      CREATE TABLE bundle_origins (
        tbl TEXT NOT NULL,
        local_id INTEGER NOT NULL,
        origin_db TEXT NOT NULL,
        origin_id INTEGER NOT NULL,
        PRIMARY KEY (tbl, origin_db, origin_id),
        UNIQUE (tbl, local_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE bundle_exchanges (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
        manifest_sha256 TEXT NOT NULL,
        bundle_id TEXT NOT NULL,
        exported_by TEXT NOT NULL,
        exporter_key TEXT NOT NULL,
        exported_at TEXT NOT NULL,
        source_db TEXT NOT NULL,
        recipient TEXT,
        by_user TEXT NOT NULL,
        at TEXT NOT NULL,
        row_hashes TEXT NOT NULL,
        changes TEXT
      ) STRICT;
      CREATE INDEX bundle_exchanges_case ON bundle_exchanges (case_id, id);
      CREATE UNIQUE INDEX bundle_exchanges_import ON bundle_exchanges (manifest_sha256) WHERE direction = 'import';

      CREATE TABLE bundle_audit_copies (
        origin_db TEXT NOT NULL,
        seq INTEGER NOT NULL,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        origin_case_id INTEGER,
        entity TEXT NOT NULL,
        entity_id TEXT,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (origin_db, seq)
      ) STRICT;
      CREATE INDEX bundle_audit_copies_case ON bundle_audit_copies (case_id, at);
      CREATE TRIGGER bundle_audit_copies_no_update BEFORE UPDATE ON bundle_audit_copies BEGIN
        SELECT RAISE(ABORT, 'audit events copied from another database are never changed');
      END;
      CREATE TRIGGER bundle_audit_copies_no_delete BEFORE DELETE ON bundle_audit_copies BEGIN
        SELECT RAISE(ABORT, 'audit events copied from another database are never deleted');
      END;

      CREATE TABLE bundle_trusted_keys (
        public_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        recipient TEXT,
        source_db TEXT,
        trusted_by TEXT NOT NULL,
        trusted_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE bundle_identities (
        user_name TEXT PRIMARY KEY COLLATE NOCASE,
        recipient TEXT NOT NULL,
        sealed TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
