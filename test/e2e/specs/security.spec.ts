import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from '@playwright/test';
import { test, expect, snap, repoRoot, e2eEnv, E2E_PASSPHRASE } from '../fixtures.ts';
import { harnessClientScript } from '../harness/client.ts';

test.describe.configure({ mode: 'serial' });

// A harness of its own: it starts locked on a new database (no passphrase yet) and locks after 4 s idle.
let proc: ChildProcess;
let dir: string;
let url: string;
let token: string;
/** A page with this harness's bridge (its own token), as the desktop app's preload gives one. */
async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(harnessClientScript(token));
  return page;
}
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casebook-e2e-lock-'));
  proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/e2e/harness/server.ts'), '--db', join(dir, 'casebook.db')], {
    cwd: repoRoot,
    env: { ...e2eEnv(), CASEBOOK_HARNESS_LOCKED: '1', CASEBOOK_TEST_IDLE_SECONDS: '4' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  ({ url, token } = JSON.parse(await new Promise<string>((ok) => createInterface({ input: proc.stdout! }).once('line', ok))) as { url: string; token: string });
});
test.afterAll(() => {
  proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('first start: the first user, its administrator, sets a passphrase; a short one is refused; the database is encrypted', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Welcome to Casebook' })).toBeVisible();
  await page.getByLabel('Your name').fill('Olivia Officer');
  await page.getByLabel('Compliance officer').check();
  await snap(page, 'lock-first-start');
  await page.getByLabel('Choose a passphrase', { exact: true }).fill('too short');
  await page.getByLabel('The same passphrase again').fill('too short');
  await page.getByRole('button', { name: 'Set passphrase and open' }).click();
  await expect(page.getByText(/The passphrase must be at least 12 characters/)).toBeVisible();
  await page.getByLabel('Choose a passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Set passphrase and open' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  expect(existsSync(join(dir, 'casebook.db.key'))).toBe(true);
  await page.close(); // its idle timer would lock the app under the next test
});

test('locks after the idle time, hiding everything; a wrong passphrase is refused, the right one unlocks', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  const signIn = page.getByRole('heading', { name: 'Sign in to Casebook' });
  // On a loaded machine the 4 s may already have passed (the previous page left the app idle).
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true }).or(signIn)).toBeVisible();
  // No key press or pointer movement: the sign-in screen replaces the app.
  await expect(signIn).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toHaveCount(0);
  await snap(page, 'lock-locked');
  await page.setViewportSize({ width: 1024, height: 700 });
  await snap(page, 'lock-locked-1024');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expect(page.getByLabel('Your name')).toHaveValue('Olivia Officer');
  await page.getByLabel('Passphrase', { exact: true }).fill('not the right passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/wrong passphrase/)).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await page.close();
});

/** Creates a case through the app's bridge (the setting-up of the test, not what it checks). */
const createCase = (page: Page, title: string) =>
  page.evaluate(async (t) => {
    const r = (await (window as unknown as { casebook: { invoke: (c: string, i: unknown) => Promise<{ ok: boolean }> } }).casebook.invoke('cases.create', { title: t })) as { ok: boolean };
    if (!r.ok) throw new Error(JSON.stringify(r));
  }, title);

test('a backup from Settings, then a restore into a new folder, then the app switches to the restored copy', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  const keepAwake = setInterval(() => void page.mouse.move(Math.random() * 400 + 100, Math.random() * 300 + 100).catch(() => undefined), 1000);
  try {
    // On a loaded machine the app may have locked itself (4 s idle) before this page loaded: sign in again.
    const signIn = page.getByRole('heading', { name: 'Sign in to Casebook' });
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true }).or(signIn)).toBeVisible();
    if (await signIn.isVisible()) {
      await page.getByLabel('Your name').fill('Olivia Officer');
      await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
    await createCase(page, 'Kept in the backup');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const backups = join(dir, 'backups');
    await page.getByLabel('Backup folder (another disk, a network share or a USB drive)').fill(backups);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByText(/Backup made/)).toBeVisible();
    await expect(page.getByLabel('Last backup')).toContainText('Last backup:');
    expect(readdirSync(join(backups, 'snapshots'))).toHaveLength(1);
    await createCase(page, 'Made after the backup');
    await page.getByLabel('Backup folder to restore from').fill(backups);
    await page.getByLabel('Restore into (a new or empty folder)').fill(join(dir, 'restored'));
    await page.getByLabel('Passphrase of the backup (the one in use when it was made)').fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Check and restore' }).click();
    await expect(page.getByText(/Backup checked and restored to/)).toBeVisible();
    await page.getByLabel('Backup folder to restore from').scrollIntoViewIfNeeded();
    await snap(page, 'settings-backup-restore');
    await page.setViewportSize({ width: 1024, height: 700 });
    await snap(page, 'settings-backup-restore-1024');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(existsSync(join(dir, 'restored', 'casebook.db'))).toBe(true);

    // The switch: the window reloads onto the restored copy, which has the case made before the backup only.
    await expect(page.getByRole('group', { name: 'Open the restored copy' })).toBeVisible();
    await page.getByRole('group', { name: 'Open the restored copy' }).scrollIntoViewIfNeeded();
    await snap(page, 'restore-switch-offer-1024');
    await page.getByRole('button', { name: 'Switch to the restored copy' }).click();
    // The window reloads onto the copy's case list.
    await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
    await expect(page.getByText('Kept in the backup')).toBeVisible();
    await expect(page.getByText('Made after the backup')).toHaveCount(0);
    await snap(page, 'switched-to-restored-cases-1024');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByLabel('Data in use')).toContainText(join(dir, 'restored', 'casebook.db'));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByLabel('Data in use').scrollIntoViewIfNeeded();
    await snap(page, 'switched-to-restored-settings');
  } finally {
    clearInterval(keepAwake);
  }
});
