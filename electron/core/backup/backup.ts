// Backups and restore. A backup folder holds one pool of evidence files shared by its snapshots
// (a file already there is never copied again: the backups are incremental) and one folder per
// snapshot with a consistent copy of the database, its key file and a manifest:
//
//   DIR/evidence/ab/<keyed name>.age             the encrypted evidence files, as in the store
//   DIR/db/ab/<sha256>                           the database file's encrypted bytes in 64 KiB
//                                                chunks, shared by the snapshots (named by hash)
//   DIR/snapshots/<UTC time>/casebook.db-wal     the write-ahead log at that moment, if any
//   DIR/snapshots/<UTC time>/casebook.db.key     the wrapped key (the passphrase at backup time)
//   DIR/snapshots/<UTC time>/manifest.json       every file with its SHA-256, the audit head, a MAC
//
// Nothing in a backup is decrypted: the files are the encrypted originals, the database copy is
// written by SQLite already encrypted. A restore checks everything before it writes anything.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { auditHead, verifyChain } from '../audit/chain.ts';
import { applyKey } from '../db/connection.ts';
import { createDecryptStream } from '../crypto/age.ts';
import { keyFilePath, readKeyFile, unlockSync, type Vault } from '../crypto/keys.ts';
import { blobPath, type BlobStore } from '../evidence/store.ts';
import type { Db } from '../db/connection.ts';

export const MANIFEST = 'manifest.json';
const DB_NAME = 'casebook.db';
const KEY_NAME = `${DB_NAME}.key`;

export type ManifestFile = { path: string; sha256: string; size: number };
/**
 * The database file as the SHA-256 of its 64 KiB chunks, in order (each stored once in DIR/db/).
 * `sha256`: version 1, of the whole file; version 2, of the chunks' SHA-256s in order (each chunk
 * is checked against its own). `fingerprints`: per chunk, what the next backup compares to find
 * the chunks that changed (fingerprintOf); absent when the database's pages carry no MACs.
 */
export type ManifestDatabase = ManifestFile & { chunkSize: number; chunks: string[]; fingerprints?: string[]; wal: ManifestFile | null };
const DB_CHUNK = 64 * 1024;
const chunkPath = (h: string) => `db/${h.slice(0, 2)}/${h}`;
export type Manifest = {
  format: 'casebook-backup';
  version: 1 | 2;
  created: string;
  snapshot: string;
  database: ManifestDatabase;
  keyFile: ManifestFile;
  audit: { events: number; head: string };
  /** Paths relative to the backup folder; the SHA-256 of the stored (encrypted) bytes. */
  evidence: ManifestFile[];
  /** HMAC-SHA256 of the manifest without this field, with a key derived from the data key. */
  mac: string;
};

export type BackupResult = {
  folder: string;
  snapshot: string;
  created: string;
  databaseBytes: number;
  /** 64 KiB pieces of the database file the folder did not hold yet (the rest were there). */
  databaseChunksWritten: number;
  /** 64 KiB pieces read in full and hashed: the ones that changed since the previous snapshot (all of them the first time). */
  databaseChunksHashed: number;
  evidenceFiles: number;
  evidenceCopied: number;
  bytesCopied: number;
  audit: { events: number; head: string };
  ms: number;
};

export type BackupProgress = (phase: string, done: number, total: number) => void;

const snapshotName = (d: Date) => d.toISOString().replace(/:/g, '-').replace('.', '-');
const canonical = (m: Omit<Manifest, 'mac'>) => JSON.stringify(m);
const macOf = (vault: Vault, m: Omit<Manifest, 'mac'>) => createHmac('sha256', vault.derive('backup-manifest')).update(canonical(m)).digest('hex');

async function fsyncPath(path: string, flags = 'r'): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } catch {
    // Not every platform lets a folder be synced.
  } finally {
    await fh.close();
  }
}

async function hashFile(path: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal && { signal }) }) as AsyncIterable<Buffer>) {
    h.update(c);
    size += c.length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Copies a file (temp name, fsync, rename) hashing what it copies. */
async function copyHashed(from: string, to: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  await mkdir(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.part`;
  const h = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      h.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(from, { highWaterMark: 1024 * 1024 }), meter, createWriteStream(tmp, { flush: true, mode: 0o600 }), ...(signal ? [{ signal }] : []));
    await rename(tmp, to);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  return { sha256: h.digest('hex'), size };
}

/**
 * The newest snapshot's manifest in a backup folder whose MAC this data key checks (what the
 * incremental copy reuses): a manifest altered, unreadable or made with another key is skipped,
 * and then everything is hashed and compared again.
 */
function latestManifest(folder: string, vault: Vault): Manifest | null {
  const snaps = listSnapshots(folder);
  for (const s of snaps.reverse()) {
    try {
      const m = JSON.parse(readFileSync(join(folder, 'snapshots', s, MANIFEST), 'utf8')) as Manifest;
      const { mac, ...body } = m;
      const expected = Buffer.from(macOf(vault, body), 'hex');
      const given = Buffer.from(String(mac), 'hex');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return m;
    } catch {
      // an unfinished snapshot: try the one before
    }
  }
  return null;
}

/** The snapshots of a backup folder with a manifest, oldest first. */
export function listSnapshots(folder: string): string[] {
  const dir = join(folder, 'snapshots');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((s) => existsSync(join(dir, s, MANIFEST)))
    .sort();
}

/**
 * SQLCipher 4's page layout (SQLite3 Multiple Ciphers, `cipher = 'sqlcipher'`, `legacy = 4`):
 * 4 KiB pages, each ending with an HMAC-SHA512 over that page's ciphertext, its random IV and its
 * page number. Every write of a page draws a new IV, so a page whose last 64 bytes are unchanged
 * is unchanged; the incremental backup reads those 64 bytes instead of hashing the whole page.
 */
const PAGE = 4096;
const PAGE_MAC = 64;

/** Whether this connection writes pages with a per-page HMAC-SHA512 in the last 64 bytes of 4 KiB pages. */
function pagesCarryMacs(db: Db): boolean {
  try {
    // SQLite3 Multiple Ciphers answers its own settings as text ('1'), SQLite's as numbers.
    const n = (p: string) => Number(db.pragma(p, { simple: true }));
    return n('page_size') === PAGE && n('hmac_use') === 1 && n('hmac_algorithm') === 2 && n('plaintext_header_size') === 0;
  } catch {
    return false; // a plain database, or a cipher without these settings: every piece is hashed
  }
}

/**
 * A 64 KiB piece's fingerprint: the SHA-256 of its length, its pages' MACs and (first piece) the
 * file's 16-byte salt. Two pieces of files under the same key with the same fingerprint hold the same
 * bytes (a forged MAC needs the key), so a piece whose fingerprint the previous snapshot lists is
 * not read again: its SHA-256 is taken from that snapshot's manifest.
 */
function fingerprintOf(part: Buffer, offset: number, scratch: Buffer): string {
  // Gathered into one buffer by a plain loop: 17 small hash updates per piece cost 3x more.
  scratch.writeUInt32BE(part.length, 0);
  let k = 4;
  if (offset === 0) for (let j = 0; j < 16; j++) scratch[k++] = part[j]!;
  for (let o = PAGE - PAGE_MAC; o < part.length; o += PAGE) for (let j = 0; j < PAGE_MAC; j++) scratch[k++] = part[o + j]!;
  return createHash('sha256').update(scratch.subarray(0, k)).digest('hex');
}

/** Writes one database piece into the pool (temporary name, flushed to disk, renamed). */
async function writeChunk(root: string, h: string, part: Buffer): Promise<void> {
  const dest = join(root, ...chunkPath(h).split('/'));
  await mkdir(dirname(dest), { recursive: true });
  // A name of its own: two backups into the same folder at once may both write a piece.
  const tmp = `${dest}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  try {
    await writeFile(tmp, part, { mode: 0o600, flush: true });
    await rename(tmp, dest);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** The SHA-256 of a database copy as the manifest (version 2) records it: over its pieces' SHA-256s, in order. */
function chunkListHash(chunks: string[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(Buffer.from(c, 'hex'));
  return h.digest('hex');
}

/**
 * Copies the live database's encrypted pages as they are, consistently: a connection of its own
 * takes SQLite's write lock (BEGIN IMMEDIATE; the app's own writes wait at the write gate, reads
 * go on), and while it holds it the database file and its write-ahead log cannot change, so what
 * is read is one committed state; the list of evidence files and the audit head are read in the
 * same transaction. The file goes into the backup folder as 64 KiB pieces named by their SHA-256:
 * a piece the folder already holds is not written again.
 *
 * An incremental backup is proportional to what changed: the file is read (from the page cache,
 * 4 MiB at a time) but only each page's 64-byte MAC goes into a piece's fingerprint; a piece whose
 * fingerprint the previous snapshot (its manifest MAC checked) lists keeps that snapshot's
 * SHA-256, and only the pieces that changed are hashed and written. Nothing is decrypted.
 *
 * Why not SQLite's backup API: better-sqlite3 opens the backup's destination itself, without a
 * key, and SQLite3 Multiple Ciphers refuses to copy encrypted pages into it (it would also write
 * them in the clear); and it copies (decrypting and encrypting) every page every time, as does
 * VACUUM INTO, which also rebuilds every table and index: 14 s on a 110,000-case database.
 */
async function readConsistent(
  live: { dbFile: string; vault: Vault; gate?: { acquire: () => Promise<() => void> } },
  root: string,
  snapTmp: string,
  previous: ManifestDatabase | null,
  signal?: AbortSignal,
): Promise<{ database: ManifestDatabase; shas: string[]; audit: { events: number; head: string }; chunksWritten: number; chunksHashed: number }> {
  // The pieces the previous snapshot names are in the folder (it was finished, its MAC holds, and
  // rotation never removes a piece a kept snapshot names); any other piece is looked for on disk.
  const have = new Set<string>(previous?.chunks ?? []);
  const known = new Map<string, string>();
  if (previous?.chunkSize === DB_CHUNK && previous.fingerprints && previous.fingerprints.length === previous.chunks.length) {
    for (const [i, f] of previous.fingerprints.entries()) known.set(f, previous.chunks[i]!);
  }
  const free = live.gate ? await live.gate.acquire() : () => {};
  const holder = new Database(live.dbFile, { fileMustExist: true });
  try {
    applyKey(holder, live.vault);
    holder.pragma('busy_timeout = 10000');
    try {
      holder.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // readers still need the log: it is copied with the file
    }
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      const shas = holder.prepare("SELECT DISTINCT sha256 FROM exhibits WHERE kind = 'file' ORDER BY sha256").pluck().all() as string[];
      const audit = auditHead(holder);
      const macs = pagesCarryMacs(holder);
      const chunks: string[] = [];
      const fingerprints: string[] = [];
      let size = 0;
      let chunksWritten = 0;
      let chunksHashed = 0;
      const fh = await open(live.dbFile, 'r');
      try {
        const BLOCK = 64 * DB_CHUNK;
        const buf = Buffer.alloc(BLOCK);
        const writing: Promise<void>[] = [];
        const scratch = Buffer.alloc(4 + 16 + (DB_CHUNK / PAGE) * PAGE_MAC);
        for (;;) {
          let filled = 0;
          for (;;) {
            const { bytesRead } = await fh.read(buf, filled, BLOCK - filled, size + filled);
            if (bytesRead === 0) break;
            filled += bytesRead;
            if (filled === BLOCK) break;
          }
          if (filled === 0) break;
          if (signal?.aborted) throw new AppError('cancelled', 'The backup was cancelled; the unfinished snapshot was removed.');
          for (let o = 0; o < filled; o += DB_CHUNK) {
            const part = buf.subarray(o, Math.min(filled, o + DB_CHUNK));
            const fp = macs ? fingerprintOf(part, size + o, scratch) : null;
            let h = fp ? known.get(fp) : undefined;
            if (!h) {
              h = createHash('sha256').update(part).digest('hex');
              chunksHashed++;
            }
            chunks.push(h);
            if (fp) fingerprints.push(fp);
            if (!have.has(h) && !existsSync(join(root, ...chunkPath(h).split('/')))) {
              have.add(h);
              chunksWritten++;
              writing.push(writeChunk(root, h, part));
              if (writing.length >= 16) await Promise.all(writing.splice(0));
            }
          }
          await Promise.all(writing.splice(0)); // before the buffer is read into again
          size += filled;
          if (filled < BLOCK) break;
        }
      } finally {
        await fh.close();
      }
      const walFile = `${live.dbFile}-wal`;
      let wal: ManifestFile | null = null;
      if ((await stat(walFile).catch(() => null))?.size) wal = { path: `${DB_NAME}-wal`, ...(await copyHashed(walFile, join(snapTmp, `${DB_NAME}-wal`))) };
      const database: ManifestDatabase = { path: DB_NAME, sha256: chunkListHash(chunks), size, chunkSize: DB_CHUNK, chunks, ...(macs && { fingerprints }), wal };
      return { database, shas, audit, chunksWritten, chunksHashed };
    } finally {
      holder.prepare('ROLLBACK').run();
    }
  } finally {
    holder.close();
    free();
  }
}

/** Rebuilds a snapshot's database file from its chunks (and log), checking every chunk; the problems found, if any. */
async function assembleDatabase(root: string, snapDir: string, db: ManifestDatabase, version: 1 | 2, to: string): Promise<string[]> {
  const problems: string[] = [];
  if (!Array.isArray(db.chunks) || db.chunkSize !== DB_CHUNK) return ['the manifest does not describe the database copy'];
  const whole = createHash('sha256');
  const fh = await open(to, 'w', 0o600);
  let size = 0;
  try {
    for (const [i, h] of db.chunks.entries()) {
      if (!/^[0-9a-f]{64}$/.test(h)) return [`the manifest names a database chunk that is not a SHA-256 (${i + 1})`];
      let part: Buffer;
      try {
        part = readFileSync(join(root, ...chunkPath(h).split('/')));
      } catch {
        problems.push(`a piece of the database copy is missing (${chunkPath(h)})`);
        continue;
      }
      if (createHash('sha256').update(part).digest('hex') !== h) {
        problems.push(`a piece of the database copy does not match its SHA-256 (altered: ${chunkPath(h)})`);
        continue;
      }
      whole.update(part);
      await fh.write(part, 0, part.length, size);
      size += part.length;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (problems.length) return problems;
  if (size !== db.size || (version === 1 ? whole.digest('hex') : chunkListHash(db.chunks)) !== db.sha256) return ['the database copy does not match its SHA-256 in the manifest'];
  if (db.wal) {
    const walPath = join(snapDir, `${DB_NAME}-wal`);
    const st = await stat(walPath).catch(() => null);
    if (!st?.isFile()) return [`the database's log is missing (${db.wal.path})`];
    const h = await hashFile(walPath);
    if (h.size !== db.wal.size || h.sha256 !== db.wal.sha256) return [`the database's log does not match its SHA-256 (altered or cut off: ${db.wal.path})`];
    await copyFile(walPath, `${to}-wal`);
  }
  return [];
}

/**
 * Takes a backup into a folder while the database is in use: a consistent copy of the encrypted
 * database (copyConsistent), then the evidence files that copy refers to and the folder does
 * not hold yet are copied, then the manifest is written last: a snapshot without a manifest is
 * an unfinished one and is ignored.
 */
export async function takeBackup(
  live: { db: Db; vault: Vault; dbFile: string; store: BlobStore; gate?: { acquire: () => Promise<() => void> } },
  folder: string,
  opts: { signal?: AbortSignal; onProgress?: BackupProgress; now?: Date } = {},
): Promise<BackupResult> {
  const started = performance.now();
  const root = resolve(folder);
  const st = await stat(root).catch(() => null);
  if (st && !st.isDirectory()) throw new AppError('invalid_input', `${root} is a file, not a folder.`);
  const dataDir = dirname(resolve(live.dbFile));
  const store = resolve(live.store.dir);
  if (root === dataDir || root === store || root.startsWith(store + sep)) {
    throw new AppError('invalid_input', `${root} holds the database itself; choose a folder elsewhere (another disk, a network share, a USB drive).`);
  }
  const created = (opts.now ?? new Date()).toISOString();
  const snapshot = snapshotName(new Date(created));
  const snapDir = join(root, 'snapshots', snapshot);
  const tmpDir = `${snapDir}.part`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  try {
    opts.onProgress?.('copying the database', 0, 1);
    const prev = latestManifest(root, live.vault);
    const { database, shas, audit, chunksWritten, chunksHashed } = await readConsistent(live, root, tmpDir, prev?.database ?? null, opts.signal);
    const key = readKeyFile(live.dbFile);
    if (!key) throw new AppError('not_found', `${keyFilePath(live.dbFile)} is missing.`);
    delete key.failures;
    await writeFile(join(tmpDir, KEY_NAME), `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
    const keyFile = { path: KEY_NAME, ...(await hashFile(join(tmpDir, KEY_NAME))) };

    const previous = new Map((prev?.evidence ?? []).map((e) => [e.path, e]));
    const evidence: ManifestFile[] = [];
    let copied = 0;
    let bytesCopied = 0;
    for (const [i, sha] of shas.entries()) {
      if (opts.signal?.aborted) throw new AppError('cancelled', 'The backup was cancelled; the unfinished snapshot was removed.');
      const src = blobPath(live.store, sha);
      const rel = relative(live.store.dir, src).split(sep).join('/');
      const dest = join(root, 'evidence', ...rel.split('/'));
      const known = previous.get(`evidence/${rel}`);
      const destStat = await stat(dest).catch(() => null);
      if (known && destStat?.isFile() && destStat.size === known.size) {
        evidence.push(known);
      } else {
        const r = await copyHashed(src, dest, opts.signal).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') throw new AppError('check_failed', `An evidence file is missing from the store (${rel}); run verification. The backup was not finished.`);
          throw e;
        });
        evidence.push({ path: `evidence/${rel}`, ...r });
        copied++;
        bytesCopied += r.size;
      }
      opts.onProgress?.('copying evidence', i + 1, shas.length);
    }
    const body: Omit<Manifest, 'mac'> = { format: 'casebook-backup', version: 2, created, snapshot, database, keyFile, audit, evidence };
    const manifest: Manifest = { ...body, mac: macOf(live.vault, body) };
    await writeFile(join(tmpDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await fsyncPath(join(tmpDir, MANIFEST));
    await rename(tmpDir, snapDir);
    await fsyncPath(join(root, 'snapshots'));
    return { folder: root, snapshot, created, databaseBytes: database.size, databaseChunksWritten: chunksWritten, databaseChunksHashed: chunksHashed, evidenceFiles: evidence.length, evidenceCopied: copied, bytesCopied, audit, ms: Math.round(performance.now() - started) };
  } catch (e) {
    await rm(tmpDir, { recursive: true, force: true });
    throw e;
  }
}

export type RestoreCheck = { ok: true; snapshot: string; created: string; exhibits: number; files: number; audit: { events: number; head: string } };

class Problems {
  readonly list: string[] = [];
  add(what: string) {
    this.list.push(what);
  }
  throwIfAny(snapshot: string): void {
    if (this.list.length) {
      throw new AppError('check_failed', `The backup ${snapshot} is damaged and was not restored; nothing was written. ${this.list.slice(0, 5).join('; ')}${this.list.length > 5 ? `; and ${this.list.length - 5} more` : ''}.`, {
        details: { problems: this.list },
      });
    }
  }
}

/** The snapshot folder a restore reads: the one named, or the newest in a backup folder. */
export function resolveSnapshot(from: string): { root: string; snapDir: string } {
  const abs = resolve(from);
  if (existsSync(join(abs, MANIFEST))) return { root: resolve(abs, '..', '..'), snapDir: abs };
  const snaps = listSnapshots(abs);
  if (snaps.length === 0) throw new AppError('not_found', `${abs} holds no finished backup (no snapshots/*/${MANIFEST}).`);
  return { root: abs, snapDir: join(abs, 'snapshots', snaps.at(-1)!) };
}

/**
 * Checks a backup end to end without writing anything: the manifest and its MAC, every file's
 * SHA-256 and size, the database's integrity check, the audit chain and its head, and every
 * evidence file the database refers to (decrypted, streamed, against the exhibit's SHA-256).
 */
export async function checkBackup(
  from: string,
  passphrase: string,
  opts: { signal?: AbortSignal; onProgress?: BackupProgress; workDir?: string } = {},
): Promise<RestoreCheck & { root: string; snapDir: string; manifest: Manifest }> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    return await checkBackupIn(from, passphrase, opts, cleanups);
  } finally {
    for (const c of cleanups) await c();
  }
}

async function checkBackupIn(
  from: string,
  passphrase: string,
  opts: { signal?: AbortSignal; onProgress?: BackupProgress; workDir?: string },
  cleanups: (() => Promise<void>)[],
): Promise<RestoreCheck & { root: string; snapDir: string; manifest: Manifest }> {
  const { root, snapDir } = resolveSnapshot(from);
  const snapshot = basename(snapDir);
  const problems = new Problems();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(snapDir, MANIFEST), 'utf8')) as Manifest;
  } catch (e) {
    problems.add(`its manifest cannot be read (${(e as Error).message})`);
    problems.throwIfAny(snapshot);
    throw e;
  }
  if (manifest?.format !== 'casebook-backup' || (manifest.version !== 1 && manifest.version !== 2) || !Array.isArray(manifest.evidence) || typeof manifest.mac !== 'string') {
    problems.add('its manifest is not a Casebook backup manifest');
    problems.throwIfAny(snapshot);
  }
  const inside = (p: string) => {
    const abs = resolve(p.startsWith('evidence/') ? root : snapDir, p);
    if (!abs.startsWith(root + sep) || p.includes('\\')) throw new AppError('check_failed', `The backup ${snapshot} names a file outside itself (${p}); it was not restored.`);
    return abs;
  };
  const checkFile = async (f: ManifestFile, label: string) => {
    const st = await stat(inside(f.path)).catch(() => null);
    if (!st?.isFile()) return problems.add(`${label} is missing (${f.path})`);
    if (st.size !== f.size) return problems.add(`${label} has ${st.size} bytes, the manifest says ${f.size} (cut off or replaced: ${f.path})`);
    const h = await hashFile(inside(f.path), opts.signal);
    if (h.sha256 !== f.sha256) problems.add(`${label} does not match its SHA-256 in the manifest (altered: ${f.path})`);
  };
  await checkFile(manifest.keyFile, 'the key file');
  problems.throwIfAny(snapshot);

  let vault: Vault;
  try {
    vault = unlockSync(join(snapDir, DB_NAME), passphrase, { record: false });
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') {
      throw new AppError('forbidden', `The passphrase does not open the backup ${snapshot}: a backup opens with the passphrase the database had when the backup was taken. Nothing was written.`);
    }
    throw e;
  }
  try {
    const { mac, ...body } = manifest;
    const expected = Buffer.from(macOf(vault, body), 'hex');
    const given = Buffer.from(mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) problems.add('its manifest was altered (its MAC does not match)');
    problems.throwIfAny(snapshot);

    // The database is rebuilt from its chunks where the restore will put it (or in a scratch folder).
    const work = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'casebook-check-')));
    const assembled = join(work, DB_NAME);
    for (const p of await assembleDatabase(root, snapDir, manifest.database, manifest.version, assembled)) problems.add(p);
    if (!opts.workDir) cleanups.push(() => rm(work, { recursive: true, force: true }));
    problems.throwIfAny(snapshot);
    const db = new Database(assembled, { fileMustExist: true });
    let shas: { sha256: string; exhibits: number }[] = [];
    try {
      applyKey(db, vault);
      try {
        db.pragma('journal_mode = DELETE'); // folds the copied log in: one self-contained file
      } catch (e) {
        problems.add(`the database copy cannot be read (${(e as Error).message})`);
        problems.throwIfAny(snapshot);
      }
      let integrity: string[];
      try {
        integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
      } catch (e) {
        integrity = [(e as Error).message];
      }
      if (integrity.join() !== 'ok') problems.add(`the database copy fails SQLite's integrity check (${integrity.slice(0, 3).join('; ')})`);
      problems.throwIfAny(snapshot);
      opts.onProgress?.('checking the audit chain', 0, 1);
      const chain = verifyChain(db);
      if (!chain.ok) problems.add(`its audit chain is broken: ${chain.reason}`);
      else if (chain.events !== manifest.audit.events || chain.head !== manifest.audit.head) problems.add(`its audit chain ends at event ${chain.events}, the manifest says ${manifest.audit.events}`);
      shas = db.prepare("SELECT sha256, count(*) AS exhibits FROM exhibits WHERE kind = 'file' GROUP BY sha256 ORDER BY sha256").all() as typeof shas;
    } finally {
      db.close();
    }
    const listed = new Map(manifest.evidence.map((e) => [e.path, e]));
    const store: BlobStore = { dir: join(root, 'evidence'), vault };
    for (const [i, { sha256 }] of shas.entries()) {
      const rel = `evidence/${relative(store.dir, blobPath(store, sha256)).split(sep).join('/')}`;
      const entry = listed.get(rel);
      if (!entry) {
        problems.add(`an evidence file the database refers to is not in the manifest (${rel})`);
        continue;
      }
      const st = await stat(inside(rel)).catch(() => null);
      if (!st?.isFile()) {
        problems.add(`an evidence file is missing (${rel})`);
        continue;
      }
      if (st.size !== entry.size) {
        problems.add(`an evidence file has ${st.size} bytes, the manifest says ${entry.size} (cut off: ${rel})`);
        continue;
      }
      const outer = createHash('sha256');
      const inner = createHash('sha256');
      try {
        await pipeline(
          createReadStream(inside(rel), { highWaterMark: 1024 * 1024 }),
          new Transform({
            transform(c: Buffer, _e, cb) {
              outer.update(c);
              cb(null, c);
            },
          }),
          createDecryptStream(vault.evidencePrivate, vault.evidencePublicRaw),
          new Writable({
            write(c: Buffer, _e, cb) {
              inner.update(c);
              cb();
            },
          }),
          ...(opts.signal ? [{ signal: opts.signal }] : []),
        );
      } catch (e) {
        if (opts.signal?.aborted) throw new AppError('cancelled', 'The check was cancelled; nothing was written.');
        problems.add(`an evidence file is damaged (${rel}: ${(e as Error).message})`);
        continue;
      }
      if (outer.digest('hex') !== entry.sha256) problems.add(`an evidence file does not match its SHA-256 in the manifest (${rel})`);
      else if (inner.digest('hex') !== sha256) problems.add(`an evidence file's content does not match its exhibit's SHA-256 (${rel})`);
      opts.onProgress?.('checking evidence', i + 1, shas.length);
    }
    problems.throwIfAny(snapshot);
    return { ok: true, root, snapDir, manifest, snapshot, created: manifest.created, exhibits: shas.reduce((a, s) => a + s.exhibits, 0), files: shas.length, audit: manifest.audit };
  } finally {
    vault.wipe();
  }
}

/**
 * Restores a backup into an empty (or new) folder as DIR/casebook.db with its key file and
 * evidence beside it, after checkBackup has passed. The files are written under a temporary
 * name beside DIR and moved into place last, so an interrupted restore leaves no half folder.
 */
export async function restoreBackup(from: string, to: string, passphrase: string, opts: { signal?: AbortSignal; onProgress?: BackupProgress } = {}): Promise<RestoreCheck & { restoredTo: string; dbFile: string }> {
  const target = resolve(to);
  const existing = await readdir(target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (existing && existing.length > 0) throw new AppError('conflict', `${target} is not empty; a restore never replaces files. Choose an empty or new folder.`);
  const tmp = `${target}.restoring-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'evidence'), { recursive: true, mode: 0o700 });
  let check: Awaited<ReturnType<typeof checkBackup>>;
  try {
    // Checked in full first; the database is rebuilt and checked in place in the temporary folder.
    check = await checkBackup(from, passphrase, { ...opts, workDir: tmp });
    await copyHashed(join(check.snapDir, KEY_NAME), join(tmp, KEY_NAME));
    for (const [i, e] of check.manifest.evidence.entries()) {
      const r = await copyHashed(join(check.root, ...e.path.split('/')), join(tmp, ...e.path.split('/')), opts.signal);
      if (r.sha256 !== e.sha256) throw new AppError('check_failed', `${e.path} changed while it was being restored; nothing was restored.`);
      opts.onProgress?.('restoring evidence', i + 1, check.manifest.evidence.length);
    }
    if (existing) await rmdir(target);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const { root: _r, snapDir: _s, manifest: _m, ...result } = check;
  return { ...result, restoredTo: target, dbFile: join(target, DB_NAME) };
}

/**
 * Which snapshots to keep: the newest 3 of the newest day, and the newest of each of the 14
 * days before it (UTC days); the rest are removed, and so are pool files no kept manifest names.
 */
export function snapshotsToKeep(names: string[], now: Date, perToday = 3, days = 14): Set<string> {
  const sorted = [...names].sort().reverse();
  const today = now.toISOString().slice(0, 10);
  const keep = new Set<string>(sorted.filter((n) => n.startsWith(today)).slice(0, perToday));
  const seenDays = new Set<string>();
  const oldest = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  for (const n of sorted) {
    const day = n.slice(0, 10);
    if (day === today || day < oldest || seenDays.has(day)) continue;
    seenDays.add(day);
    keep.add(n);
  }
  return keep;
}

export async function rotateBackups(folder: string, now = new Date()): Promise<{ removed: string[]; filesRemoved: number }> {
  const root = resolve(folder);
  const snaps = listSnapshots(root);
  const keep = snapshotsToKeep(snaps, now);
  const removed = snaps.filter((s) => !keep.has(s));
  for (const s of removed) await rm(join(root, 'snapshots', s), { recursive: true, force: true });
  const named = new Set<string>();
  for (const s of keep) {
    try {
      const m = JSON.parse(readFileSync(join(root, 'snapshots', s, MANIFEST), 'utf8')) as Manifest;
      for (const e of m.evidence) named.add(e.path);
      for (const h of m.database.chunks) named.add(chunkPath(h));
    } catch {
      return { removed, filesRemoved: 0 }; // an unreadable manifest: keep every pool file
    }
  }
  let filesRemoved = 0;
  const pool = join(root, 'evidence');
  if (existsSync(pool)) {
    for (const f of readdirSync(pool, { recursive: true }) as string[]) {
      const rel = `evidence/${f.split(sep).join('/')}`;
      if (!f.endsWith('.age') || named.has(rel) || !statSync(join(pool, f)).isFile()) continue;
      await unlink(join(pool, f));
      filesRemoved++;
    }
  }
  const chunks = join(root, 'db');
  if (existsSync(chunks)) {
    for (const f of readdirSync(chunks, { recursive: true }) as string[]) {
      const rel = `db/${f.split(sep).join('/')}`;
      if (!/^db\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(rel) || named.has(rel)) continue;
      await unlink(join(chunks, f));
      filesRemoved++;
    }
  }
  return { removed, filesRemoved };
}
