import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/app.ts';
import { applyKey, checkReadable } from '../../electron/core/db/connection.ts';
import { changePassphrase, failureDelayMs, keyFilePath, readKeyFile, unlockSync, KDF_DEFAULT } from '../../electron/core/crypto/keys.ts';
import { AppError } from '../../shared/errors.ts';
import { makeTestCore, openTestDb, TEST_PASSPHRASE, TEST_UNLOCK, type TestCore } from '../helpers/core.ts';

let t: TestCore | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

const SECRETS = ['Cholsu Rimwater', 'Daniel Moorlandis', 'rimwater.dev@example.org', 'Memo: privileged advice about the payroll route'];

async function fill(core: TestCore): Promise<string> {
  const c = await core.call('cases.create', { title: 'Payroll route', summary: SECRETS[3]!, priority: 'high', assignee: '', tags: [] });
  const s = await core.call('subjects.add', { number: c.number, name: SECRETS[0]!, aliases: [SECRETS[1]!], notes: SECRETS[3]! });
  await core.call('identifiers.add', { number: c.number, kind: 'email', value: SECRETS[2]!, subjectId: s.id });
  return c.number;
}

/** Every byte of the database and its write-ahead log, as latin1 text (what `strings` reads). */
const dbBytes = (core: TestCore) =>
  readdirSync(core.dir)
    .filter((f) => f.startsWith('casebook.db'))
    .map((f) => readFileSync(join(core.dir, f)).toString('latin1'))
    .join('\n');

describe('the encrypted database', () => {
  it('holds no subject name, identifier or memo text in its file bytes (database and log)', async () => {
    t = makeTestCore();
    await fill(t);
    t.db.pragma('wal_checkpoint(PASSIVE)');
    const bytes = dbBytes(t);
    expect(bytes.length).toBeGreaterThan(4096);
    for (const s of SECRETS) {
      expect(bytes.includes(s)).toBe(false);
      expect(bytes.includes(s.split(' ')[0]!.slice(0, 8))).toBe(false);
    }
    expect(bytes.startsWith('SQLite format 3')).toBe(false);
    // The same rows, read back through the key.
    const raw = openTestDb(t.dbFile, { readonly: true });
    expect(raw.prepare('SELECT name FROM subjects').pluck().all()).toEqual([SECRETS[0]]);
    raw.close();
  });

  it('cannot be opened without its key, nor with another key', async () => {
    t = makeTestCore();
    await fill(t);
    const plain = new Database(t.dbFile, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM subjects').get()).toThrow(/not a database/);
    plain.close();
    const other = new Database(t.dbFile, { readonly: true });
    applyKey(other, { dbKeyHex: 'ab'.repeat(32) });
    expect(() => checkReadable(other, t!.dbFile, { dbKeyHex: 'ab'.repeat(32) })).toThrow(/cannot be read with this key/);
    other.close();
  });

  it('keeps its key file beside it, owner-only, with the KDF and the wrapped key but never the key', async () => {
    t = makeTestCore();
    const file = readKeyFile(t.dbFile)!;
    expect(statSync(keyFilePath(t.dbFile)).mode & 0o777).toBe(0o600);
    expect(file.slots).toHaveLength(1);
    expect(file.slots[0]!.kdf).toMatchObject({ name: 'scrypt', N: 1024, r: 8, p: 1 });
    const text = readFileSync(keyFilePath(t.dbFile), 'utf8');
    const key = t.vault.exportDataKey();
    expect(text.includes(key.toString('hex'))).toBe(false);
    expect(text.includes(key.toString('base64'))).toBe(false);
    expect(text.includes(t.vault.dbKeyHex)).toBe(false);
    expect(text.includes(TEST_PASSPHRASE)).toBe(false);
  });

  it('uses the strong scrypt setting unless the fast one is asked for by name', () => {
    expect(KDF_DEFAULT.N).toBeGreaterThanOrEqual(2 ** 17);
    const dir = makeTestCore();
    t = dir;
    const other = join(dir.dir, 'default.db');
    const core = openCore({ dbFile: other, unlock: { passphrase: TEST_PASSPHRASE } });
    core.close();
    expect(readKeyFile(other)!.slots[0]!.kdf.N).toBe(KDF_DEFAULT.N);
  });

  it('refuses a wrong passphrase with a clear message and a delay that grows, then opens with the right one', async () => {
    t = makeTestCore();
    const n = await fill(t);
    t.close();
    const tries: { ms: number; error: AppError }[] = [];
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      try {
        unlockSync(t.dbFile, 'not the passphrase at all');
      } catch (e) {
        tries.push({ ms: performance.now() - start, error: e as AppError });
      }
    }
    expect(tries.map((x) => x.error.code)).toEqual(['forbidden', 'forbidden']);
    expect(tries[0]!.error.message).toMatch(/Wrong passphrase/);
    expect(tries[1]!.error.message).toMatch(/2 wrong tries in a row/);
    expect(tries[0]!.ms).toBeGreaterThanOrEqual(failureDelayMs(1) - 5);
    expect(tries[1]!.ms).toBeGreaterThanOrEqual(failureDelayMs(2) - 5);
    expect(failureDelayMs(2)).toBeGreaterThan(failureDelayMs(1));
    expect(readKeyFile(t.dbFile)!.failures?.count).toBe(2);
    const core = openCore({ dbFile: t.dbFile, unlock: TEST_UNLOCK });
    expect(readKeyFile(t.dbFile)!.failures).toBeUndefined();
    expect(core.db.prepare('SELECT number FROM cases').pluck().all()).toEqual([n]);
    core.close();
  });

  it('changes the passphrase by re-wrapping the key only: the database bytes stay, everything stays readable', async () => {
    t = makeTestCore();
    const n = await fill(t);
    t.close();
    const before = readFileSync(t.dbFile);
    const next = 'a new passphrase for counsel review';
    expect(() => changePassphrase(t!.dbFile, TEST_PASSPHRASE, 'short')).toThrow(/at least 12 characters/);
    changePassphrase(t.dbFile, TEST_PASSPHRASE, next);
    expect(readFileSync(t.dbFile).equals(before)).toBe(true);
    expect(() => unlockSync(t!.dbFile, TEST_PASSPHRASE)).toThrow(/Wrong passphrase/);
    const core = openCore({ dbFile: t.dbFile, unlock: { passphrase: next } });
    expect(core.db.prepare('SELECT number FROM cases').pluck().all()).toEqual([n]);
    expect(core.db.prepare('SELECT name FROM subjects').pluck().all()).toEqual([SECRETS[0]]);
    core.close();
  });
});

describe('the CLI and the passphrase', () => {
  const root = join(import.meta.dirname, '../..');
  const cli = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });

  it('takes it from CASEBOOK_PASSPHRASE, never an argument; without it and without a terminal it says how', async () => {
    t = makeTestCore();
    await fill(t);
    t.close();
    const none = cli({ CASEBOOK_PASSPHRASE: '' }, '--db', t.dbFile, 'cases', 'list');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/CASEBOOK_PASSPHRASE environment variable, or run the command on a terminal/);
    const wrong = cli({ CASEBOOK_PASSPHRASE: 'a wrong passphrase, long enough' }, '--db', t.dbFile, 'cases', 'list');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/Wrong passphrase/);
    expect(cli({}, '--db', t.dbFile, '--passphrase', 'x', 'cases', 'list').status).toBe(2);
  }, 60_000);

  it('passphrase change re-wraps the key: the old one stops working, the new one opens everything', async () => {
    t = makeTestCore();
    const n = await fill(t);
    t.close();
    const next = 'the new passphrase for this laptop';
    const changed = cli({ CASEBOOK_NEW_PASSPHRASE: next }, '--db', t.dbFile, 'passphrase', 'change');
    expect(changed.stderr).toBe('');
    expect(JSON.parse(changed.stdout)).toEqual({ ok: true, changed: 'passphrase', reencrypted: 0 });
    expect(cli({}, '--db', t.dbFile, 'cases', 'list').status).toBe(2);
    const list = cli({ CASEBOOK_PASSPHRASE: next }, '--db', t.dbFile, 'cases', 'list');
    expect(JSON.parse(list.stdout).rows.map((r: { number: string }) => r.number)).toEqual([n]);
  }, 60_000);
});
