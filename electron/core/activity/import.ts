import type { Ctx } from '../context.ts';
import { requireActor, throwIfCancelled } from '../context.ts';
import { stmt, type ReadDb } from '../db/connection.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { mapHeaders, type ActivityField } from '../../../shared/activity/fields.ts';
import type { ImportPreview, ImportRecord, ImportResult } from '../../../shared/activity/types.ts';
import { readCsv } from '../files/csv.ts';
import { caseHasEvents } from './analyse.ts';
import { activitySettings } from './settings.ts';
import { listFindings, summarise } from './findings.ts';
import { defaultCaseZone, subjectClaim, subjectZone } from './subjects.ts';
import { storeImportedFile } from './exhibit.ts';
import { activityReader, workerJob } from './worker-client.ts';
import { FLOW_STOP, FLOW_STORED, isEmptyRecord, type ReadResult } from './reader.ts';
import { batchBuffers } from './rows.ts';
import type { CommitResult } from './writer.ts';
import type { StoredBlob } from '../evidence/store.ts';
import { discardUnfiled, safeOriginalName } from '../evidence/service.ts';
import { withSourceFile, type FileSource } from '../evidence/source-file.ts';

/** The file's headers, a few rows and the mapping Casebook would use, so that the user can correct it before importing. */
export async function previewImport(path: string): Promise<ImportPreview> {
  // The first few records are enough to show the columns; the rest of the file is not read.
  let headers: string[] | null = null;
  const sample: string[][] = [];
  await readCsv(path, { limit: 7 }, (fields) => {
    if (isEmptyRecord(fields)) return;
    if (!headers) headers = fields.map((h) => h.trim());
    else if (sample.length < 5) sample.push(fields);
  });
  const hs: string[] = headers ?? [];
  const { columns, missing } = mapHeaders(hs);
  const mapping = Object.fromEntries(Object.entries(columns).map(([f, i]) => [f, hs[i]!])) as Partial<Record<ActivityField, string>>;
  return { headers: hs, sample, mapping, missing };
}

export type ImportInput = FileSource & { number: string; subject?: string | undefined; zone?: string | undefined; mapping: Record<string, ActivityField>; jobId?: string | undefined };

const MAX_ERRORS_SHOWN = 20;

/**
 * Imports a login-records CSV into a case: streamed, validated row by row, refused whole when too
 * many rows are bad, stored together with its analysis in one transaction. The same file
 * imported again adds nothing.
 */
export function importActivity(ctx: Ctx, input: ImportInput): Promise<ImportResult> {
  return withSourceFile(ctx.paths.dataDir, input, (path, name) => importFile(ctx, { ...input, path }, name));
}

/**
 * The file is read and checked in the import's reading thread (reader.ts) while the import worker
 * stages the good rows in the database, a batch per short transaction (the import is invisible
 * until its final write, and other windows and commands write in between), and runs the detectors
 * on them as they come (or,
 * for a case that had events before, over the case read back at the end). Then the worker files
 * the exhibit, indexes the addresses, writes the audit event and the findings and makes the import
 * visible, in one short final write (the only part that holds the write gate). A refusal, an error
 * or a cancel at any point removes what was staged. Memory does not grow with the file: rows pass
 * through this thread in batches, and the detectors keep only open windows.
 */
async function importFile(ctx: Ctx, input: ImportInput & { path: string }, givenName: string): Promise<ImportResult> {
  // Stored and shown as a label: no folders, no control characters (ESC, BEL, CR, LF).
  const fileName = safeOriginalName(givenName);
  const actor = requireActor(ctx).name;
  const c = getCase(ctx.db, input.number);
  assertCaseWritable(c);
  const settings = activitySettings(ctx.db);
  // The claimed zone: as given, else the named subject's, else the case's one worker's (WP-01 runs without choosing one).
  const zone = input.zone ?? (input.subject ? subjectZone(ctx.db, c.id, input.subject) : defaultCaseZone(ctx.db, c.id));
  const reader = activityReader(ctx);
  return workerJob(ctx, input.jobId, async (worker, job, exclusive) => {
    const progress = (phase: string, done: number, total: number | null) => ctx.emit('progress', { jobId: job.jobId, phase, done, total });
    // The copy into the evidence store runs alongside the parse (both are I/O-bound streams); a
    // refused file's copy is removed again unless an exhibit already holds the same content.
    let blobPromise: Promise<StoredBlob> | null = null;
    const copy = new AbortController();
    let began = false;
    let imported = false;
    try {
      // The copy stops as soon as the import fails (a file refused at its first line is not copied whole).
      blobPromise = storeImportedFile(ctx, input.path, AbortSignal.any([job.signal, copy.signal]));
      blobPromise.catch(() => {});
      // Not awaited: the file is read while the worker starts and opens its transaction. Its answer
      // is the first in line, so a refusal (the case closed meanwhile) is the error reported.
      const begun = worker.request('begin', { args: { caseId: c.id, actor, fileName, subject: input.subject ?? null, zone, mapping: input.mapping } });
      began = true;
      // The reading thread reads and checks the file and sends the good rows here in batches, which
      // go on to the import worker; it keeps at most MAX_IN_FLIGHT ahead of what is stored (`flow`).
      // A refusal from the import worker stops the reading, and is the error reported.
      const flow = new Int32Array(new SharedArrayBuffer(8));
      let refused: unknown = null;
      const refuse = (e: unknown) => {
        refused ??= e;
        Atomics.store(flow, FLOW_STOP, 1);
        Atomics.notify(flow, FLOW_STOP);
      };
      const stored = () => {
        Atomics.add(flow, FLOW_STORED, 1);
        Atomics.notify(flow, FLOW_STORED);
      };
      let last: Promise<unknown> = begun.catch(refuse);
      reader.onProgress = (p) => progress(p.phase, p.done, p.total);
      reader.onBatch = (b) => {
        last = worker.request('rows', { batch: b }, batchBuffers(b)).then(stored, refuse);
      };
      // Some rules run in the reading thread, on the rows as they are read, the others in the worker
      // (for a case with no events before and a file in time order; else the worker reads the case
      // back at the commit). No other import can start meanwhile: this one holds the import worker.
      const live = !caseHasEvents(ctx.db, c.id);
      const claim = live && input.subject ? subjectClaim(ctx.db, c.id, input.subject) : null;
      const read = await reader.request<ReadResult>('read', { args: { path: input.path, caseId: c.id, mapping: input.mapping, live, claim, flow, cancel: worker.cancel } }).then(
        (value) => ({ value, error: null }),
        (error: unknown) => ({ value: null, error }),
      );
      reader.onBatch = null;
      reader.onProgress = null;
      await last;
      if (refused) throw refused;
      if (!read.value) throw read.error;
      const checked = read.value;
      if (checked.rows === 0) throw new AppError('invalid_input', 'The file has no records below its header; nothing was imported.');
      const share = checked.badRows / checked.rows;
      if (checked.good === 0 || share > settings.importMaxBadShare) {
        const first = checked.errors.slice(0, MAX_ERRORS_SHOWN);
        throw new AppError(
          'invalid_input',
          `${checked.badRows} of ${checked.rows} rows are bad (${(share * 100).toFixed(2)}%, more than the ${(settings.importMaxBadShare * 100).toFixed(2)}% allowed); nothing was imported. First errors: ${first.map((e) => `line ${e.line}: ${e.message}`).join('; ')}.`,
          { details: { badRows: checked.badRows, rows: checked.rows, errors: first } },
        );
      }
      const { sha256, bytes, analysis } = checked;
      const blob = await blobPromise;
      if (blob.sha256 !== sha256) throw new AppError('conflict', `${input.path} changed while it was being imported; nothing was imported. Import it again.`);
      throwIfCancelled(job.signal);
      progress('analysing', 0, null);
      const r = await exclusive(() => worker.request<CommitResult>('commit', { args: { sha256, bytes, skipped: checked.badRows, blob, analysis } }));
      began = false;
      const common = { sha256, accounts: checked.accounts, skipped: checked.errors, skippedCount: checked.badRows };
      if (r.duplicate) return { ...common, importId: r.importId, duplicate: true, exhibit: r.exhibit, events: r.events, findings: listFindings(ctx.db, c.id).map(summarise) };
      imported = true;
      return { ...common, importId: r.importId, duplicate: false, exhibit: r.exhibit, events: r.events, findings: r.findings };
    } finally {
      if (began) await worker.request('rollback').catch(() => {});
      if (!imported && blobPromise) {
        copy.abort();
        const blob = await blobPromise.catch(() => null);
        if (blob) await discardUnfiled(ctx, [blob]);
      }
    }
  });
}

export function listImports(db: ReadDb, number: string): ImportRecord[] {
  const c = getCase(db, number);
  return (stmt(db, "SELECT * FROM activity_imports WHERE case_id = ? AND state = 'done' ORDER BY id").all(c.id) as {
    id: number; file_name: string; sha256: string; exhibit: string | null; subject: string | null; zone: string | null; events: number; skipped: number; imported_by: string; imported_at: string;
  }[]).map((r) => ({ id: r.id, fileName: r.file_name, sha256: r.sha256, exhibit: r.exhibit, subject: r.subject, zone: r.zone, events: r.events, skipped: r.skipped, importedBy: r.imported_by, importedAt: r.imported_at }));
}
