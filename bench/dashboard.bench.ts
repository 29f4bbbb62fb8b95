// The home dashboard and a case's front page on 100,000 cases, against the raw baseline of the
// same counts by plain SQL on better-sqlite3 without this feature's indexes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, openTestDb } from '../test/helpers/core.ts';
import { seedCases } from '../electron/core/cases/seed.ts';
import { dashboardCounts } from '../electron/core/dashboard/counts.ts';
import { caseOverview } from '../electron/core/dashboard/overview.ts';
import { seededRandom } from '../shared/random.ts';
import { median, percentile, report, time } from './lib.ts';

process.env.CASEBOOK_LOG_SLOW = '0';
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-'));
try {
  const file = join(dir, 'casebook.db');
  const db = openTestDatabase(file);
  const seedMs = time(() => seedCases(db, 'Bench', 100_000));
  console.log(`seeded 100,000 cases (audit included) in ${(seedMs / 1000).toFixed(1)} s; load average ${load()}`);

  // The open work around them, written directly (this bench measures reading it): 30,000
  // investigation and 10,000 remediation tasks (a third past due), 4,000 sanctions hits and 6,000
  // detector findings (half awaiting a decision), risk scores over the whole range, and one case
  // with 300 payments, 40 subjects and 200 exhibits-worth of identifiers.
  const raw = openTestDb(file);
  raw.pragma('foreign_keys = OFF');
  const r = seededRandom(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const owners = ['A. Rivera', 'J. Okafor', 'M. Lindqvist', 'S. Tanaka', 'P. Dubois', 'IT Security', 'Legal'];
  const day = (offset: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
  const now = new Date().toISOString();
  const fill = time(() => raw.transaction(() => {
    raw.prepare('UPDATE cases SET risk_score = abs(random()) % 101').run();
    const inv = raw.prepare(`INSERT INTO investigation_tasks (case_id, title, owner, due_on, status, created_by, created_at, updated_at) VALUES (?, 'Bench task', ?, ?, ?, 'Bench', ?, ?)`);
    for (let i = 0; i < 30_000; i++) inv.run(1 + Math.floor(r() * 100_000), pick(owners), day(Math.floor(r() * 90) - 30), pick(['open', 'open', 'in_progress', 'done', 'cancelled']), now, now);
    const rem = raw.prepare(`INSERT INTO remediation_tasks (case_id, kind, owner, due_on, status, created_by, created_at, updated_at) VALUES (?, 'revoke_access', ?, ?, ?, 'Bench', ?, ?)`);
    for (let i = 0; i < 10_000; i++) rem.run(1 + Math.floor(r() * 100_000), pick(owners), day(Math.floor(r() * 90) - 30), pick(['open', 'in_progress', 'done']), now, now);
    const hit = raw.prepare(`INSERT INTO sanctions_hits (screening_id, case_id, query_kind, query, source, ent_num, sdn_name, matched, matched_kind, sdn_type, programs, score, why, is_new, status)
      VALUES (1, ?, 'name', 'Bench', 'subject', 1, 'BENCH', 'BENCH', 'name', 'individual', '[]', 0.9, '{}', 1, ?)`);
    for (let i = 0; i < 4_000; i++) hit.run(1 + Math.floor(r() * 100_000), pick(['open', 'confirmed', 'dismissed', 'open']));
    const finding = raw.prepare(`INSERT INTO activity_findings (case_id, key, indicator_id, detector, ips, countries, from_at, to_at, detail, events, status, created_at)
      VALUES (?, ?, 'NA-01', 'bench', '[]', '[]', ?, ?, '{}', '[]', ?, ?)`);
    for (let i = 0; i < 6_000; i++) finding.run(1 + Math.floor(r() * 100_000), `bench-${i}`, now, now, pick(['open', 'accepted', 'dismissed', 'open']), now);
    const target = 50_000;
    const pay = raw.prepare(`INSERT INTO payments (case_id, paid_on, amount_minor, currency, rail, payee_name, source, created_by, created_at) VALUES (?, ?, ?, ?, 'bank_wire', 'Payee', 'manual', 'Bench', ?)`);
    for (let i = 0; i < 300; i++) pay.run(target, day(-Math.floor(r() * 300)), 10_000 + Math.floor(r() * 500_000), pick(['USD', 'USD', 'EUR']), now);
    const subj = raw.prepare(`INSERT INTO subjects (case_id, name, role, created_at, created_by, updated_at) VALUES (?, ?, 'worker', ?, 'Bench', ?)`);
    for (let i = 0; i < 40; i++) subj.run(target, `Subject ${i}`, now, now);
    const ident = raw.prepare(`INSERT INTO identifiers (case_id, kind, value_norm, display, created_at, created_by) VALUES (?, 'email', ?, ?, ?, 'Bench')`);
    for (let i = 0; i < 200; i++) ident.run(target, `bench${i}@example.com`, `bench${i}@example.com`, now);
    for (let i = 0; i < 25; i++) inv.run(target, pick(owners), day(Math.floor(r() * 60) - 30), 'open', now, now);
  })());
  raw.close();
  const number = (db.prepare('SELECT number FROM cases WHERE id = 50000').pluck().get() as string);
  console.log(`added tasks, hits, findings, payments in ${(fill / 1000).toFixed(1)} s`);

  const rounds = 30;
  const firstDash = time(() => dashboardCounts(db, { lastSuccess: null, lastError: null, stale: false, configured: false }));
  const dashTimes = Array.from({ length: rounds }, () => time(() => dashboardCounts(db, { lastSuccess: null, lastError: null, stale: false, configured: false })));
  const firstOverview = time(() => caseOverview(db, number));
  const overviewTimes = Array.from({ length: rounds }, () => time(() => caseOverview(db, number)));
  // The baseline: the same answers from plain SQL on plain better-sqlite3, reading the tables
  // without this feature's indexes (NOT INDEXED), as a dashboard without them would.
  const baseDb = openTestDb(file, { readonly: true });
  const today = new Date().toISOString().slice(0, 10);
  const baseline = [
    'SELECT status, risk_score, count(*) FROM cases NOT INDEXED GROUP BY status, risk_score',
    `SELECT owner, count(*), count(DISTINCT case_id) FROM (SELECT owner, case_id FROM investigation_tasks NOT INDEXED WHERE status IN ('open', 'in_progress') AND due_on < '${today}' UNION ALL SELECT owner, case_id FROM remediation_tasks NOT INDEXED WHERE status IN ('open', 'in_progress') AND due_on < '${today}') GROUP BY owner`,
    "SELECT count(*), count(DISTINCT case_id) FROM sanctions_hits NOT INDEXED WHERE status = 'open'",
    "SELECT count(*), count(DISTINCT case_id) FROM activity_findings NOT INDEXED WHERE status = 'open'",
  ].map((sql) => baseDb.prepare(sql));
  const baseTimes = Array.from({ length: rounds }, () => time(() => baseline.forEach((q) => q.all())));
  // Where the dashboard's time goes, query by query (the core's own SQL, on the same connection kind).
  for (const [name, sql, params] of [
    ['status × score', 'SELECT status, risk_score, count(*) FROM cases GROUP BY status, risk_score', []],
    ['overdue by owner', `SELECT owner, count(*), count(DISTINCT case_id) FROM (SELECT owner, case_id FROM investigation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ? UNION ALL SELECT owner, case_id FROM remediation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ?) GROUP BY owner`, [today, today]],
    ['open hits', "SELECT count(*), count(DISTINCT case_id) FROM sanctions_hits WHERE status = 'open'", []],
  ] as [string, string, string[]][]) {
    const q = baseDb.prepare(sql);
    console.log(`      ${name}: ${median(Array.from({ length: 15 }, () => time(() => q.all(...params)))).toFixed(1)} ms`);
  }
  baseDb.close();

  const d = dashboardCounts(db, { lastSuccess: null, lastError: null, stale: false, configured: false });
  console.log(`      dashboard: ${d.cases.total.toLocaleString()} cases, ${d.overdueTasks.total.toLocaleString()} overdue tasks in ${d.overdueTasks.cases.toLocaleString()} cases (${d.overdueTasks.byOwner.length} owners), ${d.sanctionsHits.open.toLocaleString()} open hits, ${d.findings.open.toLocaleString()} open findings`);
  const o = caseOverview(db, number);
  console.log(`      overview of ${number}: ${o.counts.payments} payments (USD ${(o.counts.paymentsUsdCents / 100).toFixed(2)}), ${o.counts.subjects} subjects, ${o.counts.identifiers} identifiers, ${o.overdue.length} overdue tasks, ${o.next?.blockers.length ?? 0} blockers`);
  const dm = median(dashTimes);
  const om = median(overviewTimes);
  const bm = median(baseTimes);
  console.log(`      raw baseline: the same counts by plain SQL without the indexes (NOT INDEXED), median ${bm.toFixed(1)} ms; load average ${load()}`);
  report('dashboard counts, 100k cases, median of 30', `${dm.toFixed(1)} ms (p95 ${percentile(dashTimes, 95).toFixed(1)} ms, first call ${firstDash.toFixed(1)} ms; ${(dm / bm).toFixed(2)}x the unindexed SQL)`, dm < 100, 'goal: < 100 ms');
  report('case overview, 100k cases, median of 30', `${om.toFixed(1)} ms (p95 ${percentile(overviewTimes, 95).toFixed(1)} ms, first call ${firstOverview.toFixed(1)} ms)`, om < 100, 'goal: < 100 ms');
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
