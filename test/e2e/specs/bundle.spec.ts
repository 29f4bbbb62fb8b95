import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, snap, repoRoot, e2eEnv } from '../fixtures.ts';

test.describe.configure({ mode: 'serial' });

/** The CLI on a database of its own (counsel's Casebook, a second file). */
const cliOn = (dbFile: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((ok) => {
    const p = spawn(process.execPath, [join(repoRoot, 'bin/casebook.mjs'), '--db', dbFile, ...args], { cwd: repoRoot, env: e2eEnv() });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const noWiderThan = async (page: import('@playwright/test').Page, px: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(px);

/** Signs in as the database's first user (the first-run form, with the passphrase again when it asks for it). */
async function signIn(page: import('@playwright/test').Page, url: string) {
  await page.goto(url);
  const welcome = page.getByRole('heading', { name: 'Welcome to Casebook' });
  const cases = page.getByRole('heading', { name: 'Dashboard', exact: true });
  await expect(welcome.or(cases)).toBeVisible();
  if (await welcome.isVisible()) {
    await page.getByLabel('Your name').fill('Olivia Officer');
    await page.getByLabel('Compliance officer').check();
    const again = page.getByLabel('Your passphrase, again');
    if (await again.count()) await again.fill('test passphrase: correct horse battery staple');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(cases).toBeVisible();
  }
}

test('hand a case to counsel in the app, counsel adds to it in their Casebook, and the officer receives it back', async ({ page, harness }) => {
  test.setTimeout(240_000);
  await signIn(page, harness.url);
  const number = json(await harness.cli('cases', 'create', '--title', 'Remote developer, suspected DPRK')).number as string;
  json(await harness.cli('evidence', 'note', number, '--title', 'Interview notes', '--text', 'Camera off throughout; answers read from a script.'));

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${harness.url}#/case/${number}/handover`);
  const form = page.getByRole('form', { name: 'Hand the case to counsel' });
  await expect(form).toBeVisible();
  await expect(page.getByText('This case has not been handed over yet.')).toBeVisible();
  const file = join(harness.dir, `${number}.casebook`);
  await form.getByLabel('Save the file to').fill(file);
  await form.getByLabel('Your passphrase').fill('not my passphrase');
  await form.getByRole('button', { name: 'Hand the case to counsel' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'passphrase' })).toBeVisible();
  await form.getByLabel('Your passphrase').fill('test passphrase: correct horse battery staple');
  await form.getByRole('button', { name: 'Hand the case to counsel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(file);
  await expect(page.getByRole('table', { name: 'Hand-overs' })).toContainText('Sent by Olivia Officer');
  await snap(page, 'bundle-handover-1440');
  await page.setViewportSize({ width: 1024, height: 700 });
  await noWiderThan(page, 1024);
  await snap(page, 'bundle-handover-1024');

  // Counsel's own Casebook: a second database file, on the command line.
  const counselDb = join(mkdtempSync(join(tmpdir(), 'casebook-e2e-counsel-')), 'counsel.db');
  json(await cliOn(counselDb, 'login', 'Carl Counsel', '--role', 'counsel'));
  const v = json(await cliOn(counselDb, 'bundle', 'verify', file));
  expect(v.ok).toBe(true);
  json(await cliOn(counselDb, 'bundle', 'import', file, '--trust', v.exporter.fingerprint));
  json(await cliOn(counselDb, 'subjects', 'add', number, '--name', 'Kim Chol', '--role', 'worker', '--nationality', 'KP'));
  const back = join(harness.dir, `${number}-from-counsel.casebook`);
  json(await cliOn(counselDb, 'bundle', 'export', number, '--to', back));

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${harness.url}#/receive`);
  await expect(page.getByRole('heading', { name: 'Receive a case' })).toBeVisible();
  await page.getByLabel('Case file').fill(back);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByText('does not know Carl Counsel')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Signatures in the file' })).toContainText('Carl Counsel');
  const add = page.getByRole('button', { name: 'Add the case to this Casebook' });
  await expect(add).toBeDisabled();
  await snap(page, 'bundle-receive-check-1440');
  await page.getByLabel('Carl Counsel confirmed this fingerprint to me').check();
  await add.click();
  await expect(page.getByText('Brought up to date:')).toBeVisible();
  await expect(page.getByText('Added 1 subject')).toBeVisible();
  await snap(page, 'bundle-receive-done-1440');
  await page.setViewportSize({ width: 1024, height: 700 });
  await noWiderThan(page, 1024);
  await snap(page, 'bundle-receive-done-1024');

  await page.goto(`${harness.url}#/case/${number}/handover`);
  await expect(page.getByRole('table', { name: 'Hand-overs' })).toContainText('Received by Olivia Officer');
  await expect(page.getByRole('table', { name: 'Hand-overs' })).toContainText('Added 1 subject');
  await snap(page, 'bundle-history-1024');
  await page.goto(`${harness.url}#/case/${number}/subjects`);
  await expect(page.getByRole('table', { name: 'Subjects' })).toContainText('Kim Chol');
});
