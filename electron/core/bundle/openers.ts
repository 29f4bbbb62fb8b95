// The exhibits' stored files, decrypted and hashed ahead in worker threads (two, one a core on a
// small laptop) while the main thread writes the archive in order. Each worker reads a stored
// file in large blocks, opens its age chunks (the key and where they start come from the main
// thread, which checks the header: `blobPayload`), hashes the plaintext once (the hash checked
// against the recorded SHA-256) and hands it over in 1 MiB batches, at most a few ahead of the
// writing, so memory stays small whatever the files' sizes. The workers run from source text
// (node's built-ins only), so they need no file of their own beside the app.
import { Worker } from 'node:worker_threads';

/** Plaintext per batch, and how many batches a worker may hold ready before the writer takes them. */
const BATCH_CHUNKS = 16;
const AHEAD = 4;

const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const { createDecipheriv, createHash } = require('node:crypto');
const fs = require('node:fs');
const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED = CHUNK + TAG;
const BATCH_CHUNKS = ${BATCH_CHUNKS};
const AHEAD = ${AHEAD};
const free = [];
let allocated = 0;
let wake = null;
const readBuf = Buffer.allocUnsafe(SEALED * BATCH_CHUNKS);
const nonceOf = (index, last) => {
  const n = Buffer.alloc(12);
  n.writeUIntBE(index, 5, 6);
  n[11] = last ? 1 : 0;
  return n;
};
// A batch goes into a buffer of this worker's own (at most AHEAD of them); the writer gives each back once written.
const takeBuffer = async () => {
  while (free.length === 0 && allocated >= AHEAD) await new Promise((r) => { wake = r; });
  if (free.length) return free.pop();
  allocated++;
  return new ArrayBuffer(BATCH_CHUNKS * CHUNK);
};
parentPort.on('message', (m) => {
  if (m.type === 'give') {
    free.push(m.buf);
    const w = wake;
    wake = null;
    if (w) w();
  } else if (m.type === 'job') {
    run(m).catch((e) => parentPort.postMessage({ type: 'error', id: m.id, kind: 'io', code: e.code || null, message: String(e.message || e) }));
  }
});
async function run(job) {
  const fd = fs.openSync(job.path, 'r');
  try {
    const key = Buffer.from(job.key);
    const payload = job.storedSize - job.offset;
    if (payload < TAG) return parentPort.postMessage({ type: 'error', id: job.id, kind: 'age', message: 'it is cut off after its header' });
    const chunks = Math.max(1, Math.ceil(payload / SEALED));
    const hash = createHash('sha256');
    let index = 0;
    let plain = 0;
    let pos = job.offset;
    while (index < chunks) {
      const n = Math.min(BATCH_CHUNKS, chunks - index);
      const want = Math.min(n * SEALED, job.storedSize - pos);
      let got = 0;
      while (got < want) {
        const r = fs.readSync(fd, readBuf, got, want - got, pos + got);
        if (r === 0) break;
        got += r;
      }
      if (got < want) return parentPort.postMessage({ type: 'error', id: job.id, kind: 'age', message: 'it changed while it was being read (cut off)' });
      pos += got;
      const out = new Uint8Array(await takeBuffer());
      let outLen = 0;
      for (let k = 0; k < n; k++, index++) {
        const last = index === chunks - 1;
        const sealed = readBuf.subarray(k * SEALED, Math.min(got, (k + 1) * SEALED));
        const d = createDecipheriv('chacha20-poly1305', key, nonceOf(index, last), { authTagLength: TAG });
        d.setAuthTag(sealed.subarray(sealed.length - TAG));
        const p = d.update(sealed.subarray(0, sealed.length - TAG));
        try {
          d.final();
        } catch {
          const from = index * CHUNK;
          return parentPort.postMessage({ type: 'error', id: job.id, kind: 'age', message: last ? 'its last chunk (bytes ' + from + '–' + (from + sealed.length - TAG) + ') fails its check: altered or cut off' : 'chunk ' + (index + 1) + ' (bytes ' + from + '–' + (from + CHUNK) + ') fails its check: altered' });
        }
        if (last && p.length === 0 && index > 0) return parentPort.postMessage({ type: 'error', id: job.id, kind: 'age', message: 'it ends with an empty chunk' });
        hash.update(p);
        out.set(p, outLen);
        outLen += p.length;
      }
      plain += outLen;
      if (plain > job.size) return parentPort.postMessage({ type: 'end', id: job.id, sha256: null, bytes: plain });
      parentPort.postMessage({ type: 'data', id: job.id, buf: out.buffer, len: outLen }, [out.buffer]);
    }
    parentPort.postMessage({ type: 'end', id: job.id, sha256: hash.digest('hex'), bytes: plain });
  } finally {
    fs.closeSync(fd);
  }
}
`;

export type OpenJob = { path: string; key: Buffer; offset: number; storedSize: number; size: number };
export type OpenResult = { sha256: string | null; bytes: number };
/** Why a stored file could not be opened: its encryption's check failed (`age`), or reading it did (`io`, with the system's code). */
export class OpenError extends Error {
  readonly kind: 'age' | 'io';
  readonly code: string | null;
  constructor(kind: 'age' | 'io', message: string, code: string | null) {
    super(message);
    this.name = 'OpenError';
    this.kind = kind;
    this.code = code;
  }
}

type FromWorker =
  | { type: 'data'; id: number; buf: ArrayBuffer; len: number }
  | { type: 'end'; id: number; sha256: string | null; bytes: number }
  | { type: 'error'; id: number; kind: 'age' | 'io'; code?: string | null; message: string };

/** A batch of a file's plaintext, in a buffer that goes back to its worker once written (`giveBack`). */
export type Batch = { buf: ArrayBuffer; len: number; giveBack: (buf: ArrayBuffer) => void };

/** One file being opened: its batches in order, then its hash and size. */
export class Opening {
  private readonly queue: (Batch | OpenResult | Error)[] = [];
  private waiting: (() => void) | null = null;

  push(x: Batch | OpenResult | Error): void {
    this.queue.push(x);
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** The next batch of plaintext, or the file's hash and size at its end; throws an OpenError. */
  async next(): Promise<Batch | OpenResult> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.waiting = r));
    const x = this.queue.shift()!;
    if (x instanceof Error) throw x;
    return x;
  }
}

/**
 * A small pool of workers that open stored files in the order they are asked for, each file on
 * one worker, the next file on the next free one.
 */
export class OpenerPool {
  private readonly workers: { w: Worker; busy: number | null }[] = [];
  private readonly openings = new Map<number, Opening>();
  private readonly pending: { id: number; job: () => Promise<OpenJob> }[] = [];
  private nextId = 1;
  private failure: Error | null = null;

  constructor(size = 2) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (m: FromWorker) => this.onMessage(i, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if ((this.workers[i]?.busy ?? null) !== null) this.fail(new Error(`a worker opening the stored files stopped (exit code ${code})`));
      });
      this.workers.push({ w, busy: null });
    }
  }

  private fail(e: Error): void {
    this.abort(new OpenError('io', e.message, null));
  }

  /** Fails every file still being read with this error (the writing failed, or a worker did). */
  abort(e: Error): void {
    this.failure ??= e;
    for (const o of this.openings.values()) o.push(e);
  }

  private onMessage(i: number, m: FromWorker): void {
    const o = this.openings.get(m.id);
    if (!o) return;
    const w = this.workers[i]!.w;
    if (m.type === 'data') o.push({ buf: m.buf, len: m.len, giveBack: (buf) => w.postMessage({ type: 'give', buf }, [buf]) });
    else {
      o.push(m.type === 'end' ? { sha256: m.sha256, bytes: m.bytes } : new OpenError(m.kind, m.message, m.code ?? null));
      this.workers[i]!.busy = null;
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (let i = 0; i < this.workers.length; i++) {
      const slot = this.workers[i]!;
      if (slot.busy !== null || this.pending.length === 0) continue;
      const { id, job } = this.pending.shift()!;
      slot.busy = id;
      job().then(
        (j) => slot.w.postMessage({ type: 'job', id, path: j.path, key: j.key, offset: j.offset, storedSize: j.storedSize, size: j.size }),
        (e: unknown) => {
          // The header could not be read or checked: this file fails; the worker takes the next.
          const err = e as NodeJS.ErrnoException;
          this.openings.get(id)?.push(err.name === 'AgeError' ? new OpenError('age', err.message, null) : new OpenError('io', err.message, err.code ?? null));
          slot.busy = null;
          this.dispatch();
        },
      );
    }
  }

  /** Queues a file; `job` (reading its header) runs when a worker is free for it. */
  open(job: () => Promise<OpenJob>): Opening {
    const id = this.nextId++;
    const o = new Opening();
    if (this.failure) o.push(this.failure);
    this.openings.set(id, o);
    this.pending.push({ id, job });
    this.dispatch();
    return o;
  }

  /** Forgets a file once it has been read to its end. */
  done(o: Opening): void {
    for (const [id, x] of this.openings) if (x === o) this.openings.delete(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ w }) => w.terminate()));
  }
}
