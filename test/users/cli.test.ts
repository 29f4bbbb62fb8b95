import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../helpers/core.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-users-cli-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNSEL_PASS = 'counsel on the command line';
const cli = (env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CASEBOOK_PASSPHRASE: TEST_PASSPHRASE, CASEBOOK_NEW_PASSPHRASE: '', CASEBOOK_TEST_FAST_KDF: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
};

describe('users on the command line', () => {
  it('login starts a new database with its administrator; users add takes the new passphrase from the environment; every call acts as --user with that user\u2019s passphrase', () => {
    const first = cli({}, 'login', 'Ada Admin', '--role', 'officer');
    expect(first.code, first.err).toBe(0);
    expect(first.json()).toMatchObject({ name: 'Ada Admin', role: 'officer', admin: true });

    // Without a new passphrase in the environment and no terminal, it says where to give it.
    const noPass = cli({}, 'users', 'add', 'Carla Counsel', '--role', 'counsel');
    expect(noPass.code).toBe(2);
    expect(noPass.err).toMatch(/CASEBOOK_NEW_PASSPHRASE/);
    const added = cli({ CASEBOOK_NEW_PASSPHRASE: COUNSEL_PASS }, 'users', 'add', 'Carla Counsel', '--role', 'counsel');
    expect(added.code, added.err).toBe(0);
    expect(added.json()).toMatchObject({ name: 'Carla Counsel', role: 'counsel', admin: false, fingerprint: expect.stringMatching(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/) });

    const list = cli({}, 'users', 'list');
    expect(list.code).toBe(0);
    expect(list.json().map((u: { name: string; fingerprint: string }) => [u.name, /^([0-9a-f]{4} ){7}[0-9a-f]{4}$/.test(u.fingerprint)])).toEqual([
      ['Ada Admin', true],
      ['Carla Counsel', true],
    ]);

    // --user with someone else's passphrase is refused; with her own it acts as her.
    const wrong = cli({}, '--user', 'Carla Counsel', 'cases', 'list');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/Wrong passphrase for Carla Counsel/);
    const created = cli({ CASEBOOK_PASSPHRASE: COUNSEL_PASS }, '--user', 'Carla Counsel', 'cases', 'create', '--title', 'Opened by counsel');
    expect(created.code, created.err).toBe(0);
    expect(created.json().createdBy).toBe('Carla Counsel');
    // Counsel is not the administrator: she adds no one, and gives no roles.
    const refused = cli({ CASEBOOK_PASSPHRASE: COUNSEL_PASS, CASEBOOK_NEW_PASSPHRASE: 'mallory passphrase long' }, '--user', 'Carla Counsel', 'users', 'add', 'Mallory', '--role', 'counsel');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/Only the administrator adds users/);
    // Roles are never self-declared at login.
    const selfDeclared = cli({ CASEBOOK_PASSPHRASE: COUNSEL_PASS }, 'login', 'Carla Counsel', '--role', 'officer');
    expect(selfDeclared.code).toBe(2);
    expect(selfDeclared.err).toMatch(/roles come from the administrator/);
    // Without --user, the saved user acts when the passphrase is theirs; login saves Carla.
    expect(cli({ CASEBOOK_PASSPHRASE: COUNSEL_PASS }, 'login', 'Carla Counsel').code).toBe(0);
    const who = cli({ CASEBOOK_PASSPHRASE: COUNSEL_PASS }, 'cases', 'create', '--title', 'Saved user');
    expect(who.json().createdBy).toBe('Carla Counsel');
    // A passphrase that is nobody's opens nothing.
    expect(cli({ CASEBOOK_PASSPHRASE: 'nobody has this passphrase' }, 'cases', 'list').code).toBe(2);

    const verify = cli({}, '--user', 'Ada Admin', 'audit', 'verify');
    expect(verify.code, verify.err).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true, signatures: { checked: 0 }, checkpoints: { count: 0 } });
  }, 300_000);
});
