import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppLock } from '../../electron/core/crypto/lock.ts';
import { keychainPath, type OsKeychain } from '../../electron/core/crypto/keychain.ts';
import { TEST_PASSPHRASE } from '../helpers/core.ts';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { createCase } from '../../electron/core/cases/repo.ts';
import type { Progress } from '../../shared/contract/index.ts';
import { backupStatus } from '../../electron/core/backup/service.ts';
import { LOCATION_FILE, readLocation } from '../../electron/core/crypto/location.ts';

// The OS keychain stands outside Casebook: here it is played by an AES key this process holds.
const fakeKeychain = (): OsKeychain & { broken: boolean } => {
  const k = Buffer.alloc(32, 7);
  return {
    broken: false,
    isEncryptionAvailable() {
      return !this.broken;
    },
    encryptString: (s) => Buffer.from(Buffer.from(s).map((b, i) => b ^ k[i % 32]!)),
    decryptString: (b) => Buffer.from(b.map((x, i) => x ^ k[i % 32]!)).toString(),
  };
};

let dir: string;
let lock: AppLock;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'casebook-lock-'));
});
afterEach(() => {
  lock?.lock();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app lock', () => {
  it('encrypts a database from a version without encryption on its first unlock, reporting progress', async () => {
    const dbFile = join(dir, 'casebook.db');
    const plain = openDatabase(dbFile, { key: null });
    createCase(plain, 'Olivia Officer', { title: 'From before encryption', summary: '', priority: 'low', assignee: '', tags: [] });
    plain.close();
    const progress: Progress[] = [];
    lock = new AppLock({ dbFile, kdf: 'test-only-fast', onProgress: (p) => progress.push(p) });
    expect(lock.status()).toMatchObject({ state: 'locked', encryptingExisting: true });
    expect(await lock.invoke('app.setPassphrase', { passphrase: TEST_PASSPHRASE, confirm: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked', encryptingExisting: false } });
    expect(progress.map((p) => `${p.phase} ${p.done}/${p.total}`)).toEqual(['encrypting the database 0/2', 'encrypting the database 1/2', 'encrypting the database 2/2']);
    expect(lock.core!.db.prepare('SELECT title FROM cases').pluck().all()).toEqual(['From before encryption']);
    expect(readFileSync(dbFile).toString('latin1')).not.toContain('From before encryption');
  });

  it('starts new, sets the passphrase, answers "locked" to everything once locked, and drops the key', async () => {
    const keychain = fakeKeychain();
    lock = new AppLock({ dbFile: join(dir, 'casebook.db'), kdf: 'test-only-fast', keychain });
    expect(lock.status()).toMatchObject({ state: 'new', idleSeconds: 600, keychain: 'off' });
    expect(await lock.invoke('cases.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await lock.invoke('app.setPassphrase', { passphrase: TEST_PASSPHRASE, confirm: 'different' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await lock.invoke('app.setPassphrase', { passphrase: TEST_PASSPHRASE, confirm: TEST_PASSPHRASE, name: 'Olivia Officer', role: 'officer' })).toMatchObject({ ok: true, value: { state: 'unlocked', users: ['Olivia Officer'] } });
    expect(await lock.invoke('cases.create', { title: 'Behind the lock' })).toMatchObject({ ok: true });
    const core = lock.core!;
    const vault = core.vault;
    expect(lock.lock().state).toBe('locked');
    expect(core.db.open).toBe(false);
    expect(vault.nameKey.every((b) => b === 0)).toBe(true);
    expect(await lock.invoke('cases.list', {})).toMatchObject({ ok: false, error: { code: 'locked', details: { appLocked: true } } });
    expect(await lock.invoke('app.unlock', { passphrase: 'wrong passphrase here' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(lock.status().wrongTries).toBe(1);
    expect(await lock.invoke('app.unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked', wrongTries: 0 } });
    expect(await lock.invoke('cases.list', {})).toMatchObject({ ok: true, value: { total: 1 } });
    // Changing the passphrase from the Settings page: the old one stops working, the new one opens the same data.
    const next = 'another passphrase for this laptop';
    expect(await lock.invoke('app.changePassphrase', { current: TEST_PASSPHRASE, next, confirm: 'typo' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await lock.invoke('app.changePassphrase', { current: 'not the current one', next, confirm: next })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await lock.invoke('app.changePassphrase', { current: TEST_PASSPHRASE, next, confirm: next })).toMatchObject({ ok: true });
    lock.lock();
    expect(await lock.invoke('app.unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await lock.invoke('app.unlock', { passphrase: next })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await lock.invoke('cases.list', {})).toMatchObject({ ok: true, value: { total: 1 } });
  }, 30_000);

  it('may remember the key in the OS keychain; the passphrase still unlocks; a stale or unavailable copy falls back to it', async () => {
    const keychain = fakeKeychain();
    const dbFile = join(dir, 'casebook.db');
    lock = new AppLock({ dbFile, kdf: 'test-only-fast', keychain });
    await lock.setPassphrase(TEST_PASSPHRASE, TEST_PASSPHRASE);
    lock.lock();
    await lock.unlock(TEST_PASSPHRASE, true);
    expect(lock.status().keychain).toBe('on');
    const stored = readFileSync(keychainPath(dbFile), 'utf8');
    expect(stored).not.toContain(lock.core!.vault.exportDataKey().toString('base64'));
    lock.lock();
    expect(lock.unlockWithKeychain().state).toBe('unlocked');
    lock.lock();
    expect((await lock.unlock(TEST_PASSPHRASE)).state).toBe('unlocked');
    lock.lock();
    keychain.broken = true;
    expect(lock.status().keychain).toBe('unavailable');
    expect(() => lock.unlockWithKeychain()).toThrow(/enter the passphrase/);
    keychain.broken = false;
    lock.forgetKeychain();
    expect(lock.status().keychain).toBe('off');
    expect(() => lock.unlockWithKeychain()).toThrow(/holds no key/);
  });
});

describe('the keychain copy and users', () => {
  it('opens as the user who kept it, not as whoever signed in last; a copy whose user is gone is forgotten', async () => {
    const keychain = fakeKeychain();
    const dbFile = join(dir, 'casebook.db');
    lock = new AppLock({ dbFile, kdf: 'test-only-fast', keychain });
    await lock.setPassphrase(TEST_PASSPHRASE, TEST_PASSPHRASE);
    expect(await lock.invoke('session.setUp', { name: 'Ada Admin', role: 'officer', passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
    const otherPass = 'a different passphrase for Otto';
    expect(await lock.invoke('users.add', { name: 'Otto Officer', role: 'officer', passphrase: otherPass })).toMatchObject({ ok: true });
    lock.lock();
    await lock.unlock(TEST_PASSPHRASE, true, 'Ada Admin');
    expect(lock.core!.ctx.actor?.name).toBe('Ada Admin');
    lock.lock();
    await lock.unlock(otherPass, false, 'Otto Officer');
    expect(lock.core!.ctx.actor?.name).toBe('Otto Officer');
    lock.lock();
    // Otto signed in last, but the copy is Ada's: the button says so, and it opens as Ada.
    expect(lock.status()).toMatchObject({ keychain: 'on', keychainUser: 'Ada Admin', lastUser: 'Otto Officer' });
    expect(lock.unlockWithKeychain().state).toBe('unlocked');
    expect(lock.core!.ctx.actor?.name).toBe('Ada Admin');
    lock.lock();
    // The name is sealed with the key: editing the file beside the database breaks the copy, it does not change whom it opens as.
    const file = JSON.parse(readFileSync(keychainPath(dbFile), 'utf8')) as { blob: string };
    const sealed = keychain.decryptString(Buffer.from(file.blob, 'base64'));
    expect(JSON.parse(sealed)).toMatchObject({ user: 'Ada Admin' });
    // A copy kept before users existed (or by someone not a user here) opens nothing and is forgotten.
    writeFileSync(keychainPath(dbFile), JSON.stringify({ ...file, blob: keychain.encryptString(sealed.replace('"Ada Admin"', 'null')).toString('base64') }));
    expect(() => lock.unlockWithKeychain()).toThrow(/Sign in with your passphrase/);
    expect(lock.status()).toMatchObject({ state: 'locked', keychain: 'off' });
  });
});

describe('automatic backups', () => {
  it('run when the last success is older than the interval, and record success or failure for the Settings page', async () => {
    const dbFile = join(dir, 'casebook.db');
    lock = new AppLock({ dbFile, kdf: 'test-only-fast' });
    await lock.setPassphrase(TEST_PASSPHRASE, TEST_PASSPHRASE);
    expect(await lock.backupIfDue()).toBe(false); // no folder chosen
    const folder = join(dir, '..', `${dir.split('/').pop()}-auto`);
    try {
      expect(await lock.invoke('backup.configure', { folder, everyHours: 4 })).toMatchObject({ ok: true, value: { folder, stale: true, lastSuccess: null } });
      expect(await lock.backupIfDue()).toBe(true);
      const after = (await lock.invoke('backup.status', {})) as { ok: true; value: { lastSuccess: string; stale: boolean } };
      expect(after.value.stale).toBe(false);
      expect(await lock.backupIfDue()).toBe(false); // not due for 4 hours
      expect(await lock.backupIfDue(Date.parse(after.value.lastSuccess) + 4 * 3_600_000 + 1)).toBe(true);
      expect(backupStatus(dbFile, Date.now() + 25 * 3_600_000).stale).toBe(true); // warned after a day
      await lock.invoke('backup.configure', { folder: dbFile, everyHours: 4 }); // a file, not a folder
      await expect(lock.backupIfDue(Date.now() + 5 * 3_600_000)).rejects.toThrow(/is a file, not a folder/);
      expect(backupStatus(dbFile).lastError).toMatch(/is a file, not a folder/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('switching to a restored copy', () => {
  it('checks the passphrase and opens the copy before closing the current database, carries the settings over and records the choice', async () => {
    const dbFile = join(dir, 'data', 'casebook.db');
    const locationFile = join(dir, LOCATION_FILE);
    lock = new AppLock({ dbFile, kdf: 'test-only-fast', locationFile });
    await lock.setPassphrase(TEST_PASSPHRASE, TEST_PASSPHRASE, { name: 'Olivia Officer', role: 'officer' });
    await lock.invoke('app.setIdleMinutes', { minutes: 7 });
    const backups = join(dir, 'backups');
    expect(await lock.invoke('cases.create', { title: 'In the backup' })).toMatchObject({ ok: true });
    expect(await lock.invoke('backup.run', { folder: backups })).toMatchObject({ ok: true });
    expect(await lock.invoke('cases.create', { title: 'Only in the current data' })).toMatchObject({ ok: true });
    const to = join(dir, 'restored');
    expect(await lock.invoke('backup.restore', { from: backups, to, passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
    const titles = async () => ((await lock.invoke('cases.list', {})) as { ok: true; value: { rows: { title: string }[] } }).value.rows.map((r) => r.title).sort();

    // Refused without changing anything: a wrong passphrase, a folder with no database, the open one.
    expect(await lock.invoke('app.switchDatabase', { folder: to, passphrase: 'not the passphrase of it' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await lock.invoke('app.switchDatabase', { folder: join(dir, 'backups'), passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await lock.invoke('app.switchDatabase', { folder: join(dir, 'data'), passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(lock.dbFile).toBe(dbFile);
    expect(await titles()).toEqual(['In the backup', 'Only in the current data']);
    expect(existsSync(locationFile)).toBe(false);

    const old = lock.core!;
    expect(await lock.invoke('app.switchDatabase', { folder: to, passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked', idleSeconds: 7 * 60 } });
    expect(old.db.open).toBe(false);
    expect(lock.dbFile).toBe(join(to, 'casebook.db'));
    expect(await titles()).toEqual(['In the backup']);
    expect(await lock.invoke('backup.status', {})).toMatchObject({ ok: true, value: { database: join(to, 'casebook.db'), folder: null } });
    expect(readLocation(locationFile, dbFile)).toBe(join(to, 'casebook.db'));
    // Locked and unlocked again, it is still the copy; the original is as it was.
    lock.lock();
    await lock.unlock(TEST_PASSPHRASE);
    expect(await titles()).toEqual(['In the backup']);
    lock.lock();
    const original = new AppLock({ dbFile, kdf: 'test-only-fast' });
    await original.unlock(TEST_PASSPHRASE);
    expect(((await original.invoke('cases.list', {})) as { ok: true; value: { total: number } }).value.total).toBe(2);
    original.lock();
    // A copy no longer there (a drive unplugged): the app's own database, never a new empty one.
    rmSync(to, { recursive: true });
    expect(readLocation(locationFile, dbFile)).toBe(dbFile);
  }, 60_000);
});
