import { announceWriter } from '../db/holder.ts';
import { Worker } from 'node:worker_threads';
import { cancelledError, throwIfCancelled, WriteGate, type Ctx, type Jobs } from '../context.ts';
import { AppError, type ErrorBody } from '../../../shared/errors.ts';
import type { RowBatch } from './rows.ts';

export type WorkerProgress = { phase: string; done: number; total: number | null };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorBody };

/**
 * The main-thread side of the import worker: one worker thread per open database, started on
 * first use, with its own connection. Requests are answered in order; progress is passed on; the
 * shared cancel flag is read by the worker inside its long loops. The import's reading thread
 * (role 'reader') is a second one, which also sends the rows it read (`onBatch`).
 */
export class ActivityWorker {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  /** Set to 1 to cancel the work in progress; the worker checks it between batches and every few thousand events. */
  readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  onProgress: ((p: WorkerProgress) => void) | null = null;
  /** The reading thread's batches of good rows, in order. */
  onBatch: ((b: RowBatch) => void) | null = null;
  /** One job at a time uses the worker (its requests are one conversation). */
  readonly lock = new WriteGate();

  private readonly dbFile: string;
  private readonly dbKeyHex: string;
  private readonly url: URL;
  private readonly role: 'writer' | 'reader';

  constructor(dbFile: string, dbKeyHex: string, url: URL, role: 'writer' | 'reader' = 'writer') {
    this.dbFile = dbFile;
    this.dbKeyHex = dbKeyHex;
    this.url = url;
    this.role = role;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.url, { workerData: { dbFile: this.dbFile, dbKeyHex: this.dbKeyHex, cancel: this.cancel, role: this.role }, resourceLimits: WORKER_LIMITS });
    w.on('message', (m: Reply | ({ type: 'progress' } & WorkerProgress) | { type: 'batch'; batch: RowBatch }) => {
      if ('type' in m) {
        if (m.type === 'batch') this.onBatch?.(m.batch);
        else this.onProgress?.(m);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(AppError.fromBody(m.error));
      if (this.pending.size === 0) w.unref();
    });
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      const who = this.role === 'reader' ? 'The thread reading the file' : 'The import worker';
      for (const p of this.pending.values()) p.reject(new AppError('internal', `${who} stopped: ${why}. Nothing was saved.`));
      this.pending.clear();
    };
    w.on('error', (e: Error & { code?: string }) =>
      fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it needed more than the ${WORKER_LIMITS.maxOldGenerationSizeMb} MB of memory it may use (the file holds too many accounts, addresses or sessions active at once for the detectors)` : e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  /** Starts the thread ahead of its first request (it takes a few hundred milliseconds to load), without keeping the process alive. */
  warm(): void {
    const w = this.start();
    if (this.pending.size === 0) w.unref();
  }

  request<T>(op: string, payload: Record<string, unknown> = {}, transfer: ArrayBuffer[] = []): Promise<T> {
    const w = this.start();
    w.ref();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, op, ...payload }, transfer);
    });
  }

  close(): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }
}

/**
 * Each worker's JavaScript heap is capped: what it keeps does not grow with the file (the rows go
 * to SQLite, whose page cache is capped too; the detectors keep open windows and capped lists),
 * and the cap makes the collector keep it small. Without it the reading thread's heap, with 60–110
 * MB alive, grew to about 300 MB between collections.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };

const workers = new WeakMap<Ctx, { writer: ActivityWorker; reader: ActivityWorker }>();

function pair(ctx: Ctx) {
  let p = workers.get(ctx);
  if (!p) {
    const make = (role: 'writer' | 'reader') => new ActivityWorker(ctx.paths.dbFile, ctx.vault.dbKeyHex, ctx.workers.activity, role);
    workers.set(ctx, (p = { writer: make('writer'), reader: make('reader') }));
  }
  return p;
}

export const activityWorker = (ctx: Ctx): ActivityWorker => pair(ctx).writer;

/** The thread that reads a login import's file (used only by the job holding the import worker). */
export const activityReader = (ctx: Ctx): ActivityWorker => pair(ctx).reader;

/**
 * Starts the import's two threads when a file is chosen (its preview), so that the import that
 * follows does not wait for them to load.
 */
export function warmImportWorkers(ctx: Ctx): void {
  const p = pair(ctx);
  p.writer.warm();
  p.reader.warm();
}

export function closeActivityWorker(ctx: Ctx): void {
  const p = workers.get(ctx);
  p?.writer.close();
  p?.reader.close();
  workers.delete(ctx);
}

export type WorkerJob = ReturnType<Jobs['start']>;

/**
 * Runs work in the import worker as a cancellable job, one job at a time. `gate: 'whole'`: the job
 * holds the write gate throughout (it writes in one transaction: an analysis, a device file).
 * `gate: 'final'`: a staged login import, which writes in short transactions of its own while other
 * requests write in between, and holds the gate only for its final write (`exclusive`). The gate
 * is taken before anything is awaited so that no request sent later runs ahead of it; the worker's
 * progress is passed on as the job's, a cancel is passed on to the worker, and a cancel seen
 * anywhere is reported as the user's.
 */
export async function workerJob<T>(
  ctx: Ctx,
  jobId: string | undefined,
  work: (worker: ActivityWorker, job: WorkerJob, exclusive: <R>(fn: () => Promise<R>) => Promise<R>) => Promise<T>,
  gate: 'whole' | 'final' = 'whole',
): Promise<T> {
  const job = ctx.jobs.start(jobId);
  const worker = activityWorker(ctx);
  const onAbort = () => Atomics.store(worker.cancel, 0, 1);
  // The worker first, then the gate: a staged import holding the worker takes the gate only at its end.
  const turn = worker.lock.acquire();
  const releases: (() => void)[] = [];
  const exclusive = async <R>(fn: () => Promise<R>): Promise<R> => {
    if (gate === 'whole') return fn();
    const free = await ctx.gate.acquire();
    try {
      return await fn();
    } finally {
      free();
    }
  };
  try {
    releases.push(await turn);
    if (gate === 'whole') releases.push(await ctx.gate.acquire());
    // The note says what holds the database to a writer kept waiting, and keeps `verify --repair` off the file being imported.
    releases.push(announceWriter(ctx.paths.dbFile, 'A login-activity import or analysis'));
    throwIfCancelled(job.signal);
    Atomics.store(worker.cancel, 0, 0);
    job.signal.addEventListener('abort', onAbort);
    worker.onProgress = (p) => ctx.emit('progress', { jobId: job.jobId, ...p });
    return await work(worker, job, exclusive);
  } catch (e) {
    if (job.signal.aborted) throw cancelledError();
    throw e;
  } finally {
    worker.onProgress = null;
    job.signal.removeEventListener('abort', onAbort);
    for (const r of releases.reverse()) r();
    job.finish();
  }
}
