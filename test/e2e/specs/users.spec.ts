import { test, expect, snap, E2E_PASSPHRASE } from '../fixtures.ts';

const COUNSEL = 'Carla Counsel';
const COUNSEL_PASS = 'carla keeps her own passphrase';
const DETERMINATION = 'Apparent violations of the North Korea Sanctions Regulations by the payroll vendor.';

const invoke = (page: import('@playwright/test').Page, channel: string, input: unknown) =>
  page.evaluate(async ([c, i]) => window.casebook.invoke(c as never, i as never), [channel, input] as const) as Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;

test('the administrator adds counsel; counsel signs in, reads and signs the privileged review with her passphrase; the officer sees only its outcome', async ({ signedIn: page, harness }) => {
  // Olivia is the first user, so the administrator: the sidebar shows her, with Sign out and Switch user.
  const footer = page.getByLabel('Signed in');
  await expect(footer).toContainText('Olivia Officer');
  await expect(footer).toContainText('administrator');
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Contractor paid through a Hong Kong account');
  expect(created.code, created.stderr).toBe(0);
  const { number } = JSON.parse(created.stdout) as { number: string };

  // Settings → Users: add counsel with a first passphrase of her own.
  await page.getByRole('link', { name: 'Settings' }).click();
  const add = page.getByRole('form', { name: 'Add a user' });
  await add.getByLabel('Name').fill(COUNSEL);
  await add.getByLabel('Role').selectOption('counsel');
  await add.getByLabel('Their first passphrase').fill(COUNSEL_PASS);
  await add.getByLabel('The same again').fill(COUNSEL_PASS);
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add).toContainText(`${COUNSEL} was added as legal counsel`);
  const rows = page.getByRole('table', { name: 'Users' }).getByTestId('user-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(COUNSEL);
  await expect(rows.nth(0)).toContainText(/([0-9a-f]{4} ){7}[0-9a-f]{4}/);
  const counselFingerprint = (await rows.nth(0).locator('td.mono').textContent())!.trim();
  await page.getByRole('heading', { name: 'Users' }).scrollIntoViewIfNeeded();
  await snap(page, 'users-settings');

  // Sign out; counsel signs in with her own name and passphrase (Olivia's passphrase does not open her account).
  await footer.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Casebook' })).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('');
  await page.getByLabel('Your name').fill(COUNSEL);
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Unknown user or wrong passphrase/)).toBeVisible();
  await snap(page, 'users-sign-in');
  await page.getByLabel('Passphrase', { exact: true }).fill(COUNSEL_PASS);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
  await expect(page.getByLabel('Signed in')).toContainText(COUNSEL);
  await expect(page.getByLabel('Signed in')).toContainText('Legal counsel');

  // Her page shows her key's fingerprint, the one the administrator's list shows.
  await page.getByLabel('Signed in').getByRole('link', { name: COUNSEL }).click();
  await expect(page.getByTestId('my-fingerprint')).toHaveText(counselFingerprint);
  await snap(page, 'users-my-page');
  await page.setViewportSize({ width: 1024, height: 700 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await snap(page, 'users-my-page-1024');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Counsel records a review and signs it: the passphrase is asked again, a wrong one signs nothing.
  const saved = await invoke(page, 'legal.review', {
    number,
    privilege: 'attorney_client_work_product',
    egregious: false,
    voluntarilySelfDisclosed: true,
    culpabilityRationale: 'No knowledge at the company; screening was in place.',
    determination: DETERMINATION,
    recommendation: 'self_disclose',
    recommendationRationale: 'Disclosure halves the base penalty.',
  });
  expect(saved.ok, saved.error?.message).toBe(true);
  const reviewId = (saved.value as { id: number }).id;
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await page.getByRole('tab', { name: 'Legal review' }).click();
  await expect(page.getByTestId('legal-review')).toContainText(DETERMINATION);
  const form = page.getByRole('form', { name: "Counsel's review" });
  await form.getByRole('button', { name: `Sign review #${reviewId}` }).click();
  const dialog = page.getByRole('dialog', { name: `Sign review #${reviewId}` });
  await dialog.getByLabel(/Why you sign/).fill('Read the ledger and the interview notes; the determination stands.');
  await dialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: `Sign review #${reviewId}` }).click();
  await expect(dialog.getByRole('alert')).toContainText("That is not Carla Counsel's passphrase, so nothing was signed");
  await snap(page, 'users-sign-wrong-passphrase');
  await dialog.getByLabel('Your passphrase, to sign').fill(COUNSEL_PASS);
  await dialog.getByRole('button', { name: `Sign review #${reviewId}` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(form).toContainText(`Signed review #${reviewId}.`);
  await expect(page.getByTestId('legal-review')).toContainText('Why: Read the ledger');

  // The officer signs back in: she sees that the review exists, is signed, and its outcome, not its text.
  await page.getByLabel('Signed in').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Your name')).toHaveValue(COUNSEL);
  await page.getByLabel('Your name').fill('Olivia Officer');
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
  await page.goto(`${harness.url}#/case/${number}/overview`);
  await page.getByRole('tab', { name: 'Legal review' }).click();
  const shown = page.getByTestId('legal-review');
  await expect(shown).toContainText('Voluntarily self-disclose to OFAC');
  await expect(shown).toContainText(COUNSEL);
  await expect(page.getByTestId('review-withheld')).toBeVisible();
  await expect(shown).not.toContainText(DETERMINATION);
  await expect(page.getByText(DETERMINATION)).toHaveCount(0);
  await shown.scrollIntoViewIfNeeded();
  await snap(page, 'users-officer-privileged');
  // Not through the core either.
  const reviews = await invoke(page, 'legal.reviews', { number });
  expect(JSON.stringify(reviews.value)).not.toContain('North Korea Sanctions Regulations');

  // The audit check reports the signature and the checkpoint the sign-off left.
  const verify = await harness.cli('--user', 'Olivia Officer', 'audit', 'verify');
  expect(verify.code, verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, signatures: { checked: 1, failed: [] }, checkpoints: { count: 1, last: { occasion: 'sign-off', signer: COUNSEL } } });
});
