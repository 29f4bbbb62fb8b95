import type { Migration } from '../migrate.ts';

export const m005: Migration = {
  version: 5,
  name: 'decisions-legal',
  up(db) {
    db.exec(`
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('clear', 'monitor', 'restrict_access', 'terminate', 'notify_platform',
          'refer_law_enforcement', 'escalate_counsel', 'self_disclose_ofac')),
        rationale TEXT NOT NULL,
        final INTEGER NOT NULL CHECK (final IN (0, 1)),
        indicators TEXT NOT NULL DEFAULT '[]',
        exhibits TEXT NOT NULL DEFAULT '[]',
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        supersedes INTEGER UNIQUE REFERENCES decisions (id)
      ) STRICT;
      CREATE INDEX decisions_case ON decisions (case_id, id);

      CREATE TABLE decision_signoffs (
        decision_id INTEGER NOT NULL REFERENCES decisions (id),
        role TEXT NOT NULL CHECK (role IN ('officer', 'counsel')),
        signer TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        PRIMARY KEY (decision_id, role)
      ) STRICT, WITHOUT ROWID;

      -- A decision is a record: never rewritten, never deleted; a change is a new decision that supersedes it.
      CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN
        SELECT RAISE(ABORT, 'decisions are immutable; record a new decision that supersedes it');
      END;
      CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN
        SELECT RAISE(ABORT, 'decisions are never deleted; supersede it instead');
      END;
      CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON decision_signoffs BEGIN
        SELECT RAISE(ABORT, 'sign-offs are immutable');
      END;
      CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON decision_signoffs BEGIN
        SELECT RAISE(ABORT, 'sign-offs are never deleted');
      END;

      CREATE TABLE remediation_tasks (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('revoke_access', 'recover_devices', 'stop_payments', 'preserve_logs',
          'notify_platform', 'file_ic3', 'file_ofac', 'other')),
        title TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL,
        due_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        evidence TEXT NOT NULL DEFAULT '',
        completed_at TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      -- The case list counts overdue tasks per row: open work by due date, per case.
      CREATE INDEX remediation_open_due ON remediation_tasks (case_id, due_on) WHERE status IN ('open', 'in_progress');

      CREATE TABLE payment_imports (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        exhibit_ref TEXT,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        paid_on TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        rail TEXT NOT NULL,
        payee_name TEXT NOT NULL,
        payee_account TEXT NOT NULL DEFAULT '',
        payee_country TEXT NOT NULL DEFAULT '',
        intermediary TEXT NOT NULL DEFAULT '',
        reference TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL CHECK (source IN ('manual', 'import')),
        import_id INTEGER REFERENCES payment_imports (id),
        import_line INTEGER,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX payments_case ON payments (case_id, paid_on, id);
      CREATE INDEX payments_account ON payments (payee_account) WHERE payee_account <> '';

      CREATE TABLE fx_rates (
        currency TEXT NOT NULL,
        date TEXT NOT NULL,
        usd_per_unit_e10 INTEGER NOT NULL CHECK (usd_per_unit_e10 > 0),
        entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        PRIMARY KEY (currency, date)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE statutory_maximums (
        effective_from TEXT PRIMARY KEY,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        note TEXT NOT NULL DEFAULT '',
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO statutory_maximums (effective_from, amount_cents, note, set_by, set_at)
      VALUES ('2025-01-15', 37770000, '31 CFR 510.701(a)(2), inflation adjustment effective 2025-01-15', 'Casebook', '2025-01-15T00:00:00.000Z');

      CREATE TABLE legal_reviews (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        privilege TEXT NOT NULL CHECK (privilege IN ('attorney_client', 'work_product', 'attorney_client_work_product')),
        egregious INTEGER NOT NULL CHECK (egregious IN (0, 1)),
        vsd INTEGER NOT NULL CHECK (vsd IN (0, 1)),
        culpability_rationale TEXT NOT NULL,
        determination TEXT NOT NULL,
        recommendation TEXT NOT NULL CHECK (recommendation IN ('self_disclose', 'do_not_self_disclose', 'undetermined')),
        recommendation_rationale TEXT NOT NULL,
        reviewed_by TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        signed_by TEXT,
        signed_at TEXT,
        supersedes INTEGER UNIQUE REFERENCES legal_reviews (id)
      ) STRICT;
      CREATE INDEX legal_reviews_case ON legal_reviews (case_id, id);
      -- The only change a review ever sees is its signature; after that it is a record.
      CREATE TRIGGER legal_reviews_signed_only BEFORE UPDATE ON legal_reviews
      WHEN old.signed_by IS NOT NULL
        OR new.privilege IS NOT old.privilege OR new.egregious IS NOT old.egregious OR new.vsd IS NOT old.vsd
        OR new.culpability_rationale IS NOT old.culpability_rationale OR new.determination IS NOT old.determination
        OR new.recommendation IS NOT old.recommendation OR new.recommendation_rationale IS NOT old.recommendation_rationale
        OR new.reviewed_by IS NOT old.reviewed_by OR new.reviewed_at IS NOT old.reviewed_at
        OR new.case_id IS NOT old.case_id OR new.supersedes IS NOT old.supersedes
      BEGIN
        SELECT RAISE(ABORT, 'a legal review is immutable once written, except for its signature');
      END;
      CREATE TRIGGER legal_reviews_no_delete BEFORE DELETE ON legal_reviews BEGIN
        SELECT RAISE(ABORT, 'legal reviews are never deleted; supersede it instead');
      END;

      CREATE TABLE report_exports (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('summary', 'legal')),
        paper TEXT NOT NULL CHECK (paper IN ('a4', 'letter')),
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        pages INTEGER,
        audit_head TEXT NOT NULL,
        exported_by TEXT NOT NULL,
        exported_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX report_exports_case ON report_exports (case_id, id);
    `);
  },
};
