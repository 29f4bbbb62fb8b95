import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';
import type { Db, ReadDb, ReadStatement } from './handle.ts';

export type { Db, ReadDb, ReadStatement } from './handle.ts';

const SLOW_QUERY_MS = 40;

/**
 * Opens (creating if needed) a Casebook database and brings its schema up to date.
 * A database written by a newer Casebook is refused, never downgraded.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32000');
    if (!options.readonly) migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

const statementCache = new WeakMap<ReadDb, Map<string, ReadStatement>>();

/** A prepared statement, cached per connection: hot paths prepare once. On a read-only handle it can only read. */
export function stmt(db: Db, sql: string): Database.Statement;
export function stmt(db: ReadDb, sql: string): ReadStatement;
export function stmt(db: ReadDb, sql: string): ReadStatement {
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
