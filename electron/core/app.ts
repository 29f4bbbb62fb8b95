import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase, type Db } from './db/connection.ts';
import { restrictNewFiles } from './files/write.ts';
import { cleanStaleTemporaries } from './evidence/orphans.ts';
import { Jobs, WriteGate, type Ctx, type Paths } from './context.ts';
import { closeActivityWorker } from './activity/worker-client.ts';
import { currentUser, findUser } from './session/users.ts';
import type { Actor } from '../../shared/session.ts';

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

export type AppCore = { ctx: Ctx; db: Db; close: () => void };

/**
 * Opens the database and builds the context every transport shares. The actor is the named user
 * (their registered role, else officer), else the saved user, else none (the UI asks on first start).
 */
export function openCore(options: { dbFile: string; actorName?: string; fallbackToOsUser?: boolean; activityWorker?: URL }): AppCore {
  restrictNewFiles();
  const db = openDatabase(options.dbFile);
  if (options.dbFile !== ':memory:') cleanStaleTemporaries(pathsFor(options.dbFile));
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
    db, actor, paths: pathsFor(options.dbFile), jobs: new Jobs(), emit: () => {}, shell: {}, gate: new WriteGate(),
    workers: { activity: options.activityWorker ?? new URL('./activity/worker.ts', import.meta.url) },
  };
  return {
    ctx,
    db,
    close: () => {
      closeActivityWorker(ctx);
      db.close();
    },
  };
}
