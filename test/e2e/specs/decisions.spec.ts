import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, snap, E2E_PASSPHRASE } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

test('payments and exposure in Legal review, a decision recorded, the report previewed', async ({ signedIn: page, harness }) => {
  test.setTimeout(180_000); // prints a PDF with Chromium: slow on a loaded machine
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Payroll to a third-party account', '--priority', 'high');
  expect(created.code, created.stderr).toBe(0);
  const { number } = JSON.parse(created.stdout) as { number: string };
  for (const [date, amount, payee, country] of [
    ['2025-03-01', '4200.00', 'Wang Lei Trading', 'HK'],
    ['2025-04-01', '3900.50', 'Zephyr Quanto', 'US'],
  ] as const) {
    const r = await harness.cli('--user', 'Olivia Officer', 'payments', 'add', number, '--date', date, '--amount', amount, '--currency', 'USD', '--rail', 'bank_wire', '--payee', payee, '--country', country, '--account', 'ACCT-' + date);
    expect(r.code, r.stderr).toBe(0);
  }
  const statement = join(harness.dir, 'bank-statement.txt');
  writeFileSync(statement, 'Wire 2025-03-01 USD 4,200.00 to Wang Lei Trading, HK\n');
  const exhibit = await harness.cli('--user', 'Olivia Officer', 'evidence', 'add', number, statement, '--title', 'Bank statement');
  expect(exhibit.code, exhibit.stderr).toBe(0);
  const present = await harness.cli('--user', 'Olivia Officer', 'indicators', 'set', number, 'PY-02', '--status', 'present', '--rationale', 'Payroll went to a Hong Kong account.', '--evidence', 'E-001');
  expect(present.code, present.stderr).toBe(0);
  const exposure = await harness.cli('exposure', number);
  expect(exposure.code, exposure.stderr).toBe(0);
  const firstPenalty = (JSON.parse(exposure.stdout) as { payments: { base_penalty_usd: number }[] }).payments[0]!.base_penalty_usd;
  expect(firstPenalty).toBeGreaterThan(0);
  const penaltyText = `USD ${firstPenalty.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

  await page.goto(`${harness.url}#/case/${number}/overview`);
  await page.getByRole('tab', { name: 'Legal review' }).click();
  const payments = page.getByRole('table', { name: 'Payments' });
  await expect(payments.getByRole('row')).toHaveCount(3);
  await expect(payments).toContainText('Wang Lei Trading');
  await expect(payments).toContainText('USD 4,200.00');
  await expect(payments).toContainText('USD 3,900.50');
  await expect(page.getByRole('table', { name: 'Totals by rail' })).toContainText('USD 8,100.50');
  await expect(page.getByRole('table', { name: 'Totals by payee' }).getByRole('row').nth(1)).toContainText('Wang Lei Trading');
  await expect(page.getByRole('table', { name: 'Totals by year' })).toContainText('2025');
  await expect(page.getByText('Estimate for counsel, not legal advice')).toBeVisible();
  const worksheet = page.getByRole('table', { name: 'Exposure' });
  await expect(worksheet.getByRole('row').filter({ hasText: '2025-03-01' })).toContainText(penaltyText);
  await expect(worksheet).toContainText('2035-03-01');
  await snap(page, 'legal');

  await page.getByRole('tab', { name: 'Decisions' }).click();
  await expect(page.getByText('No decisions yet.')).toBeVisible();
  await page.getByLabel('Decision', { exact: true }).selectOption('terminate');
  // An empty rationale is refused by the core, and its message is shown.
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByRole('alert')).toContainText(/rationale/i);
  await page.getByLabel('Rationale').fill('Payroll diverted to a Hong Kong account in another name; identity not verified.');
  // The indicator assessed present is offered first; the decision links it and the exhibit.
  const indicatorList = page.getByRole('group', { name: 'Indicators relied on' });
  await expect(indicatorList.getByRole('checkbox').first()).toHaveAccessibleName(/^PY-02 .*Present$/);
  await indicatorList.getByLabel('Search indicators relied on').fill('china');
  await indicatorList.getByRole('checkbox', { name: /PY-02/ }).check();
  await page.getByRole('group', { name: 'Exhibits relied on' }).getByRole('checkbox', { name: /E-001 Bank statement/ }).check();
  await page.getByRole('button', { name: 'Record decision' }).click();
  const decision = page.getByTestId('decision');
  await expect(decision).toHaveCount(1);
  const links = decision.getByTestId('decision-links');
  await expect(links).toContainText('PY-02');
  await expect(links).toContainText('China-linked payments');
  await expect(links).toContainText('E-001');
  await expect(indicatorList.getByRole('checkbox', { checked: true })).toHaveCount(0);
  await snap(page, 'decision-links');
  await expect(decision).toContainText('Terminate engagement');
  await expect(decision).toContainText('Hong Kong account');
  await expect(decision).toContainText('Olivia Officer');
  // A final decision closes the case, so it is signed only once the case could be decided: every
  // indicator assessed. The rest are marked not applicable in one go here.
  await page.evaluate(async (n) => {
    const invoke = (window as unknown as { casebook: { invoke: (c: string, i: unknown) => Promise<{ ok: boolean; value?: { notAssessed: string[] } }> } }).casebook.invoke;
    const open = (await invoke('indicators.checklist', { number: n })).value!.notAssessed;
    await invoke('indicators.assessMany', { number: n, indicators: open, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
  }, number);
  await page.getByRole('button', { name: 'Sign' }).click();
  const signDialog = page.getByRole('dialog', { name: /Sign decision #\d+/ });
  await signDialog.getByLabel(/Why you sign/).fill('Identity not verified; payroll diverted.');
  await signDialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await signDialog.getByRole('button', { name: /Sign decision #\d+ \(Terminate engagement\)/ }).click();
  await expect(decision).toContainText('Partly signed');
  await expect(decision).toContainText('Awaiting: counsel');
  await expect(page.getByRole('button', { name: 'Sign' })).toHaveCount(0);
  await snap(page, 'decisions');

  await page.getByRole('tab', { name: 'Report' }).click();
  const preview = page.frameLocator('iframe');
  await expect(preview.locator('body')).toContainText(number);
  await expect(page.locator('iframe')).toHaveAttribute('sandbox', '');
  await expect(page.getByTestId('report-cli')).toContainText(`npx casebook report ${number} --kind summary`);
  await page.getByLabel('Report', { exact: true }).selectOption('legal');
  await expect(preview.locator('body')).toContainText('Wang Lei Trading');

  // Export PDF prints and saves the file, and shows its path and SHA-256 (the same bytes as on disk).
  const out = join(harness.dir, 'legal-memo.pdf');
  await page.getByLabel('Save PDF to').fill(out);
  await page.getByRole('button', { name: 'Export PDF' }).click();
  const saved = page.locator('.report-saved');
  await expect(saved).toContainText(out, { timeout: 60_000 });
  const sha = createHash('sha256').update(readFileSync(out)).digest('hex');
  await expect(saved).toContainText(sha);
  await expect(page.getByRole('table', { name: 'Exported reports' })).toContainText(sha);
  await snap(page, 'report');

  // Counsel's sign-off (by CLI) makes the final decision take effect and locks the case: the forms are disabled.
  expect((await harness.cli('users', 'add', 'Carla Counsel', '--role', 'counsel')).code).toBe(0);
  // Decision ids are global across cases (other specs share this database), so take this case's.
  const [recorded] = JSON.parse((await harness.cli('decisions', 'list', number)).stdout) as { id: number }[];
  const signed = await harness.cli('--user', 'Carla Counsel', 'decisions', 'sign', number, String(recorded!.id));
  expect(signed.code, signed.stderr).toBe(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Decisions' }).click();
  await expect(page.getByTestId('decision')).toContainText('Signed');
  await expect(page.getByTestId('decision')).toContainText('Carla Counsel');
  await expect(page.getByText(/This case is locked: decisions can be read/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Record decision' })).toBeDisabled();
  // Remediation carries out the decision, so tasks can still be added to the locked case.
  await page.getByLabel('Owner').fill('IT security');
  await page.getByLabel('Due date').fill('2026-01-15');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByTestId('task')).toContainText('Revoke access');
  await expect(page.getByTestId('task')).toContainText('IT security');
  // "Done" without evidence asks for the evidence in the row; cancelled, the task keeps its status.
  await page.getByLabel(/Status of task/).selectOption('done');
  await expect(page.getByRole('form', { name: /Evidence for task/ })).toContainText('A task is done only with evidence');
  await page.getByRole('form', { name: /Evidence for task/ }).getByRole('button', { name: 'Cancel' }).click();
  await page.getByLabel(/Status of task/).selectOption('in_progress');
  await expect(page.getByText('Revoke access: In progress.')).toBeVisible();
  await expect(page.getByLabel(/Status of task/)).toHaveValue('in_progress');
  await page.getByRole('tab', { name: 'Legal review' }).click();
  await expect(page.getByRole('button', { name: 'Add payment' })).toBeDisabled();
});
