import type { Db } from './db/connection.ts';
import type { Vault } from './crypto/keys.ts';
import type { Actor } from '../../shared/session.ts';
import type { Progress } from '../../shared/contract/index.ts';
import type { RenderedReport } from '../../shared/contract/reports.ts';
import { AppError } from '../../shared/errors.ts';

/** Where the database and the evidence store live. */
export type Paths = { dbFile: string; dataDir: string; evidenceDir: string };

/** Cancellable long work (imports, exports, verification) registered under a job id. */
export class Jobs {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string | undefined): { signal: AbortSignal; jobId: string; finish: () => void } {
    const id = jobId ?? `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const controller = new AbortController();
    this.running.set(id, controller);
    return { signal: controller.signal, jobId: id, finish: () => this.running.delete(id) };
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }
}

/**
 * Work that holds the database's write lock outside this thread (the import worker) holds the
 * gate too; requests that write wait at the gate until it is free, instead of blocking the
 * thread on the lock or writing into the middle of an import (reads pass: `READS` in api.ts).
 */
export class WriteGate {
  private current: Promise<void> | null = null;

  get busy(): boolean {
    return this.current !== null;
  }

  async wait(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Takes the gate (at once when it is free, before anything else can run) and returns the function that frees it. */
  async acquire(): Promise<() => void> {
    // Checked again on every wake-up, in the same turn as the take: two waiters never both get it.
    while (this.current) await this.current;
    let free!: () => void;
    this.current = new Promise((r) => (free = r));
    return () => {
      this.current = null;
      free();
    };
  }
}

/** The error every cancelled job ends with. */
export const cancelledError = (): AppError => new AppError('cancelled', 'Cancelled by the user; nothing was saved.');

export const throwIfCancelled = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted) throw cancelledError();
};

export type FileRequest = { mode: 'open' | 'save' | 'folder'; title: string; multiple: boolean; defaultName?: string | undefined; filters: { name: string; extensions: string[] }[] };

/**
 * What the shell around the core adds. The desktop app shows native file dialogs and prints with
 * its own Chromium (webContents.printToPDF); the CLI and the harness have neither, and the core
 * falls back to the Chromium found on the machine.
 */
export type Shell = {
  chooseFiles?: (request: FileRequest) => Promise<string[]>;
  printPdf?: (report: RenderedReport, signal?: AbortSignal) => Promise<Buffer>;
};

/** What every handler receives: the database, who is acting, and how to report progress. */
export type Ctx = {
  db: Db;
  /** The unlocked keys: the database's page key, the evidence files' keys. */
  vault: Vault;
  actor: Actor | null;
  paths: Paths;
  jobs: Jobs;
  emit: (event: 'progress', payload: Progress) => void;
  shell: Shell;
  gate: WriteGate;
  /** Where the import worker's script is (the desktop app's bundle names its own). */
  workers: { activity: URL };
};

export function requireActor(ctx: Pick<Ctx, 'actor'>): Actor {
  if (!ctx.actor) throw new AppError('forbidden', 'Sign in first: enter your name and role so that changes are attributed to you.');
  return ctx.actor;
}
