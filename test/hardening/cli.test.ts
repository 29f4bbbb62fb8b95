import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceWriter } from '../../electron/core/db/holder.ts';
import { openTestDb } from '../helpers/core.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-hardening-cli-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cliAt = (file: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', file, '--user', 'Hana Officer', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr, failure: `${r.signal ?? ''} ${r.error?.message ?? ''} ${r.stderr?.slice(0, 300) ?? ''}` };
};
const cli = (...args: string[]) => cliAt(db, ...args);

// Each call starts a fresh Node with tsx, which takes seconds on a busy machine.
describe('CLI robustness', { timeout: 120_000 }, () => {
  beforeAll(() => expect(cli('users', 'add', 'Hana Officer', '--role', 'officer').code).toBe(0));

  it('refuses a database that does not exist, naming the path, and creates nothing (first registration excepted)', () => {
    const typo = join(dir, 'typo', 'casebok.db');
    for (const args of [['verify'], ['cases', 'list'], ['audit', 'verify']]) {
      const r = cliAt(typo, ...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`There is no Casebook database at ${typo}`);
      expect(r.out).toBe('');
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    const first = cliAt(typo, 'login', 'Hana Officer', '--role', 'officer');
    expect(first.code).toBe(0);
    expect(existsSync(typo)).toBe(true);
    expect(cliAt(typo, 'cases', 'list').code).toBe(0);
  });

  it('creates the database 0600 in a 0700 folder', () => {
    const fresh = join(dir, 'fresh', 'casebook.db');
    expect(cliAt(fresh, 'users', 'add', 'Hana Officer', '--role', 'officer').code).toBe(0);
    expect(cliAt(fresh, 'cases', 'create', '--title', 'Modes').code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'fresh')).mode & 0o777).toBe(0o700);
    for (const f of [`${fresh}-wal`, `${fresh}-shm`]) if (existsSync(f)) expect(statSync(f).mode & 0o077).toBe(0);
  });

  it('a writer waiting past the busy timeout is told what holds the database, not "Unexpected error"', () => {
    const holder = openTestDb(db);
    const done = announceWriter(db, 'A login-activity import');
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = cli('cases', 'create', '--title', 'Blocked');
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(/Unexpected error/);
      expect(r.err).toMatch(/The database is busy: A login-activity import is running in another window or command.*Nothing was saved/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      done();
    }
  });

  it('exits quietly when the reader of its output goes away (EPIPE)', async () => {
    const r = await new Promise<{ code: number | null; err: string }>((done) => {
      const p = spawn(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, 'indicators', 'list'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      p.stdout.destroy();
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => done({ code, err }));
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('takes strict decimal numbers only', () => {
    for (const bad of ['0x10', '0b11', ' 7 ', '', '1e2', '7abc']) {
      const r = cli('cases', 'list', '--limit', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/--limit must be a whole number/);
    }
    for (const bad of ['0x1', ' 0.9', '', '.', '9e-1']) {
      const r = cli('sanctions', 'threshold', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/must be a decimal number/);
    }
    expect(cli('cases', 'list', '--limit', '10').code).toBe(0);
  });

  it('refuses unknown settings names and non-decimal values', () => {
    const unknown = cli('activity', 'settings', '--set', 'nope=1');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unrecognized key: .*nope/);
    const hex = cli('activity', 'settings', '--set', 'na01Ips=0x10');
    expect(hex.code).toBe(2);
    expect(hex.err).toMatch(/na01Ips must be a decimal number/);
    const ok = cli('activity', 'settings', '--set', 'na01Ips=4');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).na01Ips).toBe(4);
  });

  it('caps quoted input in messages: a 10 MB cell is not echoed whole', () => {
    const number = JSON.parse(cli('cases', 'create', '--title', 'Cap').out).number as string;
    const file = join(dir, 'huge-amount.csv');
    writeFileSync(file, `date,amount,currency,rail,payee\n2025-01-01,${'9'.repeat(900_000)},USD,wire,Payee\n`);
    const r = cli('payments', 'import', number, file);
    expect(r.code, r.failure).toBe(2);
    expect(r.err.length).toBeLessThan(10_000);
    const arg = cli('cases', 'list', '--limit', '7'.repeat(100_000));
    expect(arg.code).toBe(2);
    expect(arg.err.length).toBeLessThan(10_000);
  });

  it('screen-file --out: a folder is refused by name, a symlink is never written through', () => {
    // A one-entry list in OFAC's legacy CSV format, so that there is a version to screen against.
    const sdn = join(dir, 'sdn.csv');
    writeFileSync(sdn, '36,"KIM, Chol","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n');
    expect(cli('sanctions', 'import', '--sdn', sdn, '--published', '2025-01-01').code).toBe(0);
    const batch = join(dir, 'batch.csv');
    writeFileSync(batch, 'name\nKim Chol\n');
    const folder = join(dir, 'out-folder');
    mkdirSync(folder);
    const r = cli('sanctions', 'screen-file', batch, '--out', folder);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/Unexpected error|EISDIR/);
    expect(r.err).toContain('is a folder');
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'keep me');
    const link = join(dir, 'link.csv');
    symlinkSync(secret, link);
    const l = cli('sanctions', 'screen-file', batch, '--out', link);
    expect(l.code).toBe(2);
    expect(l.err).toContain('symbolic link');
    expect(readFileSync(secret, 'utf8')).toBe('keep me');
  });

  it('refuses a folder, a FIFO or a device as input: not a regular file', () => {
    const number = JSON.parse(cli('cases', 'create', '--title', 'Not files').out).number as string;
    const fifo = join(dir, 'pipe.csv');
    spawnSync('mkfifo', [fifo]);
    for (const path of [dir, fifo, '/dev/zero']) {
      const r = cli('payments', 'import', number, path);
      expect(r.code, path).toBe(2);
      expect(r.err, path).toMatch(/not a regular file/);
    }
    const s = cli('sanctions', 'screen-file', '/dev/zero');
    expect(s.err).toMatch(/not a regular file/);
  });
});
