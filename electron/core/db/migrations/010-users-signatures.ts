import type { Migration } from '../migrate.ts';

/**
 * Users who sign in and sign (DESIGN.md "Keys, users and signatures"):
 * - users: the administrator flag (the first user registered is the administrator), the user's
 *   Ed25519 public key and private key sealed under the database's data key (AES-256-GCM; never
 *   stored plain), and when the pair was made. An existing user gets a pair on their next sign-in.
 * - signatures: a sign-off (a decision's, a counsel review's) is a signature over the canonical
 *   JSON of what was signed, kept with the exact text signed and the signer's public key.
 * - audit_checkpoints: a signed (sequence number, head hash, time) of the audit chain, recorded at
 *   each sign-off, report export and backup, so that cutting off the newest events shows.
 * - legal_reviews.sign_reason: why counsel signed; legal_review_shares: a privileged review counsel
 *   chose to show to officers.
 */
export const m010: Migration = {
  version: 10,
  name: 'users-signatures',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1));
      ALTER TABLE users ADD COLUMN public_key TEXT;
      ALTER TABLE users ADD COLUMN sealed_key TEXT;
      ALTER TABLE users ADD COLUMN key_created_at TEXT;
      UPDATE users SET admin = 1 WHERE id = (SELECT min(id) FROM users);

      CREATE TABLE signatures (
        id INTEGER PRIMARY KEY,
        case_id INTEGER REFERENCES cases (id),
        what TEXT NOT NULL CHECK (what IN ('decision', 'legal_review')),
        what_id INTEGER NOT NULL,
        role TEXT NOT NULL,
        signer TEXT NOT NULL,
        public_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        signature TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        UNIQUE (what, what_id, role)
      ) STRICT;
      CREATE INDEX signatures_case ON signatures (case_id, id);
      CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures BEGIN
        SELECT RAISE(ABORT, 'signatures are immutable');
      END;
      CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN
        SELECT RAISE(ABORT, 'signatures are never deleted');
      END;

      CREATE TABLE audit_checkpoints (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        head TEXT NOT NULL,
        at TEXT NOT NULL,
        occasion TEXT NOT NULL CHECK (occasion IN ('sign-off', 'report', 'backup')),
        signer TEXT NOT NULL,
        public_key TEXT NOT NULL,
        signature TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN
        SELECT RAISE(ABORT, 'checkpoints are immutable');
      END;
      CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN
        SELECT RAISE(ABORT, 'checkpoints are never deleted');
      END;

      ALTER TABLE legal_reviews ADD COLUMN sign_reason TEXT;
      CREATE TABLE legal_review_shares (
        review_id INTEGER PRIMARY KEY REFERENCES legal_reviews (id),
        shared_by TEXT NOT NULL,
        shared_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
