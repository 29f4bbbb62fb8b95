// Which database the desktop app opens: its own data folder's casebook.db, unless the user
// switched to a restored copy elsewhere (Settings, after a restore). The choice is kept in a small
// file in the app's data folder; a copy that is no longer there (a drive unplugged, a folder
// removed) is not replaced by a new empty database: the app opens its own database instead.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { keyFilePath } from './keys.ts';

export const LOCATION_FILE = 'casebook-location.json';

/** The database file to open: the one recorded in `locationFile` if it is still there, else `fallback`. */
export function readLocation(locationFile: string, fallback: string): string {
  try {
    const { dbFile } = JSON.parse(readFileSync(locationFile, 'utf8')) as { dbFile?: unknown };
    if (typeof dbFile === 'string' && isAbsolute(dbFile) && existsSync(dbFile) && existsSync(keyFilePath(dbFile))) return dbFile;
  } catch {
    // no choice recorded (or unreadable): the app's own database
  }
  return fallback;
}

/** Records the database file the app opens from now on (written whole, then renamed). */
export function writeLocation(locationFile: string, dbFile: string): void {
  const tmp = `${locationFile}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ dbFile, since: new Date().toISOString() }, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, locationFile);
}

export const databaseIn = (folder: string): string => join(folder, 'casebook.db');
