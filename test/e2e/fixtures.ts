import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { harnessClientScript } from './harness/client.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const artifactsDir = join(repoRoot, 'artifacts');

/**
 * The passphrase of every harness database, given to the harness and to the CLI it starts the
 * way a script gives it (the environment); new databases use scrypt's test-only fast parameters.
 */
export const E2E_PASSPHRASE = 'test passphrase: correct horse battery staple';
export const e2eEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CASEBOOK_PASSPHRASE: E2E_PASSPHRASE, CASEBOOK_NEW_PASSPHRASE: E2E_PASSPHRASE, CASEBOOK_TEST_FAST_KDF: '1' });

export type Harness = { url: string; token: string; dbFile: string; dir: string; cli: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }> };

/** Starts the harness server as its own process on a fresh database; one per test file. */
async function launch(): Promise<{ harness: Harness; proc: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-e2e-'));
  const dbFile = join(dir, 'casebook.db');
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/e2e/harness/server.ts'), '--db', dbFile], { cwd: repoRoot, env: e2eEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', ok);
    proc.once('exit', (code) => fail(new Error(`harness exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((ok) => {
      const p = spawn(process.execPath, [join(repoRoot, 'bin/casebook.mjs'), '--db', dbFile, ...args], { cwd: repoRoot, env: e2eEnv() });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
    });
  return { harness: { url, token, dbFile, dir, cli }, proc };
}

type Running = { file: string; harness: Harness; proc: ChildProcess };

function stop(r: Running) {
  r.proc.kill('SIGTERM');
  rmSync(r.harness.dir, { recursive: true, force: true });
}

export const test = base.extend<{ signedIn: Page; harness: Harness }, { servers: { current: Running | null } }>({
  /** The worker's harness process, stopped when the worker ends. */
  servers: [
    // oxlint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const servers: { current: Running | null } = { current: null };
      await use(servers);
      if (servers.current) stop(servers.current);
    },
    { scope: 'worker' },
  ],
  /**
   * One harness, on a fresh database, per spec file: the tests of a file share it (they may build
   * on each other), and no file sees another file's cases.
   */
  harness: async ({ servers }, use, testInfo) => {
    if (servers.current?.file !== testInfo.file) {
      if (servers.current) stop(servers.current);
      const { harness, proc } = await launch();
      servers.current = { file: testInfo.file, harness, proc };
    }
    await use(servers.current!.harness);
  },
  /** Every page gets the harness's bridge (with its token) before the app's scripts run, as the desktop app's preload does. */
  page: async ({ page, harness }, use) => {
    await page.addInitScript(harnessClientScript(harness.token));
    await use(page);
  },
  /** A page signed in as the officer "Olivia Officer", the database's first user and administrator (first-run screen filled in when shown). */
  signedIn: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    const welcome = page.getByRole('heading', { name: 'Welcome to Casebook' });
    const home = page.getByRole('heading', { name: 'Dashboard', exact: true });
    await expect(welcome.or(home)).toBeVisible();
    if (await welcome.isVisible()) {
      await page.getByLabel('Your name').fill('Olivia Officer');
      await page.getByLabel('Compliance officer').check();
      await page.getByLabel('Your passphrase, again').fill(E2E_PASSPHRASE);
      await page.getByRole('button', { name: 'Start' }).click();
      await expect(home).toBeVisible();
    }
    // The specs start from the case list (the dashboard has its own spec).
    await page.goto(`${harness.url}#/cases`);
    await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Saves a screenshot under artifacts/ (kept by CI as a test artifact, and looked at by us). */
export async function snap(page: Page, name: string) {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: false });
}
