// The bundle's bytes go to disk from a worker thread: the whole file's SHA-256 (recorded in the
// case's audit trail) is taken there while the writes run on the I/O pool, beside the main thread
// and the workers that decrypt the exhibits' files. Large buffers travel to the worker and back:
// the decrypted files' batches as they are (no copy), the small parts (tar headers, rows) copied
// into a few buffers of the writer's own. The worker flushes to disk every 64 MiB in the
// background, so the flush at the end is short. It runs from source text (node's built-ins only),
// so it needs no file of its own beside the app.
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';

/** The writer's own buffers: their size, and how many. */
const BATCH = 1024 * 1024;
const BUFFERS = 4;
const FLUSH_EVERY = 64 * 1024 * 1024;

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const fd = workerData.fd;
const hash = createHash('sha256');
let bytes = 0;
let unflushed = 0;
let writing = 0;
let flushing = false;
let failed = null;
let ending = false;
const fail = (e) => { if (!failed) { failed = e; parentPort.postMessage({ type: 'error', code: e.code || null, message: String(e.message || e) }); } };
const finish = () => {
  if (!ending || writing > 0 || flushing || failed) return;
  ending = false;
  try {
    fs.fsyncSync(fd);
    parentPort.postMessage({ type: 'done', sha256: hash.digest('hex'), bytes });
  } catch (e) {
    fail(e);
  }
};
const write = (b, at, cb) => fs.write(fd, b, 0, b.length, at, (e, n) => {
  if (e) return cb(e);
  if (n < b.length) return write(b.subarray(n), at + n, cb);
  cb(null);
});
parentPort.on('message', (m) => {
  if (failed) return;
  if (m.type === 'data') {
    const b = Buffer.from(m.buf, 0, m.len);
    // The write runs on the I/O pool (at its place in the file) while this thread hashes the same bytes.
    writing++;
    write(b, bytes, (e) => {
      writing--;
      if (e) return fail(e);
      parentPort.postMessage({ type: 'ack', seq: m.seq, buf: m.buf }, [m.buf]);
      if (unflushed >= workerData.flushEvery && !flushing) {
        unflushed = 0;
        flushing = true;
        fs.fdatasync(fd, (e2) => { flushing = false; if (e2) fail(e2); else finish(); });
      }
      finish();
    });
    hash.update(b);
    bytes += b.length;
    unflushed += b.length;
  } else if (m.type === 'end') {
    ending = true;
    finish();
  }
});
`;

type FromWorker = { type: 'ack'; seq: number; buf: ArrayBuffer } | { type: 'done'; sha256: string; bytes: number } | { type: 'error'; code: string | null; message: string };

/**
 * Writes to an open file descriptor from a worker thread, hashing what it writes, and flushes the
 * file to disk before it finishes; `result` is the file's SHA-256 and size once it has. Used
 * directly (`put`, `putOwned`, `finish`) or as a stream (behind the encryption to a recipient).
 * The caller owns the descriptor: `stopped()` resolves once the worker no longer touches it, and
 * the caller closes it.
 */
export class WorkerFileSink extends Writable {
  result: { sha256: string; bytes: number } | null = null;
  /** Told when the writing fails (a full disk), so that whoever feeds the sink stops waiting for more to write. */
  onFail: ((e: Error) => void) | null = null;
  private readonly worker: Worker;
  private readonly free: ArrayBuffer[] = [];
  private allocated = 0;
  private cur: Uint8Array | null = null;
  private curLen = 0;
  private seq = 0;
  private readonly owned = new Map<number, (buf: ArrayBuffer) => void>();
  private resume: (() => void) | null = null;
  private finished: ((e?: Error | null) => void) | null = null;
  private failure: Error | null = null;
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(fd: number) {
    super({ highWaterMark: BATCH });
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { fd, flushEvery: FLUSH_EVERY } });
    this.exit = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.exited = true;
        resolve();
      }),
    );
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'ack') {
        const give = this.owned.get(m.seq);
        if (give) {
          this.owned.delete(m.seq);
          give(m.buf);
          return;
        }
        this.free.push(m.buf);
        const r = this.resume;
        this.resume = null;
        r?.();
      } else if (m.type === 'done') {
        this.result = { sha256: m.sha256, bytes: m.bytes };
        this.finished?.();
      } else this.failWith(Object.assign(new Error(m.message), { code: m.code ?? undefined }));
    });
    this.worker.on('error', (e) => this.failWith(e));
    this.worker.once('exit', (code) => {
      if (!this.result) this.failWith(new Error(`the writing thread stopped (exit code ${code})`));
    });
  }

  private failWith(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.onFail?.(e);
    const f = this.finished;
    this.finished = null;
    const r = this.resume;
    this.resume = null;
    if (f) f(e);
    else if (r) r();
    // Used as a stream, it fails as one; used directly, the next call throws the failure.
    else if (this.listenerCount('error') > 0) this.destroy(e);
  }

  private send(buf: ArrayBuffer, len: number): number {
    const seq = ++this.seq;
    this.worker.postMessage({ type: 'data', seq, buf, len }, [buf]);
    return seq;
  }

  private flushOwn(): void {
    if (this.cur && this.curLen > 0) {
      this.send(this.cur.buffer as ArrayBuffer, this.curLen);
      this.cur = null;
      this.curLen = 0;
    }
  }

  /** Copies bytes into the writer's buffers; calls back once they are taken (sooner when a buffer is free). */
  private copyIn(chunk: Buffer, cb: (e?: Error | null) => void): void {
    let off = 0;
    const step = () => {
      if (this.failure) return cb(this.failure);
      while (off < chunk.length) {
        if (!this.cur) {
          const buf = this.free.pop() ?? (this.allocated < BUFFERS ? (this.allocated++, new ArrayBuffer(BATCH)) : null);
          if (!buf) {
            this.resume = step;
            return;
          }
          this.cur = new Uint8Array(buf);
        }
        const n = Math.min(BATCH - this.curLen, chunk.length - off);
        this.cur.set(chunk.subarray(off, off + n), this.curLen);
        this.curLen += n;
        off += n;
        if (this.curLen === BATCH) this.flushOwn();
      }
      cb();
    };
    step();
  }

  /** Writes a copy of the bytes (the direct path, without a stream in front). */
  put(chunk: Buffer): Promise<void> {
    return new Promise((ok, fail) => this.copyIn(chunk, (e) => (e ? fail(e) : ok())));
  }

  /** Writes a whole buffer handed over (transferred, not copied); `giveBack` has it again once written. */
  putOwned(buf: ArrayBuffer, len: number, giveBack: (buf: ArrayBuffer) => void): void {
    if (this.failure) throw this.failure;
    this.flushOwn();
    this.owned.set(this.send(buf, len), giveBack);
  }

  /** Writes what is left, flushes the file to disk and resolves with its hash and size (the direct path). */
  finish(): Promise<{ sha256: string; bytes: number }> {
    return new Promise((ok, fail) => this.endWorker((e) => (e ? fail(e) : ok(this.result!))));
  }

  private endWorker(cb: (e?: Error | null) => void): void {
    if (this.failure) return cb(this.failure);
    this.flushOwn();
    this.finished = cb;
    this.worker.postMessage({ type: 'end' });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.copyIn(chunk, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.endWorker(cb);
  }

  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    this.resume = null;
    if (this.exited) cb(e);
    else void this.worker.terminate().then(() => cb(e), () => cb(e));
  }

  /** Resolves once the worker has exited (after the writing finished or failed). */
  async stopped(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
    await this.exit;
  }
}
