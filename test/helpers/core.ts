import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { invoke } from '../../electron/core/api.ts';
import { openCore, openVault, type AppCore, type Unlock } from '../../electron/core/app.ts';
import { applyKey, openDatabase, type Db, type ReadConnection } from '../../electron/core/db/connection.ts';
import { unlockSync } from '../../electron/core/crypto/keys.ts';
import { actorOf, findUser, listUsers } from '../../electron/core/session/users.ts';
import { addUser, giveRole, setUpFirstUser, signInUser } from '../../electron/core/session/accounts.ts';
import type { Channel, Input, Output } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Role } from '../../shared/session.ts';

export type TestCore = AppCore & {
  dir: string;
  dbFile: string;
  /** Calls an operation through the handler table (validation included); throws AppError on failure. */
  call: <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>;
  /**
   * Switches the acting user. A new name is added by the administrator (the first user) with the
   * role and the test passphrase; a registered user whose role differs is given it by the administrator.
   */
  as: (name: string, role?: Role) => void;
  cleanup: () => void;
};

/**
 * The passphrase of every test database. The CLI a test starts finds it in CASEBOOK_PASSPHRASE
 * (vitest.config.ts and the browser harness set it, with CASEBOOK_TEST_FAST_KDF=1).
 */
export const TEST_PASSPHRASE = 'test passphrase: correct horse battery staple';

/**
 * How tests unlock a database: the test passphrase, and for a new database scrypt's test-only
 * fast parameters (asked for explicitly here; the app's default is never weakened).
 */
export const TEST_UNLOCK: Unlock = { passphrase: TEST_PASSPHRASE, kdf: 'test-only-fast' };

process.env.CASEBOOK_PASSPHRASE ??= TEST_PASSPHRASE;
process.env.CASEBOOK_TEST_FAST_KDF ??= '1';

/**
 * A raw connection (better-sqlite3, no migrations) to a test database, keyed with its data key:
 * for tests that change rows behind the core's back. `readonly` as better-sqlite3 takes it.
 */
export function openTestDb(dbFile: string, options: { readonly?: boolean; passphrase?: string } = {}): Db {
  const vault = unlockSync(dbFile, options.passphrase ?? TEST_PASSPHRASE);
  const db = new Database(dbFile, { readonly: options.readonly ?? false });
  applyKey(db, vault);
  vault.wipe();
  return db;
}

/** A database opened through the migrations (openDatabase), created with the test passphrase when new. */
export function openTestDatabase(dbFile: string, options: { readonly: true }): ReadConnection;
export function openTestDatabase(dbFile: string, options?: { readonly?: false }): Db;
export function openTestDatabase(dbFile: string, options: { readonly?: boolean } = {}): Db | ReadConnection {
  const key = openVault(dbFile, TEST_UNLOCK);
  return options.readonly ? openDatabase(dbFile, { key, readonly: true }) : openDatabase(dbFile, { key });
}

/** A real database file in a fresh temp folder, signed in as its first user (the administrator), an officer by default. */
export function makeTestCore(user = 'Olivia Officer', role: Role = 'officer', options: { dir?: string } = {}): TestCore {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'casebook-test-'));
  const dbFile = join(dir, 'casebook.db');
  const core = openCore({ dbFile, unlock: TEST_UNLOCK });
  if (findUser(core.db, user)) signInUser(core.ctx, user, TEST_PASSPHRASE);
  else setUpFirstUser(core.ctx, user, role, TEST_PASSPHRASE);
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    const r = await invoke(core.ctx, channel, input);
    if (!r.ok) throw AppError.fromBody(r.error);
    return r.value as Output<C>;
  };
  return {
    ...core,
    dir,
    dbFile,
    call,
    as: (name, r = 'officer') => {
      const admin = listUsers(core.db).find((u) => u.admin)!;
      const asAdmin = { ...core.ctx, actor: actorOf(admin) };
      let u = findUser(core.db, name);
      if (!u) u = addUser(asAdmin, { name, role: r, passphrase: TEST_PASSPHRASE });
      else if (u.role !== r) u = giveRole(asAdmin, name, r);
      core.ctx.actor = actorOf(u);
    },
    cleanup: () => {
      if (core.db.open) core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
