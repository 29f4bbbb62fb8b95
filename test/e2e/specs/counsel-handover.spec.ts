// The whole path in one run, as the people using it see it: the administrator adds counsel;
// counsel signs in, records the privileged review and signs it with her passphrase; the officer
// sees that it exists and its outcome, never its reasoning; the officer hands the case over; in
// counsel's own Casebook (a second database, a second harness) counsel receives it, signs a new
// review and hands it back; the officer's Casebook receives it showing both sides' signatures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { test, expect, snap, repoRoot, e2eEnv, E2E_PASSPHRASE } from '../fixtures.ts';
import { harnessClientScript } from '../harness/client.ts';

const COUNSEL = 'Carla Counsel';
const COUNSEL_PASS = 'carla keeps her own passphrase';
const DETERMINATION = 'Apparent violations of the North Korea Sanctions Regulations by the payroll vendor.';
const SECOND_DETERMINATION = 'Apparent violations confirmed by the vendor\u2019s ledger; the payments reached a DPRK national.';

/** Counsel's own Casebook: the harness on a second database, in its own process. */
async function secondHarness(): Promise<{ url: string; token: string; dir: string; proc: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-e2e-counsel-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/e2e/harness/server.ts'), '--db', join(dir, 'counsel.db')], { cwd: repoRoot, env: e2eEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: proc.stdout! }).once('line', ok);
    proc.once('exit', (code) => fail(new Error(`the second harness exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; token: string }), dir, proc };
}

const fitsIn1024 = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
/** A key screen at 1024×700: no page wider than the window, and a screenshot to look at. */
const shot = async (page: Page, name: string) => {
  await fitsIn1024(page);
  await snap(page, name);
};

async function signInAs(page: Page, name: string, passphrase: string) {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
  await expect(page.getByLabel('Signed in')).toContainText(name);
}

async function openLegalReview(page: Page, url: string, number: string) {
  await page.goto(`${url}#/case/${number}/overview`);
  await page.getByRole('tab', { name: 'Legal review' }).click();
  await expect(page.getByRole('heading', { name: "Counsel's review" })).toBeVisible();
}

/** Counsel's review form: signs the review in force (the passphrase asked again) and waits for the form to say so. */
async function signReview(page: Page, passphrase: string, reason: string): Promise<string> {
  const form = page.getByRole('form', { name: "Counsel's review" });
  const button = form.getByRole('button', { name: /^Sign review #\d+$/ });
  const label = (await button.textContent())!.trim();
  const id = label.replace('Sign review ', '');
  await button.click();
  const dialog = page.getByRole('dialog', { name: label });
  await dialog.getByLabel(/Why you sign/).fill(reason);
  await dialog.getByLabel('Your passphrase, to sign').fill(passphrase);
  await dialog.getByRole('button', { name: label }).click();
  await expect(dialog).toHaveCount(0);
  await expect(form).toContainText(`Signed review ${id}.`);
  return id;
}

/** Hand-over tab: writes the case file, signed with the passphrase. */
async function handOver(page: Page, url: string, number: string, file: string, passphrase: string, by: string, onlyFor?: string) {
  await page.goto(`${url}#/case/${number}/handover`);
  const form = page.getByRole('form', { name: 'Hand the case to counsel' });
  await form.getByLabel('Save the file to').fill(file);
  if (onlyFor) await form.getByLabel('Only for').fill(onlyFor);
  await form.getByLabel('Your passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Hand the case to counsel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(file);
  await expect(page.getByRole('table', { name: 'Hand-overs' })).toContainText(`Sent by ${by}`);
}

/** Receive page: checks the file and shows who signed what in it, before anything is added. */
async function checkFile(page: Page, url: string, file: string, from: string) {
  await page.goto(`${url}#/receive`);
  await expect(page.getByRole('heading', { name: 'Receive a case' })).toBeVisible();
  await page.getByLabel('Case file').fill(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByText('Every part is intact and the signature holds.')).toBeVisible();
  await expect(page.getByText(`This Casebook does not know ${from}'s signing key yet.`)).toBeVisible();
  return page.getByRole('table', { name: 'Signatures in the file' }).getByRole('row');
}

test('counsel is added, reviews in private and signs; the case goes to her own Casebook and comes back with both sides\u2019 signatures', async ({ signedIn: page, harness, browser }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  // Olivia is the first user, so the administrator: the sidebar shows her, with Sign out and Switch user.
  const footer = page.getByLabel('Signed in');
  await expect(footer).toContainText('Olivia Officer');
  await expect(footer).toContainText('administrator');
  const created = await harness.cli('--user', 'Olivia Officer', 'cases', 'create', '--title', 'Contractor paid through a Hong Kong account');
  expect(created.code, created.stderr).toBe(0);
  const { number } = JSON.parse(created.stdout) as { number: string };
  // The officer's own signed decision: escalate to counsel (her side's signature in the file).
  const decision = await harness.cli('--user', 'Olivia Officer', 'decisions', 'add', number, '--kind', 'escalate_counsel', '--rationale', 'Payments to a Hong Kong account; counsel to assess exposure.');
  expect(decision.code, decision.stderr).toBe(0);
  const signed = await harness.cli('--user', 'Olivia Officer', 'decisions', 'sign', number, String((JSON.parse(decision.stdout) as { id: number }).id));
  expect(signed.code, signed.stderr).toBe(0);

  // 1. Settings → Users: the administrator adds counsel with a first passphrase of her own.
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
  await shot(page, 'story-1-users');

  // 2. Counsel signs in with her own name and passphrase (Olivia's passphrase does not open her account).
  await footer.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Casebook' })).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('');
  await page.getByLabel('Your name').fill(COUNSEL);
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Unknown user or wrong passphrase/)).toBeVisible();
  await signInAs(page, COUNSEL, COUNSEL_PASS);
  await expect(page.getByLabel('Signed in')).toContainText('Legal counsel');
  // Her page shows her key's fingerprint, the one the administrator's list shows.
  await page.getByLabel('Signed in').getByRole('link', { name: COUNSEL }).click();
  await expect(page.getByTestId('my-fingerprint')).toHaveText(counselFingerprint);
  await shot(page, 'story-2-counsel-page');

  // 3. Counsel records the privileged review in the form and signs it: a wrong passphrase signs nothing.
  await openLegalReview(page, harness.url, number);
  await expect(page.getByText('Counsel has not recorded a review yet.')).toBeVisible();
  const form = page.getByRole('form', { name: "Counsel's review" });
  await form.getByLabel('Privilege marking').selectOption('attorney_client_work_product');
  await form.getByRole('group', { name: 'Egregious' }).getByLabel('No').check();
  await form.getByRole('group', { name: 'Voluntarily self-disclosed' }).getByLabel('Yes').check();
  await form.getByLabel(/^Rationale/).fill('No knowledge at the company; screening was in place.');
  await form.getByLabel('Determination').fill(DETERMINATION);
  await form.getByLabel('Recommendation').selectOption('self_disclose');
  await form.getByLabel('Why', { exact: true }).fill('Disclosure halves the base penalty.');
  await form.getByRole('button', { name: 'Save review' }).click();
  await expect(form).toContainText(/Saved review #\d+\. Sign it to make it final\./);
  await expect(page.getByTestId('legal-review')).toContainText(DETERMINATION);
  const signButton = form.getByRole('button', { name: /^Sign review #\d+$/ });
  const reviewLabel = (await signButton.textContent())!.trim();
  await signButton.click();
  const dialog = page.getByRole('dialog', { name: reviewLabel });
  await dialog.getByLabel(/Why you sign/).fill('Read the ledger and the interview notes; the determination stands.');
  await dialog.getByLabel('Your passphrase, to sign').fill(E2E_PASSPHRASE);
  await dialog.getByRole('button', { name: reviewLabel }).click();
  await expect(dialog.getByRole('alert')).toContainText(`That is not ${COUNSEL}'s passphrase, so nothing was signed`);
  // Said once, in the dialog (not again on the page behind it).
  await expect(page.getByRole('alert').filter({ hasText: 'nothing was signed' })).toHaveCount(1);
  await shot(page, 'story-3-sign-wrong-passphrase');
  await dialog.getByLabel('Your passphrase, to sign').fill(COUNSEL_PASS);
  await dialog.getByRole('button', { name: reviewLabel }).click();
  await expect(dialog).toHaveCount(0);
  await expect(form).toContainText(`${reviewLabel.replace('Sign', 'Signed')}.`);
  const review = page.getByTestId('legal-review');
  await expect(review).toContainText('Why: Read the ledger');
  await expect(review).toContainText(`Signed${COUNSEL}`);
  await review.scrollIntoViewIfNeeded();
  await shot(page, 'story-3-counsel-signed');

  // 4. The officer signs back in: she sees that the review exists, is signed, and its outcome, not its text.
  await page.getByLabel('Signed in').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Your name')).toHaveValue(COUNSEL);
  await signInAs(page, 'Olivia Officer', E2E_PASSPHRASE);
  await openLegalReview(page, harness.url, number);
  await expect(review).toContainText('Voluntarily self-disclose to OFAC');
  await expect(review).toContainText(`Signed${COUNSEL}`);
  await expect(page.getByTestId('review-withheld')).toBeVisible();
  await expect(page.getByText(DETERMINATION)).toHaveCount(0);
  await review.scrollIntoViewIfNeeded();
  await shot(page, 'story-4-officer-outcome-only');
  // Not through the core either.
  const reviews = await page.evaluate(async (n) => window.casebook.invoke('legal.reviews' as never, { number: n } as never), number);
  expect(JSON.stringify(reviews)).not.toContain('North Korea Sanctions Regulations');

  // 5. Counsel's own Casebook, a second database: her first start; she gives the officer the key
  // that locks a hand-over file to her (the case holds her privileged review: it may not travel in the clear).
  const second = await secondHarness();
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  try {
    const other = await context.newPage();
    await other.addInitScript(harnessClientScript(second.token));
    await other.goto(second.url);
    await expect(other.getByRole('heading', { name: 'Welcome to Casebook' })).toBeVisible();
    await other.getByLabel('Your name').fill(COUNSEL);
    await other.getByLabel('Legal counsel').check();
    await other.getByLabel('Your passphrase, again').fill(E2E_PASSPHRASE);
    await other.getByRole('button', { name: 'Start' }).click();
    await expect(other.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
    await other.goto(`${second.url}#/receive`);
    await other.getByRole('button', { name: 'Show my key' }).click();
    const counselKey = ((await other.getByTestId('bundle-key').textContent()) ?? '').trim();
    expect(counselKey).toMatch(/^age1/);

    // 6. The officer hands the case over, signed with her passphrase and locked to counsel's key; counsel receives it.
    const toCounsel = join(harness.dir, `${number}.casebook`);
    await handOver(page, harness.url, number, toCounsel, E2E_PASSPHRASE, 'Olivia Officer', counselKey);
    await expect(page.getByRole('table', { name: 'Hand-overs' })).toContainText('locked to its recipient');
    await shot(page, 'story-5-handed-over');
    const inFile = await checkFile(other, second.url, toCounsel, 'Olivia Officer');
    await expect(inFile.filter({ hasText: 'Olivia Officer' }).filter({ hasText: 'the hand-over file' })).toHaveCount(1);
    await expect(inFile.filter({ hasText: 'Olivia Officer' }).filter({ hasText: /decision #\d+ \(officer sign-off\)/ })).toHaveCount(1);
    await expect(inFile.filter({ hasText: COUNSEL }).filter({ hasText: /counsel.s review #\d+ \(counsel sign-off\)/ })).toContainText(counselFingerprint);
    await shot(other, 'story-6-counsel-checks-file');
    await other.getByLabel('Olivia Officer confirmed this fingerprint to me').check();
    await other.getByRole('button', { name: 'Add the case to this Casebook' }).click();
    await expect(other.getByText(`Added ${number}`)).toBeVisible();

    // 7. There she reads her review (its reasoning is hers), writes a new one and signs it with this Casebook's passphrase.
    await openLegalReview(other, second.url, number);
    const theirs = other.getByTestId('legal-review');
    await expect(theirs).toContainText(DETERMINATION);
    await expect(theirs).toContainText(`Signed${COUNSEL}`);
    const again = other.getByRole('form', { name: "Counsel's review" });
    await expect(again).toContainText('Supersede the signed review');
    await again.getByLabel('Determination').fill(SECOND_DETERMINATION);
    await again.getByRole('button', { name: /^Save as a new review \(supersedes #\d+\)$/ }).click();
    await expect(again).toContainText(/Saved review #\d+; it supersedes review #\d+\. Sign it to make it final\./);
    await signReview(other, E2E_PASSPHRASE, 'The ledger confirms it.');
    await expect(theirs).toContainText(SECOND_DETERMINATION);
    await theirs.scrollIntoViewIfNeeded();
    await shot(other, 'story-7-counsel-signs-in-her-casebook');

    // 8. She hands it back. Her reviews are privileged and not shared: the file must be locked to the officer.
    const back = join(harness.dir, `${number}-from-counsel.casebook`);
    await other.goto(`${second.url}#/case/${number}/handover`);
    const form = other.getByRole('form', { name: 'Hand the case to counsel' });
    await form.getByLabel('Save the file to').fill(back);
    await form.getByLabel('Your passphrase').fill(E2E_PASSPHRASE);
    await form.getByRole('button', { name: 'Hand the case to counsel' }).click();
    await expect(other.getByRole('alert')).toContainText('privileged and not shared with officers');
    await handOver(other, second.url, number, back, E2E_PASSPHRASE, COUNSEL, 'Olivia Officer');
    await expect(other.getByRole('table', { name: 'Hand-overs' })).toContainText('locked to its recipient');

    // 9. The officer's Casebook receives it: the file shows the officer's and counsel's signatures from both Casebooks.
    const fromCounsel = await checkFile(page, harness.url, back, COUNSEL);
    await expect(fromCounsel.filter({ hasText: COUNSEL }).filter({ hasText: 'the hand-over file' })).not.toContainText(counselFingerprint);
    await expect(fromCounsel.filter({ hasText: 'Olivia Officer' }).filter({ hasText: /decision #\d+ \(officer sign-off\)/ })).toHaveCount(1);
    const counselSignOffs = fromCounsel.filter({ hasText: COUNSEL }).filter({ hasText: /counsel.s review #\d+ \(counsel sign-off\)/ });
    await expect(counselSignOffs).toHaveCount(2);
    await expect(counselSignOffs.filter({ hasText: counselFingerprint })).toHaveCount(1);
    await page.getByRole('table', { name: 'Signatures in the file' }).scrollIntoViewIfNeeded();
    await shot(page, 'story-9-officer-checks-file');
    await page.getByLabel(`${COUNSEL} confirmed this fingerprint to me`).check();
    await page.getByRole('button', { name: 'Add the case to this Casebook' }).click();
    await expect(page.getByText('Brought up to date:')).toContainText("Added 1 counsel's review, 1 signature");
    await shot(page, 'story-9-received');

    // The officer sees counsel's new review signed, its outcome, and still none of its reasoning.
    await openLegalReview(page, harness.url, number);
    await expect(review).toContainText(`Signed${COUNSEL}`);
    await expect(page.getByTestId('review-withheld')).toBeVisible();
    await expect(page.getByText(SECOND_DETERMINATION)).toHaveCount(0);
    await expect(page.getByText(DETERMINATION)).toHaveCount(0);
    await review.scrollIntoViewIfNeeded();
    await shot(page, 'story-9-officer-outcome-only');
    await page.goto(`${harness.url}#/case/${number}/handover`);
    const history = page.getByRole('table', { name: 'Hand-overs' });
    await expect(history).toContainText('Sent by Olivia Officer');
    await expect(history.getByRole('row').filter({ hasText: 'Received by Olivia Officer' })).toContainText("Added 1 counsel's review, 1 signature");
    await shot(page, 'story-10-history');
  } finally {
    await context.close();
    second.proc.kill('SIGTERM');
    rmSync(second.dir, { recursive: true, force: true });
  }

  // The audit check finds every signature here holding (the officer's decision, counsel's two sign-offs), and the
  // checkpoints the two sign-offs made in this Casebook left.
  const verify = await harness.cli('--user', 'Olivia Officer', 'audit', 'verify');
  expect(verify.code, verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, signatures: { checked: 3, failed: [] }, checkpoints: { count: 2, last: { occasion: 'sign-off', signer: COUNSEL } } });
});
