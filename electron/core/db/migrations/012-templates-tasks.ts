import type { Migration } from '../migrate.ts';
import { appendAudit } from '../../audit/chain.ts';

type Seed = { name: string; description: string; priority: string; tags: string[]; diligence: string[]; tasks: { title: string; dueInDays: number; notes: string }[] };

// The three starting templates. Written here, not imported, so that this migration stays what it
// was when released; officers edit them in Settings (each edit is a new version).
const SEEDS: Seed[] = [
  {
    name: 'Suspected DPRK IT worker — freelance platform',
    description: 'A contractor engaged through a freelance marketplace shows signs of a false identity (camera refused, payout account in another name, logins from unexpected places).',
    priority: 'high',
    tags: ['dprk-it-worker', 'freelance-platform'],
    diligence: ['DD-01', 'DD-02', 'DD-06', 'DD-07', 'DD-09', 'DD-15', 'DD-16'],
    tasks: [
      { title: 'Screen the subject and every identifier against the OFAC lists', dueInDays: 2, notes: '' },
      { title: "Request the platform's identity-verification record for the account", dueInDays: 3, notes: 'Ask for the ID document, the selfie check and the date they were taken.' },
      { title: "Export the account's login history from the platform", dueInDays: 3, notes: 'Times with zone, IP addresses, devices.' },
      { title: 'Collect the payout account and payment method details', dueInDays: 5, notes: '' },
      { title: 'Compare profile photos and résumé with other applicants', dueInDays: 7, notes: '' },
    ],
  },
  {
    name: 'Suspected DPRK IT worker — direct hire via staffing firm',
    description: 'An employee placed by a staffing firm shows signs of a false identity or a laptop farm (equipment shipped elsewhere, remote-access tools, odd hours).',
    priority: 'high',
    tags: ['dprk-it-worker', 'staffing-firm'],
    diligence: ['DD-03', 'DD-04', 'DD-05', 'DD-08', 'DD-10', 'DD-11', 'DD-12', 'DD-14'],
    tasks: [
      { title: 'Screen the subject and every identifier against the OFAC lists', dueInDays: 2, notes: '' },
      { title: 'Confirm the laptop shipping address against the identity document', dueInDays: 3, notes: '' },
      { title: 'Pull the device inventory (MDM/EDR) for the issued laptop', dueInDays: 3, notes: 'Look for remote-access tools and unexpected peripherals.' },
      { title: 'Export VPN and single sign-on login records', dueInDays: 3, notes: '' },
      { title: "Request the staffing firm's vetting file and employment-eligibility record", dueInDays: 5, notes: '' },
      { title: 'Search HR systems for reused résumé text, phone numbers and e-mail addresses', dueInDays: 7, notes: '' },
    ],
  },
  {
    name: 'Payment anomaly',
    description: 'Payroll or contractor payments show an anomaly (payee in another name or country, virtual currency, a shared account).',
    priority: 'medium',
    tags: ['payment-anomaly'],
    diligence: ['DD-06', 'DD-07'],
    tasks: [
      { title: 'Export payroll and payout records for the period', dueInDays: 3, notes: '' },
      { title: 'Screen payees, accounts and wallets against the OFAC lists', dueInDays: 2, notes: '' },
      { title: 'Check whether payments were converted to virtual currency', dueInDays: 5, notes: '' },
      { title: 'Identify who owns each payee account', dueInDays: 7, notes: '' },
    ],
  },
];

/**
 * Case templates (each edit a new, immutable version; a case records the version it was made
 * from), investigation tasks (the work before any decision), and the partial indexes the home
 * dashboard counts through.
 * Numbered 012 for its area; `version` follows the migrations on this line.
 */
export const m012: Migration = {
  version: 12,
  name: 'templates-tasks',
  up(db) {
    db.exec(`
      CREATE TABLE case_templates (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        current_version INTEGER NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
      ) STRICT;

      CREATE TABLE case_template_versions (
        template_id INTEGER NOT NULL REFERENCES case_templates (id),
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
        tags TEXT NOT NULL DEFAULT '[]',
        diligence TEXT NOT NULL DEFAULT '[]',
        tasks TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
      ) STRICT, WITHOUT ROWID;
      -- A version is what cases were made from: never rewritten, never deleted.
      CREATE TRIGGER case_template_versions_no_update BEFORE UPDATE ON case_template_versions BEGIN
        SELECT RAISE(ABORT, 'a template version is immutable; save a new version instead');
      END;
      CREATE TRIGGER case_template_versions_no_delete BEFORE DELETE ON case_template_versions BEGIN
        SELECT RAISE(ABORT, 'template versions are never deleted; retire the template instead');
      END;

      -- Which template version a case was made from (none for a case made without one).
      CREATE TABLE case_origins (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id),
        template_id INTEGER NOT NULL,
        template_version INTEGER NOT NULL,
        FOREIGN KEY (template_id, template_version) REFERENCES case_template_versions (template_id, version)
      ) STRICT;
      CREATE INDEX case_origins_template ON case_origins (template_id);

      CREATE TABLE investigation_tasks (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        due_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        notes TEXT NOT NULL DEFAULT '',
        exhibits TEXT NOT NULL DEFAULT '[]',
        template_id INTEGER,
        template_version INTEGER,
        completed_at TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX investigation_tasks_case ON investigation_tasks (case_id, due_on);
      -- Open work by due date: per case (the list's task column) and across cases (the dashboard).
      CREATE INDEX investigation_open_case ON investigation_tasks (case_id, due_on) WHERE status IN ('open', 'in_progress');
      CREATE INDEX investigation_open_due ON investigation_tasks (due_on, owner, case_id) WHERE status IN ('open', 'in_progress');
      CREATE INDEX remediation_open_by_due ON remediation_tasks (due_on, owner, case_id) WHERE status IN ('open', 'in_progress');

      -- The dashboard's counts and the case list's filters on work awaiting a decision.
      CREATE INDEX sanctions_hits_open ON sanctions_hits (case_id) WHERE status = 'open';
      CREATE INDEX activity_findings_open ON activity_findings (case_id) WHERE status = 'open';
      -- Cases by status and risk score in one pass over a covering index (on the stored status:
      -- an index on the generated status_rank is not used as covering).
      CREATE INDEX cases_status_risk ON cases (status, risk_score);
    `);
    const now = new Date().toISOString();
    const addTemplate = db.prepare('INSERT INTO case_templates (name, current_version) VALUES (?, 1)');
    const addVersion = db.prepare(
      `INSERT INTO case_template_versions (template_id, version, name, description, priority, tags, diligence, tasks, created_by, created_at)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'Casebook', ?)`,
    );
    for (const t of SEEDS) {
      const id = Number(addTemplate.run(t.name).lastInsertRowid);
      addVersion.run(id, t.name, t.description, t.priority, JSON.stringify(t.tags), JSON.stringify(t.diligence), JSON.stringify(t.tasks), now);
      appendAudit(db, 'Casebook', { caseId: null, entity: 'template', entityId: String(id), action: 'created', after: { name: t.name, version: 1 } }, now);
    }
  },
};
