import { test, expect, snap, E2E_PASSPHRASE } from '../fixtures.ts';

// The harness keeps one session per worker: hand it back to the officer the other specs expect.
test.afterEach(async ({ page }) => {
  await page.evaluate(async (passphrase) => window.casebook.invoke('session.signIn', { name: 'Olivia Officer', passphrase }), E2E_PASSPHRASE);
});

test('counsel records the General Factors, sees the four cells, blocks a payment and sees the reporting task', async ({ signedIn: page, harness }) => {
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Developer paid in USD and BTC');
  expect(created.code, created.stderr).toBe(0);
  const { number } = JSON.parse(created.stdout) as { number: string };
  for (const [date, amount] of [['2025-02-01', '500'], ['2025-02-02', '1000'], ['2025-02-03', '9000'], ['2025-02-04', '30000'], ['2025-02-05', '250000']]) {
    const r = await harness.cli('--user', 'Olivia Officer', 'payments', 'add', number, '--date', date!, '--amount', amount!, '--currency', 'USD', '--rail', 'bank_wire', '--payee', 'John Smith');
    expect(r.code, r.stderr).toBe(0);
  }
  expect((await harness.cli('users', 'add', 'Carl Counsel', '--role', 'counsel')).code).toBe(0);
  expect((await page.evaluate(async (passphrase) => window.casebook.invoke('session.signIn', { name: 'Carl Counsel', passphrase }), E2E_PASSPHRASE)) as unknown).toMatchObject({ ok: true });
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await page.reload();
  await expect(page.getByText('Carl Counsel').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Legal review' }).click();

  // A virtual-currency payment: the wallet field appears for BTC and the amount is kept exactly.
  await page.getByLabel('Date', { exact: true }).first().fill('2025-03-01');
  await page.getByLabel('Amount', { exact: true }).fill('0.12345678');
  await page.getByLabel('Currency', { exact: true }).first().fill('BTC');
  await page.getByLabel('Payee', { exact: true }).fill('John Smith');
  await page.getByLabel('Receiving wallet').fill('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  await page.getByRole('button', { name: 'Add payment' }).click();
  await expect(page.getByText('Added payment of BTC 0.12345678 to John Smith.')).toBeVisible();

  // The four cells side by side, the chosen one marked, with the worked totals.
  const worksheet = page.getByRole('region', { name: 'Sanctions exposure worksheet' });
  await worksheet.getByLabel('Egregious').selectOption('yes');
  await worksheet.getByLabel('Voluntarily self-disclosed').selectOption('yes');
  const cells = page.getByTestId('exposure-cell');
  await expect(cells).toHaveCount(4);
  await expect(cells.nth(0)).toContainText('USD 145,250.00');
  await expect(cells.nth(1)).toContainText('USD 448,700.00');
  await expect(cells.nth(2)).toContainText('USD 1,005,400.00');
  await expect(cells.nth(3)).toContainText('USD 2,010,800.00');
  await expect(cells.nth(2)).toContainText('chosen');
  await expect(page.getByRole('table', { name: 'Exposure' })).toContainText('USD 500,000.00'); // the 250,000 payment's applicable maximum
  // The BTC payment has no rate yet: listed apart, out of every total.
  await expect(page.getByText(/Left out of the totals, without a USD value: BTC 0\.12345678 on 2025-03-01 \(no rate entered\)/)).toBeVisible();
  await page.getByRole('heading', { name: 'Sanctions exposure worksheet' }).scrollIntoViewIfNeeded();
  await snap(page, 'legal-four-cells');

  // The General Factors: one aggravating, one mitigating, each with its note.
  const factors = page.getByRole('table', { name: 'General Factors' });
  await expect(factors.getByTestId('factor')).toHaveCount(11);
  const awareness = factors.locator('[data-factor="awareness"]');
  await awareness.getByLabel(/counsel's view/).selectOption('aggravating');
  await awareness.getByLabel(/note/).fill('HR saw the VPN alerts and went on paying.');
  await awareness.getByRole('button', { name: 'Save' }).click();
  await expect(awareness).toContainText('recorded as aggravating');
  const cooperation = factors.locator('[data-factor="cooperation"]');
  await cooperation.getByLabel(/counsel's view/).selectOption('mitigating');
  await cooperation.getByLabel(/note/).fill('Full cooperation offered.');
  await cooperation.getByRole('button', { name: 'Save' }).click();
  await expect(cooperation).toContainText('recorded as mitigating');
  await expect(factors.locator('[data-factor="awareness"]')).toContainText('Recorded by Carl Counsel');
  await page.getByRole('heading', { name: 'General Factors' }).scrollIntoViewIfNeeded();
  await snap(page, 'legal-factors');

  // Block the 250,000 payment: the report is due 10 business days later, skipping Thanksgiving.
  await page.getByLabel('Payment', { exact: true }).selectOption({ label: '2025-02-05 · USD 250,000.00 · John Smith' });
  await page.getByLabel('Marked', { exact: true }).selectOption('blocked');
  await page.getByLabel('On', { exact: true }).fill('2025-11-20');
  await page.getByLabel('Why', { exact: true }).first().fill('Payee matched an SDN entry.');
  await page.getByRole('button', { name: 'Mark and open the reporting task' }).click();
  await expect(page.getByText(/due to OFAC by 2025-12-05; task #\d+ was opened to file it/)).toBeVisible();
  const block = page.getByTestId('payment-block');
  await expect(block).toHaveCount(1);
  await expect(block).toContainText('2025-12-05');
  await expect(page.getByTestId('block-task')).toContainText('report of blocked property for payment');
  await page.getByRole('heading', { name: 'Blocked and rejected payments' }).scrollIntoViewIfNeeded();
  await snap(page, 'legal-blocked');

  // The task is on the case's remediation list.
  await page.getByRole('tab', { name: 'Decisions' }).click();
  await expect(page.getByText(/report of blocked property for payment \d+/).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /report of blocked property for payment/ })).toContainText('Dec 05, 2025');

  // No page wider than the window at 1024 px.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('tab', { name: 'Legal review' }).click();
  await expect(page.getByTestId('exposure-cell')).toHaveCount(4);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole('heading', { name: 'Sanctions exposure worksheet' }).scrollIntoViewIfNeeded();
  await snap(page, 'legal-four-cells-1024');
});
