import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { HEADER, row, writeCsv } from '../activity/helpers.ts';
import { fx } from '../sanctions/paths.ts';
import { INDICATORS } from '../../shared/indicators/catalog.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

/**
 * Four cases, counted by hand:
 *  A investigating, template "freelance platform", assignee A. Rivera, two red flags present
 *    (CM-01 + NA-01 = 30 points: medium); one investigation task of A. Rivera overdue; one of
 *    B. Chen overdue but done (not counted); the template's tasks are due in the future.
 *  B pending legal review; one remediation task of B. Chen overdue, one of B. Chen due in 2999.
 *  C open; two subjects screened against the fixture list: every hit open except one dismissed; a
 *    login log with findings, all open except one accepted.
 *  D open, nothing else.
 */
async function seed() {
  const a = await core.call('cases.create', { title: 'Alpha', assignee: 'A. Rivera', template: 'Suspected DPRK IT worker — freelance platform' });
  const b = await core.call('cases.create', { title: 'Bravo' });
  const c = await core.call('cases.create', { title: 'Charlie' });
  const d = await core.call('cases.create', { title: 'Delta' });
  await core.call('cases.setStatus', { number: a.number, to: 'investigating' });
  await core.call('evidence.addNote', { number: a.number, title: 'Interview notes', text: 'Camera refused; logins from abroad.' });
  for (const indicator of ['CM-01', 'NA-01']) await core.call('indicators.assess', { number: a.number, indicator, status: 'present', rationale: 'Seen.', exhibits: ['E-001'] });
  await core.call('investigation.add', { number: a.number, title: 'Late work', owner: 'A. Rivera', dueOn: '2020-01-01' });
  const done = await core.call('investigation.add', { number: a.number, title: 'Finished work', owner: 'B. Chen', dueOn: '2020-01-02' });
  await core.call('investigation.update', { number: a.number, id: done.id, version: 1, patch: { status: 'done' } });
  await core.call('cases.setStatus', { number: b.number, to: 'investigating' });
  await core.call('cases.setStatus', { number: b.number, to: 'pending_legal_review' });
  await core.call('tasks.add', { number: b.number, kind: 'revoke_access', owner: 'B. Chen', dueOn: '2020-02-01' });
  await core.call('tasks.add', { number: b.number, kind: 'preserve_logs', owner: 'B. Chen', dueOn: '2999-01-01' });

  await core.call('subjects.add', { number: c.number, name: 'Pak Chol Su', role: 'worker' });
  await core.call('subjects.add', { number: c.number, name: 'Ri Jong Hyok', role: 'facilitator' });
  const list = await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
  const screening = await core.call('sanctions.screenCase', { number: c.number, version: list.version });
  const hits = screening.hits;
  expect(hits.length).toBeGreaterThan(1);
  await core.call('sanctions.decideHit', { number: c.number, hit: hits[0]!.id, decision: 'dismissed', reason: 'Different date of birth.' });
  const log = writeCsv(core, 'log.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '192.0.2.2', 'KP'), row('2024-03-01T01:30:00Z', 'ann', '192.0.2.3', 'CN')]);
  await core.call('activity.import', { number: c.number, path: log });
  const findings = await core.call('activity.analyse', { number: c.number });
  expect(findings.length).toBeGreaterThan(1);
  await core.call('activity.accept', { number: c.number, finding: findings[0]!.id, rationale: 'Confirmed.' });
  return { a, b, c, d, openHits: hits.length - 1, openFindings: findings.length - 1 };
}

describe('the home dashboard', () => {
  it('counts cases by status and band, overdue tasks by owner, open hits and findings, as counted by hand', async () => {
    const s = await seed();
    const dash = await core.call('dashboard.get', {});
    expect(dash.cases.total).toBe(4);
    expect(Object.fromEntries(dash.cases.byStatus.map((x) => [x.status, x.count]))).toEqual({ open: 2, investigating: 1, pending_legal_review: 1, decided: 0, closed: 0 });
    expect(dash.cases.active).toBe(4);
    expect(Object.fromEntries(dash.cases.byBand.map((x) => [x.band, x.count]))).toEqual({ low: 3, medium: 1, high: 0, critical: 0 });
    expect(dash.overdueTasks).toEqual({
      total: 2,
      cases: 2,
      byOwner: [
        { owner: 'A. Rivera', investigation: 1, remediation: 0, cases: 1 },
        { owner: 'B. Chen', investigation: 0, remediation: 1, cases: 1 },
      ],
    });
    expect(dash.sanctionsHits).toEqual({ open: s.openHits, cases: 1 });
    expect(dash.findings).toEqual({ open: s.openFindings, cases: 1 });
    expect(dash.legalReview).toEqual({ cases: 1 });
    expect(dash.backup).toEqual({ lastSuccess: null, lastError: null, stale: false, configured: false });
  });

  it('every count opens the same cases in the filtered case list', async () => {
    const s = await seed();
    const numbers = async (q: Parameters<typeof core.call<'cases.list'>>[1]) => (await core.call('cases.list', { ...q, sort: 'number', desc: false })).rows.map((r) => r.number);
    expect(await numbers({ overdue: true })).toEqual([s.a.number, s.b.number]);
    expect(await numbers({ taskOwner: 'B. Chen' })).toEqual([s.b.number]);
    expect(await numbers({ taskOwner: 'A. Rivera' })).toEqual([s.a.number]);
    expect(await numbers({ openHits: true })).toEqual([s.c.number]);
    expect(await numbers({ openFindings: true })).toEqual([s.c.number]);
    expect(await numbers({ status: ['open', 'investigating', 'pending_legal_review'], band: ['medium'] })).toEqual([s.a.number]);
    expect(await numbers({ status: ['open', 'investigating', 'pending_legal_review'], band: ['low'] })).toEqual([s.b.number, s.c.number, s.d.number]);
    expect(await numbers({ status: ['pending_legal_review'] })).toEqual([s.b.number]);
    const rows = (await core.call('cases.list', { sort: 'number', desc: false })).rows;
    // The task column: A has the template's 5 tasks and the late one open; B has two open remediation tasks.
    expect(rows.map((r) => [r.number, r.openTasks, r.overdueTasks])).toEqual([[s.a.number, 6, 1], [s.b.number, 2, 1], [s.c.number, 0, 0], [s.d.number, 0, 0]]);
  });

  it('counts through indexes, not table scans', () => {
    const plan = (sql: string) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join('\n');
    expect(plan('SELECT status, risk_score, count(*) FROM cases GROUP BY status, risk_score')).toMatch(/COVERING INDEX cases_status_risk/);
    expect(plan("SELECT count(*), count(DISTINCT case_id) FROM sanctions_hits WHERE status = 'open'")).toMatch(/INDEX sanctions_hits_open/);
    expect(plan("SELECT count(*), count(DISTINCT case_id) FROM activity_findings WHERE status = 'open'")).toMatch(/INDEX activity_findings_open/);
    expect(plan("SELECT owner FROM investigation_tasks WHERE status IN ('open', 'in_progress') AND due_on < '2026-01-01'")).toMatch(/INDEX investigation_open_due/);
    expect(plan("SELECT owner FROM remediation_tasks WHERE status IN ('open', 'in_progress') AND due_on < '2026-01-01'")).toMatch(/INDEX remediation_open_by_due/);
  });
});

describe('the case overview', () => {
  it('shows the counts, the next step with the guard’s own refusal, overdue tasks and the latest activity', async () => {
    const s = await seed();
    const a = await core.call('cases.overview', { number: s.a.number });
    expect(a.risk.score).toBe(30);
    expect(a.risk.band).toBe('medium');
    expect(a.risk.top.map((t) => t.indicator).sort()).toEqual(['CM-01', 'NA-01']);
    expect(a.next!.to).toBe('pending_legal_review');
    const left = INDICATORS.length - 2;
    expect(a.next!.blockers).toEqual([{ at: 'decided', message: expect.stringContaining(`${s.a.number} cannot be decided while ${left} indicators are not assessed:`) }]);
    expect(a.next!.open).toEqual(['6 investigation tasks open', '7 planned due-diligence steps not done']);
    expect(a.overdue.map((t) => [t.kind, t.title, t.owner])).toEqual([['investigation', 'Late work', 'A. Rivera']]);
    expect(a.origin).toMatchObject({ name: 'Suspected DPRK IT worker — freelance platform', version: 1, latestVersion: 1 });
    expect(a.latest[0]).toMatchObject({ entity: 'investigation_task', action: 'updated' });

    const c = await core.call('cases.overview', { number: s.c.number });
    expect(c.counts).toMatchObject({ subjects: 2, openHits: s.openHits, openFindings: s.openFindings, exhibits: expect.any(Number) });
    expect(c.next!.open).toContain(`${s.openHits} sanctions ${s.openHits === 1 ? 'hit' : 'hits'} to decide`);

    const b = await core.call('cases.overview', { number: s.b.number });
    expect(b.overdue.map((t) => [t.kind, t.owner, t.dueOn])).toEqual([['remediation', 'B. Chen', '2020-02-01']]);
    expect(b.next!.to).toBe('decided');
    expect(b.next!.blockers[0]!.message).toMatch(/cannot be decided while \d+ indicators are not assessed/);
    // Once every indicator is assessed, nothing blocks the decision.
    const open = INDICATORS.map((i) => i.id);
    await core.call('indicators.assessMany', { number: s.b.number, indicators: open, status: 'not_applicable', rationale: 'Not relevant.' });
    expect((await core.call('cases.overview', { number: s.b.number })).next!.blockers).toEqual([]);
  });

  it('adds up payments in USD and says how many could not be converted', async () => {
    const { number } = await core.call('cases.create', { title: 'Payroll' });
    await core.call('payments.add', { number, paidOn: '2025-03-01', amountMinor: 120050, currency: 'USD', rail: 'bank_wire', payeeName: 'A' });
    await core.call('payments.add', { number, paidOn: '2025-03-02', amountMinor: 9950, currency: 'USD', rail: 'bank_wire', payeeName: 'A' });
    await core.call('payments.add', { number, paidOn: '2025-03-03', amountMinor: 1000, currency: 'EUR', rail: 'sepa', payeeName: 'B' });
    const o = await core.call('cases.overview', { number });
    expect(o.counts).toMatchObject({ payments: 3, paymentsUsdCents: 130_000, paymentsUnconverted: 1 });
  });
});
