import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, snap, repoRoot } from '../fixtures.ts';

// The home dashboard, the case's front page, case templates and the audit tab's filters.
test.describe.configure({ mode: 'serial' });

const FIXTURES = join(repoRoot, 'test/sanctions/fixtures');
const SIZES = [
  { w: 1440, h: 900 },
  { w: 1024, h: 700 },
];

async function invoke<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([c, i]) => (window as unknown as { casebook: { invoke: (c: string, i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } }).casebook.invoke(c as string, i),
    [channel, input] as const,
  );
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** No serious or critical axe-core violation on the screen as it stands. */
async function accessible(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')}`);
  expect(bad).toEqual([]);
}

async function atBothSizes(page: Page, name: string) {
  await accessible(page);
  for (const { w, h } of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(150);
    expect(await noSideScroll(page), `${name} is wider than ${w}px`).toBe(true);
    await snap(page, `${name}-${w}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

let demo = '';

test('the dashboard counts what needs attention, and each count opens the filtered case list', async ({ signedIn: page, harness }) => {
  const seeded = await harness.cli('--user', 'Olivia Officer', 'seed', '--cases', '40');
  expect(seeded.code, seeded.stderr).toBe(0);
  const c = await invoke<{ number: string }>(page, 'cases.create', { title: 'Pak Chol Su, React contractor: camera refused, payout to a third party', assignee: 'A. Rivera', template: 'Suspected DPRK IT worker — freelance platform' });
  demo = c.number;
  await invoke(page, 'evidence.addNote', { number: demo, title: 'Interview notes', text: 'Camera refused in both interviews.' });
  for (const indicator of ['CM-01', 'NA-01', 'ID-01']) await invoke(page, 'indicators.assess', { number: demo, indicator, status: 'present', rationale: 'Seen in the interview notes.', exhibits: ['E-001'] });
  await invoke(page, 'subjects.add', { number: demo, name: 'Pak Chol Su', role: 'worker' });
  await invoke(page, 'subjects.add', { number: demo, name: 'Ri Jong Hyok', role: 'facilitator' });
  const list = await invoke<{ version: number }>(page, 'sanctions.import', { sdn: join(FIXTURES, 'sdn.csv'), alt: join(FIXTURES, 'alt.csv'), add: join(FIXTURES, 'add.csv'), published: '2026-01-15' });
  const screening = await invoke<{ hits: unknown[] }>(page, 'sanctions.screenCase', { number: demo, version: list.version });
  const log = join(harness.dir, 'logins.csv');
  writeFileSync(log, ['timestamp,account,ip,country,event', '2024-03-01T00:00:00Z,pak@example.com,192.0.2.1,US,login', '2024-03-01T01:00:00Z,pak@example.com,192.0.2.2,KP,login', '2024-03-01T01:30:00Z,pak@example.com,192.0.2.3,CN,login', ''].join('\n'));
  await invoke(page, 'activity.import', { number: demo, path: log });
  const findings = await invoke<unknown[]>(page, 'activity.analyse', { number: demo });
  await invoke(page, 'investigation.add', { number: demo, title: 'Ask the platform for the account’s ID check', owner: 'A. Rivera', dueOn: '2026-01-10' });
  const others = (await invoke<{ rows: { number: string }[] }>(page, 'cases.list', { status: ['investigating'], sort: 'number', desc: false, limit: 3 })).rows.map((r) => r.number);
  await invoke(page, 'investigation.add', { number: others[0], title: 'Collect the payroll export', owner: 'J. Okafor', dueOn: '2025-11-20' });
  await invoke(page, 'tasks.add', { number: others[1], kind: 'revoke_access', owner: 'IT Security', dueOn: '2025-12-01' });
  await invoke(page, 'tasks.add', { number: others[2], kind: 'preserve_logs', owner: 'J. Okafor', dueOn: '2025-10-01' });

  await page.goto(`${harness.url}#/dashboard`);
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  const dash = await invoke<{ overdueTasks: { total: number }; sanctionsHits: { open: number }; findings: { open: number }; legalReview: { cases: number } }>(page, 'dashboard.get', {});
  expect(dash.overdueTasks.total).toBe(4);
  expect(dash.sanctionsHits.open).toBe(screening.hits.length);
  expect(dash.findings.open).toBe(findings.length);
  const stats = page.getByLabel('Needs attention');
  await expect(stats.getByRole('link', { name: /overdue tasks/ })).toContainText('4');
  await expect(stats.getByRole('link', { name: /sanctions hits awaiting a decision/ })).toContainText(String(screening.hits.length));
  await expect(stats.getByRole('link', { name: /cases pending legal review/ })).toContainText(String(dash.legalReview.cases));
  // The charts are drawn by the chart library (SVG from recharts), one per count set.
  await expect(page.locator('.recharts-wrapper')).toHaveCount(3);
  await atBothSizes(page, 'dashboard');

  // A count opens the case list filtered to it.
  await page.getByRole('table', { name: 'Overdue tasks by owner' }).getByRole('link', { name: 'J. Okafor' }).click();
  await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
  await expect(page.getByText('2 cases', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Other filters')).toContainText('Overdue tasks of J. Okafor');
  await expect(page.getByRole('row').filter({ hasText: others[0] })).toContainText('1 overdue');
  await snap(page, 'dashboard-filtered-list');
  await page.getByRole('button', { name: 'Remove filter: Overdue tasks of J. Okafor' }).click();
  await expect(page.getByText('41 cases', { exact: true })).toBeVisible();

  await page.goto(`${harness.url}#/dashboard`);
  await stats.getByRole('link', { name: /sanctions hits awaiting a decision/ }).click();
  await expect(page.getByText('1 case', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: demo })).toBeVisible();
});

test('the case overview is the front page: risk, counts, the next step and what blocks it, tasks, latest activity', async ({ signedIn: page, harness }) => {
  await page.goto(`${harness.url}#/case/${demo}/overview`);
  const front = page.getByLabel('Case overview');
  await expect(front.getByLabel(/Risk score \d+ of 100/)).toBeVisible();
  await expect(front).toContainText('CM-01');
  await expect(front.getByRole('list', { name: 'What blocks it' })).toContainText(/Before decided: CB-2026-\d+ cannot be decided while \d+ indicators are not assessed/);
  await expect(front).toContainText('Made from the template “Suspected DPRK IT worker — freelance platform”, version 1');
  await expect(front).toContainText('Ask the platform for the account’s ID check');
  const tasks = page.getByRole('table', { name: 'Investigation tasks' });
  await expect(tasks.getByRole('row')).toHaveCount(7);
  await tasks.getByLabel('Status of “Ask the platform for the account’s ID check”').selectOption('done');
  await expect(front.getByRole('heading', { name: 'Overdue tasks' }).locator('..')).toContainText('None.');
  await page.getByRole('button', { name: 'Add task' }).click();
  const dialog = page.getByRole('dialog', { name: 'New investigation task' });
  await dialog.getByLabel('What is to be done').fill('Compare the profile photo with the interview images');
  await dialog.getByLabel('Linked exhibits').fill('E-001');
  await dialog.getByRole('button', { name: 'Add task' }).click();
  await expect(tasks.getByRole('row')).toHaveCount(8);
  await expect(tasks).toContainText('Exhibits: E-001');
  // The edit form stays, below, with its labelled fields.
  await expect(page.getByLabel('Summary')).toBeVisible();
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  await atBothSizes(page, 'case-overview');
});

test('templates are edited in Settings as new versions, and a new case can start from one', async ({ signedIn: page, harness }) => {
  await page.goto(`${harness.url}#/settings`);
  const section = page.getByRole('region', { name: 'Case templates' });
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole('article')).toHaveCount(3);
  await section.getByRole('button', { name: 'Edit “Payment anomaly”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit “Payment anomaly”' });
  await dialog.getByLabel('Priority').selectOption('high');
  await dialog.getByRole('button', { name: 'Add a task' }).click();
  await dialog.getByRole('textbox', { name: 'Task 5' }).fill('Interview the payroll clerk');
  await snap(page, 'template-edit');
  await dialog.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page.getByText('Saved “Payment anomaly”, version 2.')).toBeVisible();
  await expect(section.getByRole('article', { name: 'Payment anomaly' })).toContainText('version 2');
  await section.getByRole('article', { name: 'Payment anomaly' }).scrollIntoViewIfNeeded();
  await atBothSizes(page, 'settings-templates');

  await page.goto(`${harness.url}#/cases`);
  await page.getByRole('button', { name: 'New case' }).click();
  const create = page.getByRole('dialog', { name: 'New case' });
  await create.getByLabel('Title').fill('Payroll paid to a shared account');
  await create.getByLabel('Template').selectOption('Payment anomaly');
  await expect(create.getByLabel('Priority')).toHaveValue('high');
  await expect(create.getByLabel('Tags (comma-separated)')).toHaveValue('payment-anomaly');
  await snap(page, 'new-case-template');
  await create.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('heading', { name: /Payroll paid to a shared account/ })).toBeVisible();
  await expect(page.getByLabel('Case overview')).toContainText('Made from the template “Payment anomaly”, version 2');
  await expect(page.getByRole('table', { name: 'Investigation tasks' }).getByRole('row')).toHaveCount(6);
});

test('the audit tab filters by who, kind, date and words, in plain labels', async ({ signedIn: page, harness }) => {
  await page.goto(`${harness.url}#/case/${demo}/audit`);
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table).toContainText('Investigation task #');
  await expect(table).not.toContainText('investigation_task');
  await expect(table).not.toContainText('status_changed');
  await page.getByLabel('What kind').selectOption({ label: 'Red flag' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table).toContainText('Red flag CM-01 assessed');
  await page.getByLabel('What kind').selectOption('');
  await page.getByLabel('Containing').fill('interview images');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Investigation task');
  await page.getByLabel('Containing').fill('');
  await page.getByLabel('Who').selectOption('Olivia Officer');
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('From').fill(today);
  await expect(page.getByText(/\d+ of \d+ events/)).toBeVisible();
  await page.getByLabel('From').fill('2000-01-01');
  await page.getByLabel('To').fill('2000-01-02');
  await expect(page.getByText('No event matches these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('What kind').selectOption({ label: 'Investigation task' });
  await atBothSizes(page, 'case-audit-filtered');
});
