/**
 * Turns at the write lock for long work done as many short transactions (a login import's
 * staged batches, removing a staged import). SQLite gives the write lock to whoever asks first
 * after it is released, and a writer waiting in another process asks again only every so often
 * (SQLite's busy handler sleeps up to 100 ms between tries). Back-to-back transactions leave gaps
 * of microseconds, so that writer waits until its busy timeout (5 s) and fails with "database is
 * locked" while the lock was never held for more than one batch. Measured with two processes:
 * a writer holding the lock in 50 ms transactions with 1 ms gaps starved the other for 5 s;
 * with 20 ms gaps it got through in 20 ms.
 *
 * So long work pauses: after holding the lock (in any number of transactions) for HOLD_MS, it
 * waits PAUSE_MS, longer than the busy handler's longest sleep, so a writer waiting anywhere
 * gets its turn within HOLD_MS + PAUSE_MS. Costs PAUSE_MS / (HOLD_MS + PAUSE_MS) of the long
 * work's time (7%) when another thread does not fill the pause (the import's reading thread
 * goes on reading meanwhile).
 */
export const HOLD_MS = 1_500;
export const PAUSE_MS = 120;

import type { Db } from './handle.ts';

const pauseCell = new Int32Array(new SharedArrayBuffer(4));

export class WriteTurns {
  private since = performance.now();
  private readonly hold: number;
  private readonly pause: number;

  constructor(hold = HOLD_MS, pause = PAUSE_MS) {
    this.hold = hold;
    this.pause = pause;
  }

  /** Called between two transactions: pauses when the lock has been held long enough. Only off the window's thread (a worker, or the CLI). */
  between(): void {
    if (performance.now() - this.since < this.hold) return;
    Atomics.wait(pauseCell, 0, 0, this.pause);
    this.since = performance.now();
  }

  /** One short write transaction of the long work, after a pause when it is due. */
  write<T>(db: Db, fn: () => T): T {
    this.between();
    return db.transaction(fn).immediate();
  }
}
