import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../shared/errors.ts';

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

/** The stored file for a hash: evidence/ab/cd/<sha256>. The hash is the only name a stored file ever has. */
export function blobPath(evidenceDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(evidenceDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

const tmpDir = (evidenceDir: string) => join(evidenceDir, 'tmp');

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
export async function ingestStream(evidenceDir: string, source: Readable, label: string, expectedSize: number | null, opts: IngestOptions = {}): Promise<StoredBlob> {
  await mkdir(tmpDir(evidenceDir), { recursive: true });
  const tmp = join(tmpDir(evidenceDir), `${randomUUID()}.part`);
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
    await pipeline(source, meter, sink, ...(opts.signal ? [{ signal: opts.signal }] : []));
    if (expectedSize !== null && size !== expectedSize) {
      throw new AppError('conflict', `${label} changed while it was being copied (${expectedSize} bytes when it was opened, ${size} bytes read). Nothing was added; add it again once it is complete.`);
    }
    const sha256 = hash.digest('hex');
    const final = blobPath(evidenceDir, sha256);
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

export async function ingestFile(evidenceDir: string, path: string, label: string, opts: IngestOptions = {}): Promise<StoredBlob> {
  const st = await checkSourceFile(path, label);
  return ingestStream(evidenceDir, createReadStream(path, { highWaterMark: CHUNK }), label, st.size, opts);
}

export async function ingestBytes(evidenceDir: string, bytes: Buffer, label: string, opts: IngestOptions = {}): Promise<StoredBlob> {
  if (bytes.length === 0) throw new AppError('invalid_input', `${label} is empty (0 bytes): there is nothing to keep as evidence. Nothing was added.`);
  return ingestStream(evidenceDir, Readable.from([bytes]), label, bytes.length, opts);
}

export type BlobCheck = { status: 'ok'; size: number } | { status: 'missing' } | { status: 'altered'; actual: string; size: number } | { status: 'unreadable'; reason: string };

/** Re-hashes one stored file against the hash it is filed under. */
export async function checkBlob(evidenceDir: string, sha256: string, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<BlobCheck> {
  const path = blobPath(evidenceDir, sha256);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, ...(opts.signal && { signal: opts.signal }) }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      opts.onBytes?.(chunk.length);
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new AppError('cancelled', 'Verification was cancelled; its findings so far were not recorded.');
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { status: 'missing' };
    return { status: 'unreadable', reason: err.code ?? err.message };
  }
  const actual = hash.digest('hex');
  return actual === sha256 ? { status: 'ok', size } : { status: 'altered', actual, size };
}

export const readBlobHead = async (evidenceDir: string, sha256: string, max: number): Promise<Buffer> => {
  const fh = await open(blobPath(evidenceDir, sha256), 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
};
