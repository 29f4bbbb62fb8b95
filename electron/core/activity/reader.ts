import type { Db } from '../db/connection.ts';
import { cancelledError } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { mapHeaders, type ActivityField } from '../../../shared/activity/fields.ts';
import type { RowError } from '../../../shared/activity/types.ts';
import type { Claim } from '../../../shared/activity/rules/rule.ts';
import { readCsv } from '../files/csv.ts';
import { pushBatch, RowValidator, type RowBatch } from './rows.ts';
import { caseAccounts, caseAnalyser, type AnalysisResult } from './analyse.ts';
import { activitySettings } from './settings.ts';
import { openGeoip } from './geoip.ts';

export const isEmptyRecord = (fields: string[]): boolean => fields.length === 1 && fields[0]!.trim() === '';

/** Batches handed on and not yet stored; reading waits when more are on their way. */
export const MAX_IN_FLIGHT = 4;

/**
 * How the reading thread and the thread passing its batches on to the import worker keep pace, in
 * one shared array: [batches stored so far, 1 once the import worker has refused (stop reading)].
 */
export const FLOW_STORED = 0;
export const FLOW_STOP = 1;

export type ReadArgs = {
  path: string;
  caseId: number;
  mapping: Record<string, ActivityField>;
  /** Run the reading thread's share of the rules on the rows as they are read (a case with no events before). */
  live: boolean;
  /** The claim of the subject the import names: the import is not recorded yet. */
  claim: Claim | null;
  flow: Int32Array;
  cancel: Int32Array;
};

export type ReadResult = {
  sha256: string;
  bytes: number;
  rows: number;
  good: number;
  badRows: number;
  /** The first bad rows' line numbers and reasons. */
  errors: RowError[];
  accounts: number;
  /** The reading thread's share of the analysis, when it ran on every row (in time order). */
  analysis: AnalysisResult | undefined;
};

export type ReadIo = { send(b: RowBatch): void; progress(done: number, total: number): void };

/**
 * Reads and checks a login-records file, in the import's reading thread (a worker thread with a
 * capped heap, so that what parsing leaves behind is collected early and the window's thread
 * parses nothing): the good rows go out in batches (`send`), at most {@link MAX_IN_FLIGHT} ahead
 * of what is stored; the reading thread's share of the rules (see READER_RULES in analyse.ts) runs
 * on them as they come.
 */
export async function readLoginFile(db: Db, args: ReadArgs, io: ReadIo): Promise<ReadResult> {
  const { flow, cancel } = args;
  const settings = activitySettings(db);
  const lookup = await openGeoip(settings.geoipPath);
  let rows: RowValidator | null = null;
  // The events are numbered by their place among the good rows; the import worker adds the first row id.
  let live = args.live ? caseAnalyser(db, args.caseId, undefined, 'reader', args.claim ? { importId: 0, claim: args.claim } : undefined) : null;
  // A case's analysis covers all its imports: the accounts it holds already count towards the limit.
  const known = args.live ? new Set<string>() : caseAccounts(db, args.caseId);
  let sent = 0;
  let batches = 0;
  const stopIfAsked = () => {
    if (Atomics.load(cancel, 0) === 1) throw cancelledError();
    if (Atomics.load(flow, FLOW_STOP) === 1) throw new AppError('conflict', 'The import worker stopped the import.');
  };
  const send = (b: RowBatch) => {
    // These events carry import id 0: the import's record is made by the import worker, and these rules do not use it.
    if (live && !pushBatch(live, b, rows!.word, sent, 0)) live = null;
    sent += b.count;
    batches++;
    io.send(b);
  };
  const { sha256, bytes } = await readCsv(args.path, {
    onProgress: io.progress,
    afterChunk: async () => {
      stopIfAsked();
      // Waits (this thread has nothing else to do) until the batches stored catch up.
      for (let stored = Atomics.load(flow, FLOW_STORED); batches - stored > MAX_IN_FLIGHT; stored = Atomics.load(flow, FLOW_STORED)) {
        Atomics.wait(flow, FLOW_STORED, stored, 100);
        stopIfAsked();
      }
    },
  }, (fields, line) => {
    if (isEmptyRecord(fields)) return;
    if (!rows) {
      const headers = fields.map((h) => h.trim());
      const { columns, missing, unknown } = mapHeaders(headers, args.mapping);
      if (unknown.length) throw new AppError('invalid_input', `The mapping names column(s) the file does not have: ${unknown.join(', ')}. Its columns are: ${headers.join(', ')}.`, { details: { headers } });
      if (missing.length) {
        throw new AppError('invalid_input', `No column for ${missing.join(', ')} in the file's header (${headers.join(', ')}). Map them, e.g. --map "${headers[0] ?? 'column'}=${missing[0]}".`, {
          issues: missing.map((m) => ({ path: `mapping.${m}`, message: 'no column is mapped to it' })),
          details: { headers, missing },
        });
      }
      rows = new RowValidator(columns, lookup, send, known);
      return;
    }
    rows.add(fields, line);
  });
  const checked = rows as RowValidator | null;
  checked?.flush();
  stopIfAsked();
  return {
    sha256, bytes,
    rows: checked?.rows ?? 0, good: checked?.good ?? 0, badRows: checked?.badRows ?? 0, errors: checked?.errors ?? [],
    accounts: checked?.accounts.size ?? 0,
    analysis: live ? live.finish() : undefined,
  };
}
