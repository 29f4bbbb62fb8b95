import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, artifactsDir, repoRoot, E2E_PASSPHRASE } from '../fixtures.ts';

// What an officer trips on in the first hour: each check here failed before the fix it names.
test.describe.configure({ mode: 'serial' });

type Cli = (...a: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
const OFFICER = ['--user', 'Olivia Officer'];

async function json<T>(cli: Cli, ...args: string[]): Promise<T> {
  const r = await cli(...OFFICER, ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const createCase = async (cli: Cli, title: string) => (await json<{ number: string }>(cli, 'cases', 'create', '--title', title)).number;

/** Calls one operation from the page, as the signed-in user; throws the core's message. */
async function invoke<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([c, i]) => (window as unknown as { casebook: { invoke: (c: string, i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } }).casebook.invoke(c as string, i),
    [channel, input] as const,
  );
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

const notAssessed = async (page: Page, number: string) => (await invoke<{ notAssessed: string[] }>(page, 'indicators.checklist', { number })).notAssessed;
async function assessAll(page: Page, number: string) {
  const open = await notAssessed(page, number);
  if (open.length) await invoke(page, 'indicators.assessMany', { number, indicators: open, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
}

test('1. signing a final decision follows the workflow: refused with the reason, then each status in turn', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Signing follows the workflow');
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await invoke(page, 'cases.setStatus', { number, to: 'investigating' });
  await invoke(page, 'indicators.assessMany', { number, indicators: ['ID-01', 'ID-02', 'ID-03', 'CM-01', 'CM-02', 'PY-01'], status: 'absent', rationale: 'Checked; not seen.' });
  await invoke(page, 'decisions.add', { number, kind: 'terminate', rationale: 'Identity could not be verified.' });

  await page.goto(`${harness.url}#/case/${number}/decisions`);
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Sign decision #\d+/ });
  await expect(dialog).toContainText('Terminate engagement');
  await dialog.getByLabel(/Why you sign/).fill('Identity not verified.');
  await dialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: /^Sign decision #\d+ \(Terminate engagement\)$/ }).click();
  // Refused beside the button that caused it, with the reason; nothing is signed.
  await expect(dialog.getByRole('alert')).toContainText(/cannot be signed yet: .*cannot be decided while \d+ indicators are not assessed/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('decision')).toContainText('Awaiting sign-off');

  await assessAll(page, number);
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  await dialog.getByLabel(/Why you sign/).fill('Identity not verified.');
  await dialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: /^Sign decision #\d+/ }).click();
  await expect(page.getByTestId('decision')).toContainText('Partly signed');
  expect((await harness.cli('users', 'add', 'Carla Counsel', '--role', 'counsel')).code).toBe(0);
  const [d] = await json<{ id: number }[]>(harness.cli, 'decisions', 'list', number);
  const counsel = await harness.cli('--user', 'Carla Counsel', 'decisions', 'sign', number, String(d!.id));
  expect(counsel.code, counsel.stderr).toBe(0);

  const audit = await invoke<{ entity: string; before: { status?: string } | null; after: { status?: string } | null }[]>(page, 'cases.audit', { number });
  const moves = audit.filter((e) => e.entity === 'case' && e.before?.status).map((e) => `${e.before!.status} → ${e.after!.status}`);
  expect(moves).toEqual(['open → investigating', 'investigating → pending_legal_review', 'pending_legal_review → decided', 'decided → closed']);
});

test('2. the New case and Close-case dialogs open with focus on their first field', async ({ signedIn: page, harness }) => {
  await page.goto(`${harness.url}#/cases`);
  await page.keyboard.press('Control+n');
  const created = page.getByRole('dialog', { name: 'New case' });
  await expect(created).toBeVisible();
  await page.keyboard.type('Camera refused at interview');
  await expect(created.getByLabel('Title')).toHaveValue('Camera refused at interview');
  await expect(created).toBeVisible();
  await created.getByRole('button', { name: 'Cancel' }).click();

  const number = await createCase(harness.cli, 'Close-case focus');
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await assessAll(page, number);
  for (const to of ['investigating', 'pending_legal_review', 'decided']) await invoke(page, 'cases.setStatus', { number, to });
  await page.reload();
  await page.getByRole('button', { name: 'Close case' }).click();
  const closing = page.getByRole('dialog', { name: `Close ${number}` });
  await page.keyboard.type('Camera refused; engagement ended');
  await expect(closing.getByLabel(/Closing note/)).toHaveValue('Camera refused; engagement ended');
});

test('3. completing a task without evidence asks for it in the row', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Task completion');
  await json(harness.cli, 'tasks', 'add', number, '--kind', 'revoke_access', '--owner', 'IT security', '--due', '2026-12-31');
  await page.goto(`${harness.url}#/case/${number}/decisions`);
  const task = page.getByTestId('task');
  await task.getByLabel(/Status of task/).selectOption('done');
  const form = task.getByRole('form', { name: /Evidence for task/ });
  await expect(form).toBeVisible();
  await form.getByLabel('What was done').fill('SSO disabled, ticket IT-4411');
  await form.getByRole('button', { name: 'Mark done' }).click();
  await expect(task).toContainText('Evidence: SSO disabled, ticket IT-4411');
  await expect(task.getByLabel(/Status of task/)).toHaveValue('done');
});

test('4. exposure: time-barred and unconverted payments are shown apart and left out of the totals', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Exposure apart');
  for (const [date, amount, currency, rail, payee] of [
    ['2025-03-01', '1000.00', 'USD', 'bank_wire', 'Timely Payee'],
    ['2012-03-01', '5000.00', 'USD', 'bank_wire', 'Old Payee'],
    ['2025-04-01', '700.00', 'EUR', 'crypto', 'Unrated Payee'],
  ] as const) {
    await json(harness.cli, 'payments', 'add', number, '--date', date, '--amount', amount, '--currency', currency, '--rail', rail, '--payee', payee);
  }
  await page.goto(`${harness.url}#/case/${number}/legal`);
  const worksheet = page.getByRole('table', { name: 'Exposure' });
  await expect(worksheet.getByTestId('exposure-line')).toHaveCount(1);
  const total = worksheet.locator('tfoot');
  await expect(total).toContainText('USD 1,000.00');
  await expect(total).not.toContainText('USD 6,000.00');
  await expect(page.getByText(/Time-barred on .* left out of the totals: 2012-03-01/)).toBeVisible();
  await expect(page.getByText(/Left out of the totals, without a USD value: EUR/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Totals by rail' }).getByRole('row').filter({ hasText: 'Crypto' })).toContainText('no rate');
  await expect(page.getByRole('table', { name: 'Totals by rail' })).not.toContainText('USD 0.00');
});

test('5 and 6. a bidi-spoofed file name is shown visibly; an unsupported type says so once and offers Export', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Spoofed upload');
  await page.goto(`${harness.url}#/case/${number}/evidence`);
  await page.getByLabel('Add files').setInputFiles({ name: 'invoice\u202efdp.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]) });
  const row = page.getByRole('table', { name: 'Exhibits' }).getByRole('row').filter({ hasText: 'E-001' });
  await expect(row).toContainText('invoice⟨U+202E⟩fdp.exe');
  const stored = await json<{ originalName: string }[]>(harness.cli, 'evidence', 'list', number);
  expect(stored[0]!.originalName).toBe('invoice\u202efdp.exe');

  await row.getByRole('button', { name: 'Preview' }).click();
  const detail = page.getByRole('region', { name: 'Preview of E-001' });
  await expect(detail).toBeVisible();
  expect((await detail.innerText()).match(/export/gi)?.length).toBe(2); // the sentence once, and the button
  await detail.getByRole('button', { name: /Export E-001/ }).click();
  const folder = join(harness.dir, 'exported');
  mkdirSync(folder);
  const exportForm = page.getByRole('form', { name: 'Export E-001' });
  await exportForm.getByLabel('Folder to save a copy in').fill(folder);
  await exportForm.getByRole('button', { name: 'Export E-001' }).click();
  await expect(exportForm.getByRole('status')).toContainText('in the custody log');
});

test('evidence rows: edit the acquisition, retract with a reason; the hash never changes', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Evidence handling in the app');
  await page.goto(`${harness.url}#/case/${number}/evidence`);
  await page.getByLabel('Add files').setInputFiles({ name: 'badge.txt', mimeType: 'text/plain', buffer: Buffer.from('badge notes') });
  const row = page.getByRole('table', { name: 'Exhibits' }).getByRole('row').filter({ hasText: 'E-001' });
  const sha = await row.getByTestId('sha256').innerText();
  await row.getByRole('button', { name: 'Edit E-001' }).click();
  const edit = page.getByRole('form', { name: 'Edit E-001' });
  await edit.getByLabel('Title').fill('Badge photo notes');
  await edit.getByLabel(/Acquired at/).fill('2026-02-01T09:30');
  await edit.getByLabel('Acquired by').fill('Hana HR');
  await edit.getByRole('button', { name: 'Save E-001' }).click();
  await expect(edit.getByRole('status')).toContainText('SHA-256 are unchanged');
  await expect(row).toContainText('Badge photo notes');
  await expect(row).toContainText('Hana HR');
  await expect(row).toContainText('2026');
  await expect(row.getByTestId('sha256')).toHaveText(sha);

  await row.getByRole('button', { name: 'Retract E-001' }).click();
  const retract = page.getByRole('form', { name: 'Retract E-001' });
  await retract.getByLabel('Reason for retracting').fill('Belongs to another case');
  await retract.getByRole('button', { name: 'Retract E-001' }).click();
  await expect(row).toContainText('Retracted');
  await expect(row).toContainText('Belongs to another case');
  const custody = await json<{ action: string }[]>(harness.cli, 'evidence', 'custody', number, 'E-001');
  expect(custody.map((e) => e.action)).toEqual(expect.arrayContaining(['added', 'edited', 'retracted']));
});

test('defaults: a decision starts with no kind chosen, and indicators are picked from a searchable checklist', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Decision defaults');
  await page.goto(`${harness.url}#/case/${number}/decisions`);
  await expect(page.getByLabel('Decision', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByText('Choose what was decided.')).toBeVisible();
  const list = page.getByRole('group', { name: 'Indicators relied on' });
  await list.getByLabel('Search indicators relied on').fill('vpn');
  await expect(list.getByRole('checkbox')).not.toHaveCount(0);
  for (const box of await list.getByRole('checkbox').all()) await expect(box).toHaveAccessibleName(/vpn/i);
});

test('checklist: bulk assessment with one rationale, a sticky score with names, and no silent loss of unsaved edits', async ({ signedIn: page, harness }) => {
  const number = await createCase(harness.cli, 'Checklist handling');
  await page.goto(`${harness.url}#/case/${number}/indicators`);
  await page.getByLabel('Choose ID-01').check();
  await page.getByLabel('Choose ID-02').check();
  const bulk = page.getByRole('form', { name: 'Assess the chosen indicators' });
  await bulk.getByLabel('Not applicable').check();
  await bulk.getByLabel(/Rationale/).fill('Hired through a staffing agency that verified identity in person.');
  await bulk.getByRole('button', { name: 'Mark 2 not applicable' }).click();
  await expect(page.getByTestId('indicator-ID-01').getByTestId('assessment-status')).toHaveText('Not applicable');
  await expect(page.getByTestId('indicator-ID-02').getByTestId('assessment-status')).toHaveText('Not applicable');
  await expect(page.getByRole('status', { name: 'Score while you work' })).toContainText(/2 of \d+ assessed/);

  await page.getByTestId('indicator-CM-02').getByRole('button', { name: 'Assess' }).click();
  await page.getByRole('form', { name: 'Assess CM-02' }).getByLabel('Rationale').fill('Half-typed thought');
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('tab', { name: 'Evidence' }).click();
  expect(asked).toContain('the assessment of CM-02');
  await expect(page).toHaveURL(/\/indicators$/);
  await expect(page.getByRole('form', { name: 'Assess CM-02' }).getByLabel('Rationale')).toHaveValue('Half-typed thought');
});

/** Every page and every case tab, for the layout, accessibility and screenshot sweeps. */
/** Lets a screen settle: its loads done (bounded, as background checks may keep the network busy). */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await expect(page.locator('.loading')).toHaveCount(0);
}

async function everyScreen(page: Page, url: string, number: string, visit: (name: string) => Promise<void>) {
  for (const p of ['cases', 'sanctions', 'network', 'settings']) {
    await page.goto(`${url}#/${p}`);
    await settle(page);
    await visit(`page-${p}`);
  }
  const tabs = ['overview', 'subjects', 'evidence', 'sanctions', 'indicators', 'activity', 'decisions', 'legal', 'report', 'graph', 'audit'];
  for (const t of tabs) {
    await page.goto(`${url}#/case/${number}/${t}`);
    await expect(page.getByRole('tab', { name: /./ }).first()).toBeVisible();
    await settle(page);
    await visit(`case-${t}`);
  }
}

async function seedBusyCase(cli: Cli): Promise<string> {
  const fixtures = join(repoRoot, 'test', 'sanctions', 'fixtures');
  const imported = await cli(...OFFICER, 'sanctions', 'import', '--sdn', join(fixtures, 'sdn.csv'), '--alt', join(fixtures, 'alt.csv'), '--add', join(fixtures, 'add.csv'), '--published', '2026-01-15');
  expect(imported.code, imported.stderr).toBe(0);
  const number = await createCase(cli, 'Contract developer “D. Moorland”, payroll to a Hong Kong account and a USDT wallet, camera refused in every interview');
  await json(cli, 'subjects', 'add', number, '--name', 'Chol-su Park');
  await json(cli, 'identifiers', 'add', number, '--kind', 'email', '--value', 'd.moorland@example.com');
  await json(cli, 'payments', 'add', number, '--date', '2025-03-01', '--amount', '4200.00', '--currency', 'USD', '--rail', 'bank_wire', '--payee', 'Wang Lei Trading Company Limited of Kowloon', '--country', 'HK', '--account', 'HK-0000-1111-2222-3333');
  await json(cli, 'tasks', 'add', number, '--kind', 'revoke_access', '--owner', 'IT security', '--due', '2026-12-31');
  const screened = await cli(...OFFICER, 'sanctions', 'screen-case', number);
  expect(screened.code, screened.stderr).toBe(0);
  return number;
}

for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
  test(`layout at ${width}×${height}: no page wider than the window, case numbers whole, every tab reachable; screenshots`, async ({ signedIn: page, harness }) => {
    test.setTimeout(240_000);
    const number = width === 1440 ? await seedBusyCase(harness.cli) : (await json<{ rows: { number: string }[] }>(harness.cli, 'cases', 'list', '--search', 'Moorland')).rows[0]!.number;
    await page.setViewportSize({ width, height });
    const dir = join(artifactsDir, 'screens');
    mkdirSync(dir, { recursive: true });
    const wide: string[] = [];
    await everyScreen(page, harness.url, number, async (name) => {
      const over = await page.evaluate(() =>
        [document.documentElement, document.querySelector('.content')].filter((e): e is Element => !!e).map((e) => e.scrollWidth - e.clientWidth),
      );
      if (over.some((d) => d > 0)) wide.push(`${name}: ${over.join('/')} px too wide`);
      await page.screenshot({ path: join(dir, `${name}-${width}.png`) });
    });
    expect(wide).toEqual([]);

    await page.goto(`${harness.url}#/cases`);
    const cell = page.getByRole('gridcell').filter({ hasText: number }).first();
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await page.goto(`${harness.url}#/case/${number}/overview`);
    for (const tab of await page.getByRole('tab').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x + box.width, await tab.innerText()).toBeLessThanOrEqual(width);
    }
  });
}

test('accessibility: no serious or critical axe violations on any page or tab', async ({ signedIn: page, harness }) => {
  test.setTimeout(240_000);
  const number = (await json<{ rows: { number: string }[] }>(harness.cli, 'cases', 'list', '--search', 'Moorland')).rows[0]!.number;
  const found: string[] = [];
  await everyScreen(page, harness.url, number, async (name) => {
    const r = await new AxeBuilder({ page }).analyze();
    for (const v of r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(`${name}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')}`);
    }
  });
  expect(found).toEqual([]);
});
