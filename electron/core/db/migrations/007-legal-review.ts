import type { Migration } from '../migrate.ts';

/**
 * Counsel's review, second part: the published history of the IEEPA statutory maximum, payments
 * in virtual currency (exact decimal amounts, transaction hash, wallets), the General Factors
 * counsel records, payments counsel marks blocked or rejected, and the filings among the report
 * exports.
 */
export const m007: Migration = {
  version: 7,
  name: 'legal-review',
  up(db) {
    db.exec(`
      -- The IEEPA amounts in force before 2025 (31 CFR 510.701(a)(2) as adjusted by OFAC's yearly
      -- inflation rules), each from the effective date its Federal Register notice states.
      INSERT OR IGNORE INTO statutory_maximums (effective_from, amount_cents, note, set_by, set_at) VALUES
        ('2022-02-09', 33094700, 'OFAC inflation adjustment, 87 FR 7369 (2022-02-09), effective 2022-02-09', 'Casebook', '2022-02-09T00:00:00.000Z'),
        ('2023-01-13', 35657900, 'OFAC inflation adjustment, 88 FR 2229 (2023-01-13), effective 2023-01-13', 'Casebook', '2023-01-13T00:00:00.000Z'),
        ('2024-01-12', 36813600, 'OFAC inflation adjustment, 89 FR 2139 (2024-01-12), effective 2024-01-12', 'Casebook', '2024-01-12T00:00:00.000Z');
      UPDATE statutory_maximums SET note = 'OFAC inflation adjustment, 90 FR 3687 (2025-01-15), effective 2025-01-15'
        WHERE effective_from = '2025-01-15' AND set_by = 'Casebook';

      -- Payments gain virtual currency: an exact decimal amount (text, up to 18 decimals) instead of
      -- minor units, asset codes of up to five letters, the transaction hash and the wallets.
      CREATE TABLE payments_new (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        paid_on TEXT NOT NULL,
        amount_minor INTEGER CHECK (amount_minor IS NULL OR amount_minor > 0),
        amount_native TEXT CHECK (amount_native IS NULL OR amount_native GLOB '[0-9]*'),
        currency TEXT NOT NULL CHECK (length(currency) BETWEEN 3 AND 5),
        rail TEXT NOT NULL,
        payee_name TEXT NOT NULL,
        payee_account TEXT NOT NULL DEFAULT '',
        payee_country TEXT NOT NULL DEFAULT '',
        intermediary TEXT NOT NULL DEFAULT '',
        reference TEXT NOT NULL DEFAULT '',
        tx_hash TEXT NOT NULL DEFAULT '',
        wallet_from TEXT NOT NULL DEFAULT '',
        wallet_to TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL CHECK (source IN ('manual', 'import')),
        import_id INTEGER REFERENCES payment_imports (id),
        import_line INTEGER,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        CHECK ((amount_minor IS NULL) <> (amount_native IS NULL))
      ) STRICT;
      INSERT INTO payments_new (id, case_id, paid_on, amount_minor, currency, rail, payee_name, payee_account, payee_country, intermediary, reference,
        source, import_id, import_line, created_by, created_at)
      SELECT id, case_id, paid_on, amount_minor, currency, rail, payee_name, payee_account, payee_country, intermediary, reference,
        source, import_id, import_line, created_by, created_at FROM payments;
      DROP TABLE payments;
      ALTER TABLE payments_new RENAME TO payments;
      CREATE INDEX payments_case ON payments (case_id, paid_on, id);
      CREATE INDEX payments_account ON payments (payee_account) WHERE payee_account <> '';

      -- App. A section III: counsel's view of each General Factor, one row per case and factor
      -- (the audit chain keeps every earlier view).
      CREATE TABLE legal_factors (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        factor TEXT NOT NULL CHECK (factor IN ('wilfulness', 'awareness', 'harm', 'individual', 'compliance_program', 'remedial_response',
          'cooperation', 'timing', 'other_enforcement', 'future_compliance', 'other')),
        assessment TEXT NOT NULL CHECK (assessment IN ('aggravating', 'mitigating', 'neutral')),
        note TEXT NOT NULL,
        exhibits TEXT NOT NULL DEFAULT '[]',
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (case_id, factor)
      ) STRICT, WITHOUT ROWID;

      -- A payment counsel marks blocked (31 CFR 501.603) or rejected (31 CFR 501.604), with the
      -- remediation task that tracks the report due to OFAC.
      CREATE TABLE payment_blocks (
        payment_id INTEGER PRIMARY KEY REFERENCES payments (id),
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('blocked', 'rejected')),
        on_date TEXT NOT NULL,
        note TEXT NOT NULL,
        report_due TEXT NOT NULL,
        task_id INTEGER REFERENCES remediation_tasks (id),
        marked_by TEXT NOT NULL,
        marked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX payment_blocks_case ON payment_blocks (case_id);

      -- The filings counsel prints join the exports' custody trail.
      CREATE TABLE report_exports_new (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('summary', 'legal', 'vsd', 'blocked', 'ic3')),
        paper TEXT NOT NULL CHECK (paper IN ('a4', 'letter')),
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        pages INTEGER,
        audit_head TEXT NOT NULL,
        exported_by TEXT NOT NULL,
        exported_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO report_exports_new SELECT id, case_id, kind, paper, sha256, bytes, pages, audit_head, exported_by, exported_at FROM report_exports;
      DROP TABLE report_exports;
      ALTER TABLE report_exports_new RENAME TO report_exports;
      CREATE INDEX report_exports_case ON report_exports (case_id, id);
    `);
  },
};
