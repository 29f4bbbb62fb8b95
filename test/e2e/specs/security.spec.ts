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

test('first start sets a passphrase; a short one is refused; the database is encrypted', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Protect this Casebook' })).toBeVisible();
  await snap(page, 'lock-first-start');
  await page.getByLabel('Passphrase', { exact: true }).fill('too short');
  await page.getByLabel('The same passphrase again').fill('too short');
  await page.getByRole('button', { name: 'Set passphrase and open' }).click();
  await expect(page.getByText(/The passphrase must be at least 12 characters/)).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Set passphrase and open' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Casebook' })).toBeVisible();
  await page.getByLabel('Your name').fill('Olivia Officer');
  await page.getByLabel('Compliance officer').check();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  expect(existsSync(join(dir, 'casebook.db.key'))).toBe(true);
});

test('locks after the idle time, hiding everything; a wrong passphrase is refused, the right one unlocks', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  // No key press or pointer movement: the lock screen replaces the app.
  await expect(page.getByRole('heading', { name: 'Casebook is locked' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toHaveCount(0);
  await snap(page, 'lock-locked');
  await page.setViewportSize({ width: 1024, height: 700 });
  await snap(page, 'lock-locked-1024');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByLabel('Passphrase', { exact: true }).fill('not the right passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText(/Wrong passphrase/)).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
});

test('a backup from Settings, then a restore into a new folder', async ({ browser }) => {
  const page = await openPage(browser);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  const keepAwake = setInterval(() => void page.mouse.move(Math.random() * 400 + 100, Math.random() * 300 + 100).catch(() => undefined), 1000);
  try {
    await page.getByRole('link', { name: 'Settings' }).click();
    const backups = join(dir, 'backups');
    await page.getByLabel('Backup folder (another disk, a network share or a USB drive)').fill(backups);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByText(/Backup made/)).toBeVisible();
    await expect(page.getByLabel('Last backup')).toContainText('Last backup:');
    expect(readdirSync(join(backups, 'snapshots'))).toHaveLength(1);
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
  } finally {
    clearInterval(keepAwake);
  }
});
