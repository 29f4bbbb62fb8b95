import { test, expect, snap, E2E_PASSPHRASE } from '../fixtures.ts';

const LEDGER = [
  'date,amount,currency,rail,payee,payee_account,payee_country',
  '2025-01-15,1500.00,USD,wire,Zephyr Quanto,US-ACCT-1,US',
  '2025-02-10,2000.00,EUR,wise,Wang Lei Trading,HK-ACCT-2,HK',
  '2025-03-05,800.00,USD,crypto,Zephyr Quanto,0xabc123,',
  '',
].join('\n');

// The harness keeps one session per worker: hand it back to the officer the other specs expect.
test.afterEach(async ({ page }) => {
  await page.evaluate(async (passphrase) => window.casebook.invoke('session.signIn', { name: 'Olivia Officer', passphrase }), E2E_PASSPHRASE);
});

test('counsel imports a ledger, adds the missing rate, signs a review and sees the exposure change; a signed decision is superseded', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Contractor paid through Wise');
  expect(created.code, created.stderr).toBe(0);
  const { number } = JSON.parse(created.stdout) as { number: string };
  const interim = await harness.cli('--user', 'Olivia Officer', 'decisions', 'add', number, '--kind', 'escalate_counsel', '--rationale', 'Payments to a Hong Kong account; counsel to assess exposure.');
  expect(interim.code, interim.stderr).toBe(0);
  const first = (JSON.parse(interim.stdout) as { id: number }).id;
  expect((await harness.cli('--user', 'Olivia Officer', 'decisions', 'sign', number, String(first))).code).toBe(0);
  expect((await harness.cli('users', 'add', 'Carl Counsel', '--role', 'counsel')).code).toBe(0);

  // Officers see no review form and cannot change the statutory maximum.
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await page.getByRole('tab', { name: 'Legal review' }).click();
  await expect(page.getByText('Only counsel changes this setting.')).toBeVisible();
  await expect(page.getByRole('form', { name: "Counsel's review" })).toHaveCount(0);

  const who = await page.evaluate(async (passphrase) => window.casebook.invoke('session.signIn', { name: 'Carl Counsel', passphrase }), E2E_PASSPHRASE);
  expect(who).toMatchObject({ ok: true });
  await page.reload();
  await page.getByRole('tab', { name: 'Legal review' }).click();

  // A bad ledger is refused with its line number, and nothing is saved.
  const file = page.getByLabel('CSV file');
  await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('date,amount,currency,rail,payee\n2025-01-15,100,USD,wire,A\n2025-01-16,100,USD,pigeon,B\n') });
  await expect(page.getByRole('alert')).toContainText('line 3');
  await expect(page.getByRole('alert')).toContainText('pigeon');
  await expect(page.getByText('No payments recorded yet.')).toBeVisible();

  await file.setInputFiles({ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(LEDGER) });
  await expect(page.getByText(/Imported 3 payment\(s\) from ledger\.csv; the file is exhibit E-\d+/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Payments' }).getByTestId('payment')).toHaveCount(3);
  const worksheet = page.getByRole('table', { name: 'Exposure' });
  const total = worksheet.locator('tfoot');
  // Not egregious, not disclosed: schedule amounts 10,000 + 1,000; the EUR payment has no rate yet.
  await expect(total).toContainText('USD 11,000.00');
  const missing = page.getByTestId('missing-rates');
  await expect(missing).toContainText('EUR for 2025-02-10');

  await missing.getByRole('button', { name: 'EUR for 2025-02-10' }).click();
  await expect(page.getByLabel('Currency', { exact: true }).last()).toHaveValue('EUR');
  await page.getByLabel('USD per unit').fill('1.05');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await expect(page.getByText('1 EUR = 1.05 USD from 2025-02-10.')).toBeVisible();
  await expect(page.getByTestId('rate')).toContainText(['EUR']);
  await expect(page.getByTestId('missing-rates')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('USD 2,100.00');
  await expect(total).toContainText('USD 21,000.00');
  await page.getByRole('heading', { name: 'Import a payment ledger (CSV)' }).scrollIntoViewIfNeeded();
  await snap(page, 'counsel-ledger');

  // Counsel's review: an empty form is refused by the core; a full one is saved, then signed.
  const review = page.getByRole('form', { name: "Counsel's review" });
  await review.getByRole('button', { name: 'Save review' }).click();
  // Egregious and self-disclosed start unanswered: nothing is assumed for counsel.
  await expect(review.getByRole('alert')).toContainText('Neither is assumed');
  await expect(review.getByRole('radio', { checked: true })).toHaveCount(0);
  await review.getByLabel('Privilege marking').selectOption('work_product');
  await review.getByRole('radio', { name: 'Yes' }).first().check();
  await review.getByRole('radio', { name: 'No' }).nth(1).check();
  await review.getByLabel(/Rationale: why the conduct/).fill('Payroll knowingly routed to a Hong Kong account after the red flags were raised; not disclosed.');
  await review.getByLabel('Determination').fill('Three payments, USD 4,400 in all, likely benefited a DPRK IT worker.');
  await review.getByLabel('Recommendation').selectOption('self_disclose');
  await review.getByLabel('Why', { exact: true }).fill('Disclosure halves the base penalty and the conduct will surface through the platform anyway.');
  await review.getByRole('button', { name: 'Save review' }).click();
  await expect(review).toContainText(/Saved review #\d+\. Sign it to make it final\./);
  const reviewId = /Saved review #(\d+)/.exec((await review.textContent()) ?? '')![1]!;
  await review.getByRole('button', { name: `Sign review #${reviewId}` }).click();
  const signDialog = page.getByRole('dialog', { name: `Sign review #${reviewId}` });
  await signDialog.getByLabel(/Why you sign/).fill('The ledger and the rates support the determination.');
  await signDialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await signDialog.getByRole('button', { name: `Sign review #${reviewId}` }).click();
  await expect(review).toContainText(`Signed review #${reviewId}.`);
  const shown = page.getByTestId('legal-review');
  await expect(shown).toContainText('Attorney Work Product');
  await expect(shown).toContainText('Egregious · not self-disclosed');
  await expect(shown).toContainText('Carl Counsel');
  await expect(shown).not.toContainText('Not signed');
  // Egregious and not disclosed: each payment's base penalty is the statutory maximum.
  await expect(page.getByText(`Culpability from counsel's review #${reviewId}`)).toBeVisible();
  await expect(total).toContainText('USD 1,133,100.00');

  // A new dated statutory maximum in force today changes the worksheet.
  await page.getByLabel('Amount (USD)').fill('400,000');
  await page.getByLabel('Effective from').fill('2026-01-15');
  await page.getByRole('button', { name: 'Add dated value' }).click();
  await expect(page.getByTestId('statutory-maximum')).toHaveCount(5); // the published 2022–2025 amounts and the new one
  await expect(total).toContainText('USD 1,200,000.00');
  await page.getByRole('heading', { name: "Counsel's review" }).scrollIntoViewIfNeeded();
  await snap(page, 'counsel');

  // A signed decision is changed only by superseding it.
  await page.getByRole('tab', { name: 'Decisions' }).click();
  await page.getByRole('button', { name: 'Supersede', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Record a decision superseding #${first}` })).toBeVisible();
  await expect(page.getByLabel('Decision', { exact: true })).toHaveValue('escalate_counsel');
  await page.getByLabel('Decision', { exact: true }).selectOption('self_disclose_ofac');
  await page.getByLabel('Rationale').fill('Counsel recommends voluntary self-disclosure.');
  await page.getByRole('button', { name: `Record decision superseding #${first}` }).click();
  await expect(page.getByText(new RegExp(`Recorded decision #\\d+: Voluntary self-disclosure to OFAC, superseding #${first}\\.`))).toBeVisible();
  const rows = page.getByTestId('decision');
  await expect(rows.nth(0)).toContainText(/superseded by #\d+/);
  await expect(rows.nth(1)).toContainText(`supersedes #${first}`);
  await expect(rows.nth(1)).toContainText('Awaiting sign-off');
  await expect(page.getByRole('button', { name: 'Supersede', exact: true })).toHaveCount(0);
});
