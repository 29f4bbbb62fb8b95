// Encrypts, in place, a database and evidence folder written by a Casebook without encryption,
// on the first start of this version. Every step can be interrupted and run again:
//   1. the key file is created with the passphrase (or, on a rerun, unlocked with it);
//   2. the database is copied, the copy encrypted (SQLite's rekey) and checked (integrity, the
//      same number of rows in every table, the audit chain), then moved over the plain file;
//      until that rename the plain database is untouched;
//   3. each plain evidence file is encrypted to a temp file, decrypted again and checked against
//      its SHA-256, moved into place, and only then is the plain file removed.
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { verifyChain } from '../audit/chain.ts';
import { applyKey, checkReadable } from '../db/connection.ts';
import { blobPath, checkBlob, plainBlobPath, type BlobStore } from '../evidence/store.ts';
import { createEncryptStream } from './age.ts';
import { createKeyFile, keyFilePath, unlockSync, type KdfProfile, type Vault } from './keys.ts';

export type PlainState = { plainDatabase: boolean; plainEvidence: number };
export type EncryptProgress = (phase: 'database' | 'evidence', done: number, total: number) => void;

const PLAIN_FILE = /^[0-9a-f]{64}$/;

/** Plain evidence files (evidence/ab/cd/<sha256>) left in a folder. */
function plainEvidenceFiles(evidenceDir: string): string[] {
  if (!existsSync(evidenceDir)) return [];
  const out: string[] = [];
  for (const a of readdirSync(evidenceDir)) {
    if (!/^[0-9a-f]{2}$/.test(a) || !statSync(join(evidenceDir, a)).isDirectory()) continue;
    for (const b of readdirSync(join(evidenceDir, a))) {
      const sub = join(evidenceDir, a, b);
      if (!/^[0-9a-f]{2}$/.test(b) || !statSync(sub).isDirectory()) continue;
      for (const f of readdirSync(sub)) if (PLAIN_FILE.test(f) && f.startsWith(a + b)) out.push(f);
    }
  }
  return out.sort();
}

/** Whether the database file is a plain SQLite database (readable without a key). */
export function isPlainDatabase(dbFile: string): boolean {
  if (!existsSync(dbFile)) return false;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** What is still plain beside a database: the database itself, and how many evidence files. */
export function plainState(dbFile: string, evidenceDir = join(dirname(dbFile), 'evidence')): PlainState {
  return { plainDatabase: isPlainDatabase(dbFile), plainEvidence: plainEvidenceFiles(evidenceDir).length };
}

const userTables = (db: Database.Database): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
const counts = (db: Database.Database): Record<string, number> =>
  Object.fromEntries(userTables(db).map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));

function encryptDatabase(dbFile: string, vault: Vault, onProgress?: EncryptProgress): Record<string, number> {
  onProgress?.('database', 0, 2);
  const plain = new Database(dbFile, { fileMustExist: true });
  let before: Record<string, number>;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    before = counts(plain);
    plain.pragma('journal_mode = DELETE');
  } finally {
    plain.close();
  }
  const work = `${dbFile}.encrypting`;
  rmSync(work, { force: true });
  rmSync(`${work}-journal`, { force: true });
  copyFileSync(dbFile, work);
  const copy = new Database(work, { fileMustExist: true });
  try {
    copy.pragma("cipher = 'sqlcipher'");
    copy.pragma('legacy = 4');
    copy.pragma(`rekey = "x'${vault.dbKeyHex}'"`);
  } finally {
    copy.close();
  }
  const check = new Database(work, { fileMustExist: true });
  try {
    applyKey(check, vault);
    checkReadable(check, work, vault);
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new AppError('internal', `The encrypted copy of the database fails its integrity check (${String(integrity)}); the plain database was left as it was.`);
    const after = counts(check);
    for (const [t, n] of Object.entries(before)) {
      if (after[t] !== n) throw new AppError('internal', `The encrypted copy has ${after[t]} rows in ${t}, the plain database ${n}; the plain database was left as it was.`);
    }
    if (before.audit_events !== undefined) {
      const chain = verifyChain(check);
      if (!chain.ok) throw new AppError('internal', `The encrypted copy's audit chain does not verify (${chain.reason}); the plain database was left as it was.`);
    }
    check.pragma('journal_mode = WAL');
  } finally {
    check.close();
  }
  onProgress?.('database', 1, 2);
  // The plain database was checkpointed and closed: its log files are empty; they must not sit beside the encrypted file.
  rmSync(`${dbFile}-wal`, { force: true });
  rmSync(`${dbFile}-shm`, { force: true });
  renameSync(work, dbFile);
  onProgress?.('database', 2, 2);
  return before;
}

async function encryptEvidenceFile(store: BlobStore, sha256: string): Promise<'encrypted' | 'damaged'> {
  const plain = plainBlobPath(store.dir, sha256);
  const final = blobPath(store, sha256);
  await mkdir(join(store.dir, 'tmp'), { recursive: true });
  const tmp = join(store.dir, 'tmp', `${randomUUID()}.part`);
  const hash = createHash('sha256');
  try {
    await pipeline(
      createReadStream(plain, { highWaterMark: 1024 * 1024 }),
      new Transform({
        transform(c: Buffer, _e, cb) {
          hash.update(c);
          cb(null, c);
        },
      }),
      createEncryptStream(store.vault.evidencePublicRaw),
      createWriteStream(tmp, { flags: 'wx', flush: true, mode: 0o600 }),
    );
    if (hash.digest('hex') !== sha256) {
      await unlink(tmp);
      return 'damaged';
    }
    await mkdir(dirname(final), { recursive: true });
    if (!existsSync(final)) await rename(tmp, final);
    else await unlink(tmp);
    const back = await checkBlob(store, sha256);
    if (back.status !== 'ok') throw new AppError('internal', `The encrypted copy of an evidence file does not read back (${back.status}); its plain copy was kept.`);
    await unlink(plain);
    return 'encrypted';
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

export type EncryptResult = { database: { encrypted: boolean; rows: number }; evidence: { encrypted: number; damaged: string[] }; vault: Vault };

/**
 * Brings a plain database and evidence folder to the encrypted form. `passphrase` sets the
 * passphrase when there is no key file yet, and unlocks it on a rerun.
 */
export async function encryptExisting(dbFile: string, passphrase: string, opts: { kdf?: KdfProfile; onProgress?: EncryptProgress; evidenceDir?: string } = {}): Promise<EncryptResult> {
  const evidenceDir = opts.evidenceDir ?? join(dirname(dbFile), 'evidence');
  const vault = existsSync(keyFilePath(dbFile)) ? unlockSync(dbFile, passphrase) : createKeyFile(dbFile, passphrase, { kdf: opts.kdf ?? 'default' });
  let rows = 0;
  let encryptedDb = false;
  if (isPlainDatabase(dbFile)) {
    rows = Object.values(encryptDatabase(dbFile, vault, opts.onProgress)).reduce((a, b) => a + b, 0);
    encryptedDb = true;
  }
  const store: BlobStore = { dir: evidenceDir, vault };
  const files = plainEvidenceFiles(evidenceDir);
  const damaged: string[] = [];
  let encrypted = 0;
  for (const [i, sha] of files.entries()) {
    if ((await encryptEvidenceFile(store, sha)) === 'damaged') damaged.push(sha);
    else encrypted++;
    opts.onProgress?.('evidence', i + 1, files.length);
  }
  // Folders the plain layout used (ab/cd) that are empty now.
  for (const sha of files) {
    for (const d of [join(evidenceDir, sha.slice(0, 2), sha.slice(2, 4))]) {
      try {
        rmdirSync(d);
      } catch {
        // not empty (a damaged file kept, or another plain file): left
      }
    }
  }
  return { database: { encrypted: encryptedDb, rows }, evidence: { encrypted, damaged }, vault };
}
