import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Db, ReadConnection, ReadDb, ReadStatement } from './handle.ts';
import { AppError } from '../../../shared/errors.ts';

export type { Db, ReadConnection, ReadDb, ReadStatement } from './handle.ts';

const SLOW_QUERY_MS = 40;

/**
 * The database's page key (SQLCipher 4 page encryption through SQLite3 Multiple Ciphers), as the
 * raw 256-bit hex key derived from the data key (crypto/keys.ts), so SQLite runs no KDF of its
 * own. `null` opens a plain database: only an in-memory one, or the old file being migrated.
 */
export type DbKey = { readonly dbKeyHex: string } | null;

/** Sets the page key on a connection just opened, before anything is read. */
export function applyKey(db: Db, key: DbKey): void {
  if (!key) return;
  if (!/^[0-9a-f]{64}([0-9a-f]{32})?$/.test(key.dbKeyHex)) throw new Error('a database key is 64 hex digits, or 96 with its salt');
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.dbKeyHex}'"`);
}

/** Reads the first page: a wrong key (or a plain file opened with a key) fails here, with a message. */
export function checkReadable(db: Db, file: string, key: DbKey): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError(
        'unsupported_database',
        key ? `${file} cannot be read with this key: it is not a Casebook database, it belongs to another key file, or it is damaged.` : `${file} is encrypted and needs its passphrase.`,
      );
    }
    throw e;
  }
}

/**
 * Opens (creating if needed) a Casebook database and brings its schema up to date.
 * A database written by a newer Casebook is refused, never downgraded.
 */
export function openDatabase(file: string, options: { key: DbKey; readonly: true }): ReadConnection;
export function openDatabase(file: string, options: { key: DbKey; readonly?: false; migrate?: boolean }): Db;
export function openDatabase(file: string, options: { key: DbKey; readonly?: boolean; migrate?: boolean }): Db | ReadConnection {
  return openConnection(file, options);
}

/** A read-only open is still a better-sqlite3 connection: only the overloads above narrow its type. */
function openConnection(file: string, options: { key: DbKey; readonly?: boolean; migrate?: boolean }): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    applyKey(db, options.key);
    // Before anything reads the file, so that checking it, switching to WAL and migrating wait
    // for another process opening the same database instead of failing at once.
    db.pragma('busy_timeout = 5000');
    try {
      checkReadable(db, file, options.key);
    } catch (e) {
      // A file written with a random salt (before the salt was derived): the key alone reads it, the salt is in its header.
      if (!options.key || options.key.dbKeyHex.length !== 96 || !(e instanceof AppError)) throw e;
      db.close();
      return openConnection(file, { ...options, key: { dbKeyHex: options.key.dbKeyHex.slice(0, 64) } });
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    if (file !== ':memory:' && !options.readonly) restrictDatabaseFiles(file);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    // An encrypted page read from the file costs a decryption and an HMAC check, so decrypted pages
    // are kept longer: up to 128 MiB (allocated only as used). Measured on 100,000 cases, the list
    // page went from 1.43x to 1.10x the plain database's time with this cache instead of 32 MB.
    db.pragma(`cache_size = ${options.key ? -131072 : -32000}`);
    if (!options.readonly && options.migrate !== false) migrate(db, MIGRATIONS);
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
