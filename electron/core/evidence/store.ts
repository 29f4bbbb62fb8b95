import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../shared/errors.ts';
import { AgeError, agePayloadStart, createDecryptStream, createEncryptStream } from '../crypto/age.ts';
import type { Vault } from '../crypto/keys.ts';
import type { Paths } from '../context.ts';

/** The evidence folder and the keys its files are encrypted and named with. */
export type BlobStore = { readonly dir: string; readonly vault: Vault };
export const storeOf = (ctx: { paths: Paths; vault: Vault }): BlobStore => ({ dir: ctx.paths.evidenceDir, vault: ctx.vault });

export type StoredBlob = { sha256: string; size: number; mime: string; created: boolean };

export type IngestOptions = {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | null) => void;
  /** Where the bytes are written; tests pass a failing stream to play a full disk. */
  openSink?: (tmpPath: string) => Writable;
};

const CHUNK = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;
const PROGRESS_EVERY = 16 * 1024 * 1024;

/**
 * The stored name of a file: HMAC-SHA256 of its plaintext SHA-256 under a key derived from the
 * data key, so that the folder alone does not tell which known file is in it. The exhibit's
 * identity stays the plaintext SHA-256 (in the database).
 */
export function storedName(store: BlobStore, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return createHmac('sha256', store.vault.nameKey).update(sha256).digest('hex');
}

/** The stored (age-encrypted) file for a plaintext hash: evidence/ab/<keyed name>.age. */
export function blobPath(store: BlobStore, sha256: string): string {
  const name = storedName(store, sha256);
  return join(store.dir, name.slice(0, 2), `${name}.age`);
}

/** Where a store of the unencrypted versions kept a file: evidence/ab/cd/<sha256> (read by the migration only). */
export function plainBlobPath(evidenceDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(evidenceDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

const tmpDir = (evidenceDir: string) => join(evidenceDir, 'tmp');

/** A readable stream of a stored file's plaintext; a damaged file fails the stream with an AgeError naming where. */
export function openBlob(store: BlobStore, sha256: string, opts: { signal?: AbortSignal } = {}): Readable {
  const src = createReadStream(blobPath(store, sha256), { highWaterMark: CHUNK, ...(opts.signal && { signal: opts.signal }) });
  const dec = createDecryptStream(store.vault.evidencePrivate, store.vault.evidencePublicRaw);
  src.on('error', (e) => dec.destroy(e));
  return src.pipe(dec);
}

/**
 * Where a stored file's encrypted payload starts and the key that opens it: for a reader that
 * decrypts the payload's chunks itself (the bundle export does, in worker threads). Its header is
 * checked here; a damaged one fails with an AgeError, a missing file with ENOENT.
 */
export async function blobPayload(store: BlobStore, sha256: string): Promise<{ path: string; key: Buffer; offset: number; storedSize: number }> {
  const path = blobPath(store, sha256);
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024 + 16));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const { key, offset } = agePayloadStart(head.subarray(0, bytesRead), store.vault.evidencePrivate, store.vault.evidencePublicRaw);
    return { path, key, offset, storedSize: size };
  } finally {
    await fh.close();
  }
}

/** A stored file's plaintext, whole (previews, which are size-limited). */
export async function readBlob(store: BlobStore, sha256: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of openBlob(store, sha256) as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

/** Sniffs the type from the content; falls back to plain text when the first bytes decode as UTF-8 text. */
export async function sniffMime(head: Uint8Array, complete: boolean): Promise<string> {
  if (head.length === 0) return 'application/octet-stream';
  const t = await fileTypeFromBuffer(head);
  if (t) return t.mime;
  // A cut in the middle of a multi-byte character at the end of the sniffed head is not binary.
  const bytes = complete ? head : head.subarray(0, Math.max(0, head.length - 3));
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // oxlint-disable-next-line no-control-regex -- binary data shows as control characters
    if (!/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(s)) return 'text/plain';
  } catch {
    // not UTF-8: binary
  }
  return 'application/octet-stream';
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const exists = (p: string) => access(p).then(() => true, () => false);

function describeIoError(e: NodeJS.ErrnoException, label: string): AppError {
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('internal', `Could not store ${label}: the disk is full. Nothing was added; free some space and try again.`);
    case 'ENOENT':
      return new AppError('not_found', `${label} disappeared while it was being read. Nothing was added.`);
    case 'EACCES':
    case 'EPERM':
      return new AppError('forbidden', `${label} cannot be read (permission denied). Nothing was added.`);
    case 'EISDIR':
      return new AppError('invalid_input', `${label} is a folder, not a file. Nothing was added.`);
    default:
      return new AppError('internal', `Could not store ${label}: ${e.message}. Nothing was added.`);
  }
}

/**
 * Streams bytes into the store: hashes while copying to a temp file in the store, flushes it
 * to disk, then renames it to its hash. Memory stays at a few chunks whatever the size; a
 * failure or cancel leaves no stored file and no temp file behind.
 */
export async function ingestStream(store: BlobStore, source: Readable, label: string, expectedSize: number | null, opts: IngestOptions = {}): Promise<StoredBlob> {
  await mkdir(tmpDir(store.dir), { recursive: true });
  const tmp = join(tmpDir(store.dir), `${randomUUID()}.part`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  let lastReported = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (headLen < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headLen);
        head.push(Buffer.from(part));
        headLen += part.length;
      }
      if (opts.onProgress && size - lastReported >= PROGRESS_EVERY) {
        lastReported = size;
        opts.onProgress(size, expectedSize);
      }
      cb(null, chunk);
    },
  });
  const sink = opts.openSink?.(tmp) ?? createWriteStream(tmp, { flags: 'wx', flush: true, highWaterMark: CHUNK });
  try {
    await pipeline(source, meter, createEncryptStream(store.vault.evidencePublicRaw), sink, ...(opts.signal ? [{ signal: opts.signal }] : []));
    if (expectedSize !== null && size !== expectedSize) {
      throw new AppError('conflict', `${label} changed while it was being copied (${expectedSize} bytes when it was opened, ${size} bytes read). Nothing was added; add it again once it is complete.`);
    }
    const sha256 = hash.digest('hex');
    const final = blobPath(store, sha256);
    let created = false;
    if (await exists(final)) {
      await unlink(tmp);
    } else {
      await mkdir(join(final, '..'), { recursive: true });
      await rename(tmp, final);
      created = true;
      // The rename is durable only once its directory entry is on disk; not every platform lets a folder be synced.
      await fsyncPath(join(final, '..'), 'r').catch(() => {});
    }
    opts.onProgress?.(size, expectedSize);
    const mime = await sniffMime(Buffer.concat(head), size <= SNIFF_BYTES);
    return { sha256, size, mime, created };
  } catch (e) {
    await unlink(tmp).catch(() => {});
    if (e instanceof AppError) throw e;
    if (opts.signal?.aborted || (e as Error).name === 'AbortError') throw new AppError('cancelled', `Adding ${label} was cancelled; nothing was added.`);
    throw describeIoError(e as NodeJS.ErrnoException, label);
  }
}

/** Checks that a path names a non-empty regular file, with a message naming the file and the problem. */
export async function checkSourceFile(path: string, label: string): Promise<Stats> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `${label} does not exist (it may have been moved or deleted). Nothing was added.`);
    if (code === 'ENOTDIR') throw new AppError('not_found', `${label} does not exist: a part of its path is a file, not a folder. Nothing was added.`);
    throw describeIoError(e as NodeJS.ErrnoException, label);
  }
  if (st.isDirectory()) throw new AppError('invalid_input', `${label} is a folder, not a file. Nothing was added.`);
  if (!st.isFile()) throw new AppError('invalid_input', `${label} is not a regular file (a device, pipe or socket). Nothing was added.`);
  if (st.size === 0) throw new AppError('invalid_input', `${label} is empty (0 bytes): there is nothing to keep as evidence. Nothing was added.`);
  return st;
}

export async function ingestFile(store: BlobStore, path: string, label: string, opts: IngestOptions = {}): Promise<StoredBlob> {
  const st = await checkSourceFile(path, label);
  return ingestStream(store, createReadStream(path, { highWaterMark: CHUNK }), label, st.size, opts);
}

export async function ingestBytes(store: BlobStore, bytes: Buffer, label: string, opts: IngestOptions = {}): Promise<StoredBlob> {
  if (bytes.length === 0) throw new AppError('invalid_input', `${label} is empty (0 bytes): there is nothing to keep as evidence. Nothing was added.`);
  return ingestStream(store, Readable.from([bytes]), label, bytes.length, opts);
}

/**
 * What checking a stored file found. `altered` has the plaintext hash found (`actual`), or,
 * when the encryption's own check failed, `where`: which part of the stored file was changed.
 */
export type BlobCheck = { status: 'ok'; size: number } | { status: 'missing' } | { status: 'altered'; actual: string | null; size: number; where?: string } | { status: 'unreadable'; reason: string };

/** Decrypts (streamed) and re-hashes one stored file against the hash it is filed under. */
export async function checkBlob(store: BlobStore, sha256: string, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<BlobCheck> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of openBlob(store, sha256, opts.signal ? { signal: opts.signal } : {}) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      opts.onBytes?.(chunk.length);
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new AppError('cancelled', 'Verification was cancelled; its findings so far were not recorded.');
    if (e instanceof AgeError) return { status: 'altered', actual: null, size, where: `${blobPath({ ...store, dir: 'evidence' }, sha256)}: ${e.message}` };
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { status: 'missing' };
    return { status: 'unreadable', reason: err.code ?? err.message };
  }
  const actual = hash.digest('hex');
  return actual === sha256 ? { status: 'ok', size } : { status: 'altered', actual, size };
}

/** The first bytes of a stored file's plaintext (at most max), decrypting only as far as needed. */
export const readBlobHead = async (store: BlobStore, sha256: string, max: number): Promise<Buffer> => {
  const parts: Buffer[] = [];
  let n = 0;
  const stream = openBlob(store, sha256);
  for await (const c of stream as AsyncIterable<Buffer>) {
    parts.push(c);
    n += c.length;
    if (n >= max) break;
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, max);
};
