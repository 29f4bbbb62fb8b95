import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

const SLOW_QUERY_MS = 40;

/**
 * Opens (creating if needed) a Casebook database and brings its schema up to date.
 * A database written by a newer Casebook is refused, never downgraded.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    // First, so that switching to WAL and migrating wait for another process opening the same file.
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    if (file !== ':memory:' && !options.readonly) restrictDatabaseFiles(file);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32000');
    if (!options.readonly) migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** The database and its WAL and shared-memory files are readable by their owner only (0600). */
function restrictDatabaseFiles(file: string): void {
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch {
      // -wal/-shm appear with the first write; the umask set by the app and the CLI covers them.
    }
  }
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, cached per connection: hot paths prepare once. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Runs fn and logs it to stderr when it is slower than 40 ms. */
export function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - start;
    if (ms > SLOW_QUERY_MS && process.env.CASEBOOK_LOG_SLOW !== '0') {
      process.stderr.write(`[casebook] slow: ${label} took ${ms.toFixed(1)} ms\n`);
    }
  }
}
