import type { Ctx } from '../context.ts';
import { requireActor, throwIfCancelled } from '../context.ts';
import { stmt, type ReadDb } from '../db/connection.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { mapHeaders, type ActivityField } from '../../../shared/activity/fields.ts';
import type { ImportPreview, ImportRecord, ImportResult } from '../../../shared/activity/types.ts';
import { readCsv } from '../files/csv.ts';
import { pushBatch, RowValidator, type RowBatch } from './rows.ts';
import { caseAnalyser, caseHasEvents } from './analyse.ts';
import { activitySettings } from './settings.ts';
import { openGeoip } from './geoip.ts';
import { listFindings, summarise } from './findings.ts';
import { defaultCaseZone, subjectClaim, subjectZone } from './subjects.ts';
import { storeImportedFile } from './exhibit.ts';
import { workerJob } from './worker-client.ts';
import type { CommitResult } from './writer.ts';
import type { StoredBlob } from '../evidence/store.ts';
import { discardUnfiled, safeOriginalName } from '../evidence/service.ts';
import { withSourceFile, type FileSource } from '../evidence/source-file.ts';

const isEmptyRecord = (fields: string[]) => fields.length === 1 && fields[0]!.trim() === '';

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

/** Batches sent to the worker and not yet stored; reading waits when more are on their way. */
const MAX_IN_FLIGHT = 4;

/**
 * The file is read and checked here while the import worker stages the good rows in the
 * database, a batch per short transaction (the import is invisible until its final write, and
 * other windows and commands write in between), and runs the detectors on them as they come (or,
 * for a case that had events before, over the case read back at the end). Then the worker files
 * the exhibit, indexes the addresses, writes the audit event and the findings and makes the import
 * visible, in one short final write (the only part that holds the write gate). A refusal, an error
 * or a cancel at any point removes what was staged. Memory does not grow with the file: rows leave
 * this thread in batches and the detectors keep only open windows.
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
  return workerJob(ctx, input.jobId, async (worker, job, exclusive) => {
    const progress = (phase: string, done: number, total: number | null) => ctx.emit('progress', { jobId: job.jobId, phase, done, total });
    // The copy into the evidence store runs alongside the parse (both are I/O-bound streams); a
    // refused file's copy is removed again unless an exhibit already holds the same content.
    let blobPromise: Promise<StoredBlob> | null = null;
    const copy = new AbortController();
    let began = false;
    let imported = false;
    try {
      const lookup = await openGeoip(settings.geoipPath);
      throwIfCancelled(job.signal);
      // The copy stops as soon as the import fails (a file refused at its first line is not copied whole).
      blobPromise = storeImportedFile(ctx, input.path, AbortSignal.any([job.signal, copy.signal]));
      blobPromise.catch(() => {});
      // Not awaited: the file is read while the worker starts and opens its transaction. Its answer
      // is the first in line, so a refusal (the case closed meanwhile) is the error reported.
      const begun = worker.request('begin', { args: { caseId: c.id, actor, fileName, subject: input.subject ?? null, zone, mapping: input.mapping } });
      began = true;
      begun.catch(() => {});
      const inFlight: Promise<unknown>[] = [begun];
      let rows: RowValidator | null = null;
      // Some rules run here, on the rows as they are read, the others in the worker
      // (for a case with no events before and a file in time order; else the worker reads the case
      // back at the commit). The events are numbered by their place among the good rows; the worker
      // adds the first row id. No other import can start meanwhile: this one holds the gate.
      const hadEvents = caseHasEvents(ctx.db, c.id);
      let live = hadEvents ? null : caseAnalyser(ctx.db, c.id, undefined, 'reader', input.subject ? { importId: 0, claim: subjectClaim(ctx.db, c.id, input.subject) } : undefined);
      let sent = 0;
      const send = (b: RowBatch) => {
        // This thread's events carry import id 0: the import's record is made by the worker, and this thread's rules do not use it.
        if (live && !pushBatch(live, b, rows!.word, sent, 0)) live = null;
        sent += b.count;
        const request = worker.request('rows', { batch: b }, [b.ts.buffer, b.line.buffer, b.source.buffer, b.port.buffer, b.codes.buffer] as ArrayBuffer[]);
        request.catch(() => {});
        inFlight.push(request);
      };
      const { sha256, bytes } = await readCsv(input.path, {
        signal: job.signal,
        onProgress: (b, t) => progress('reading', b, t),
        afterChunk: async () => {
          while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
        },
      }, (fields, line) => {
        if (isEmptyRecord(fields)) return;
        if (!rows) {
          const headers = fields.map((h) => h.trim());
          const { columns, missing, unknown } = mapHeaders(headers, input.mapping);
          if (unknown.length) throw new AppError('invalid_input', `The mapping names column(s) the file does not have: ${unknown.join(', ')}. Its columns are: ${headers.join(', ')}.`, { details: { headers } });
          if (missing.length) {
            throw new AppError('invalid_input', `No column for ${missing.join(', ')} in the file's header (${headers.join(', ')}). Map them, e.g. --map "${headers[0] ?? 'column'}=${missing[0]}".`, {
              issues: missing.map((m) => ({ path: `mapping.${m}`, message: 'no column is mapped to it' })),
              details: { headers, missing },
            });
          }
          rows = new RowValidator(columns, lookup, send);
          return;
        }
        rows.add(fields, line);
      });
      const checked = rows as RowValidator | null;
      checked?.flush();
      await Promise.all(inFlight);
      if (!checked || checked.rows === 0) throw new AppError('invalid_input', 'The file has no records below its header; nothing was imported.');
      const share = checked.badRows / checked.rows;
      if (checked.good === 0 || share > settings.importMaxBadShare) {
        const first = checked.errors.slice(0, MAX_ERRORS_SHOWN);
        throw new AppError(
          'invalid_input',
          `${checked.badRows} of ${checked.rows} rows are bad (${(share * 100).toFixed(2)}%, more than the ${(settings.importMaxBadShare * 100).toFixed(2)}% allowed); nothing was imported. First errors: ${first.map((e) => `line ${e.line}: ${e.message}`).join('; ')}.`,
          { details: { badRows: checked.badRows, rows: checked.rows, errors: first } },
        );
      }
      const blob = await blobPromise;
      if (blob.sha256 !== sha256) throw new AppError('conflict', `${input.path} changed while it was being imported; nothing was imported. Import it again.`);
      throwIfCancelled(job.signal);
      progress('analysing', 0, null);
      const analysis = live ? live.finish() : undefined;
      const r = await exclusive(() => worker.request<CommitResult>('commit', { args: { sha256, bytes, skipped: checked.badRows, blob, analysis } }));
      began = false;
      const common = { sha256, accounts: checked.accounts.size, skipped: checked.errors, skippedCount: checked.badRows };
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
