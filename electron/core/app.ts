import { removeAbandonedStaging } from './activity/writer.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase, type Db } from './db/connection.ts';
import { restrictNewFiles } from './files/write.ts';
import { cleanStaleTemporaries } from './evidence/orphans.ts';
import { createKeyFile, keyFilePath, unlockSync, type KdfProfile, type Vault } from './crypto/keys.ts';
import { Jobs, WriteGate, type Ctx, type Paths } from './context.ts';
import { closeActivityWorker } from './activity/worker-client.ts';
import { currentUser, findUser } from './session/users.ts';
import type { Actor } from '../../shared/session.ts';
import { AppError } from '../../shared/errors.ts';

export const APP_NAME = 'Casebook';

/** The folder Electron's app.getPath('userData') gives Casebook on this platform. */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export function pathsFor(dbFile: string): Paths {
  const dataDir = dbFile === ':memory:' ? process.cwd() : dirname(dbFile);
  return { dbFile, dataDir, evidenceDir: join(dataDir, 'evidence') };
}

export type AppCore = { ctx: Ctx; db: Db; vault: Vault; close: () => void };

/**
 * How the database is unlocked: a passphrase (which creates the key file when there is no
 * database yet, with the KDF set given; the default unless a test asks otherwise), or a vault
 * already unlocked (the desktop app's unlock screen, a restore).
 */
export type Unlock = { passphrase: string; kdf?: KdfProfile } | { vault: Vault };

/** The vault for a database: unlocked with the passphrase, or created with it for a new database. */
export function openVault(dbFile: string, unlock: Unlock): Vault {
  if ('vault' in unlock) return unlock.vault;
  if (existsSync(keyFilePath(dbFile))) return unlockSync(dbFile, unlock.passphrase);
  if (existsSync(dbFile)) {
    throw new AppError('unsupported_database', `${dbFile} is not encrypted yet: open it once with this version of Casebook to encrypt it (migration), or restore an encrypted backup.`);
  }
  try {
    return createKeyFile(dbFile, unlock.passphrase, { kdf: unlock.kdf ?? 'default' });
  } catch (e) {
    // Another process created this new database's key file a moment ago: use it.
    if (e instanceof AppError && e.code === 'conflict' && existsSync(keyFilePath(dbFile))) return unlockSync(dbFile, unlock.passphrase);
    throw e;
  }
}

/**
 * Opens the database and builds the context every transport shares. The actor is the named user
 * (their registered role, else officer), else the saved user, else none (the UI asks on first start).
 */
export function openCore(options: { dbFile: string; unlock: Unlock; actorName?: string; fallbackToOsUser?: boolean; activityWorker?: URL }): AppCore {
  restrictNewFiles();
  // The data folder first (0700): a new database's key file is written before the database.
  if (options.dbFile !== ':memory:') mkdirSync(dirname(options.dbFile), { recursive: true, mode: 0o700 });
  const vault = openVault(options.dbFile, options.unlock);
  const db = openDatabase(options.dbFile, { key: vault });
  if (options.dbFile !== ':memory:') cleanStaleTemporaries(pathsFor(options.dbFile));
  // Rows a login import killed while staged left behind (invisible, but taking room).
  removeAbandonedStaging(db);
  let actor: Actor | null = null;
  if (options.actorName) {
    const u = findUser(db, options.actorName);
    actor = { name: u?.name ?? options.actorName, role: u?.role ?? 'officer' };
  } else {
    const saved = currentUser(db);
    if (saved) actor = { name: saved.name, role: saved.role };
    else if (options.fallbackToOsUser) actor = { name: userInfo().username || 'unknown', role: 'officer' };
  }
  const ctx: Ctx = {
    db, vault, actor, paths: pathsFor(options.dbFile), jobs: new Jobs(), emit: () => {}, shell: {}, gate: new WriteGate(),
    workers: { activity: options.activityWorker ?? new URL('./activity/worker.ts', import.meta.url) },
  };
  return {
    ctx,
    db,
    vault,
    close: () => {
      closeActivityWorker(ctx);
      db.close();
    },
  };
}
