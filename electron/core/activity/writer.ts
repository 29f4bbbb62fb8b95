import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { cancelledError } from '../context.ts';
import type { Db } from '../db/connection.ts';
import type { Statement } from 'better-sqlite3';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCaseById } from '../cases/repo.ts';
import type { StoredBlob } from '../evidence/store.ts';
import type { FindingSummary } from '../../../shared/activity/types.ts';
import { CODED_FIELDS, COUNTRY_SOURCES, NONE, pushBatch, type RowBatch } from './rows.ts';
import { fileImportExhibit } from './exhibit.ts';
import { analyseEvents, caseAnalyser, caseEventsVersion, caseHasEvents, completeAnalysis, mergeAnalyses, withRowIds, type AnalysisHooks, type AnalysisResult, type CasePass } from './analyse.ts';
import { summarise } from './findings.ts';
import { AddressRuns, removeAddressRuns } from './address-runs.ts';
import { WriteTurns } from '../db/turns.ts';

export type BeginArgs = { caseId: number; actor: string; fileName: string; subject: string | null; zone: string | null; mapping: Record<string, string> };
/** `analysis`: the reading thread's share of the rules, run on the main thread as the rows were read; its refs are the rows' places among those sent (0 first). */
export type CommitArgs = { sha256: string; bytes: number; skipped: number; blob: StoredBlob; now?: string; analysis?: AnalysisResult };
export type CommitResult =
  | { duplicate: true; importId: number; exhibit: string | null; events: number; findings: FindingSummary[] }
  | { duplicate: false; importId: number; exhibit: string; events: number; findings: FindingSummary[] };

// Rows go in ROWS_PER_INSERT at a time through one multi-row INSERT: a tenth of the calls into
// SQLite. The case and import ids, the same for every row, are written into the statement.
const ROWS_PER_INSERT = 64;
const COLS = 10;
const insertSql = (rows: number, caseId: number, importId: number) =>
  `INSERT INTO login_events (case_id, import_id, line, ts, account, ip, country, country_source, event, session_id, user_agent, port) VALUES ${Array.from({ length: rows }, () => `(${caseId}, ${importId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).join(', ')}`;

/** Staged rows are removed this many row ids at a time, each step its own short transaction. */
const REMOVE_STEP = 65_536;

/** A process is taken as alive when it can be signalled (this process always: its imports end with it). */
const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes a staged import: its rows (a short transaction per step of row ids, from the lowest id
 * it can have), its entries in the address index, and its record.
 */
export function removeStagedImport(db: Db, importId: number, ranges?: readonly [number, number][]): void {
  const row = stmt(db, "SELECT case_id, staging_first_id FROM activity_imports WHERE id = ? AND state = 'staging'").get(importId) as { case_id: number; staging_first_id: number | null } | undefined;
  if (!row) return;
  const del = stmt(db, 'DELETE FROM login_events WHERE id BETWEEN ? AND ? AND import_id = ?');
  const turns = new WriteTurns();
  if (ranges) {
    for (let i = 0; i < ranges.length; i += 8) {
      turns.write(db, () => {
        for (const [a, b] of ranges.slice(i, i + 8)) del.run(a, b, importId);
      });
    }
  } else {
    const top = (stmt(db, 'SELECT coalesce(max(id), 0) FROM login_events').pluck().get() as number);
    for (let a = row.staging_first_id ?? 1; a <= top; a += REMOVE_STEP) turns.write(db, () => del.run(a, a + REMOVE_STEP - 1, importId));
  }
  // Its part of the address index, a step at a time (a large import has a million entries).
  removeAddressRuns(db, row.case_id, importId, turns);
  db.transaction(() => {
    stmt(db, "DELETE FROM activity_imports WHERE id = ? AND state = 'staging'").run(importId);
  }).immediate();
}

/** Removes what imports killed while staged left (their process is gone): invisible, but taking room. */
export function removeAbandonedStaging(db: Db): number {
  const rows = stmt(db, "SELECT id, staging_pid FROM activity_imports WHERE state = 'staging'").all() as { id: number; staging_pid: number | null }[];
  let n = 0;
  for (const r of rows) {
    // Another window of this process may be staging into the same database: only a gone process's imports are abandoned.
    if (r.staging_pid !== null && alive(r.staging_pid)) continue;
    removeStagedImport(db, r.id);
    n++;
  }
  return n;
}

/**
 * Writes one login import without holding the database for the whole file. From `begin` the
 * import is staged: its record is in state 'staging', which every reader leaves out, and the rows
 * go in as they are read, each batch its own short transaction (other windows and commands write
 * in between). The detectors run on the rows as they come (a case without events before), or over
 * the case read back before the final write. `commit` is that final write, short: the exhibit,
 * the import record set 'done' (which makes its rows and address-index entries, written before,
 * visible), the audit event and the findings, in one transaction. A refusal, an error or a cancel
 * removes the staged rows again.
 */
export class ImportWriter {
  private importId = 0;
  private events = 0;
  private args: BeginArgs | null = null;
  /** The import's part of the cross-case address index, gathered as the rows come (bounded memory: address-runs.ts). */
  private index: AddressRuns | null = null;
  /** The import's dictionary (see RowBatch): the batches' coded fields are numbers into it. */
  private readonly words: string[] = [];
  private readonly word = (code: number): string | null => (code === NONE ? null : this.words[code]!);
  /** The detectors, run on the rows as they come (see `begin`); null when the case is read back instead. */
  private live: CasePass | null = null;
  /** Each batch's first place among the import's rows and the row id it got (a batch's ids are consecutive). */
  private readonly batches: [number, number][] = [];
  /** The row-id range of each batch, to remove the rows again. */
  private readonly ranges: [number, number][] = [];
  private idsAsCounted = true;
  /** The finished imports the live analysis rests on (see caseEventsVersion). */
  private version = '';
  /** The statement for a full group of rows, prepared once per import. */
  private insertFull: Statement | null = null;
  /** Pauses between batches so that a writer in another window or process gets its turn (db/turns.ts). */
  private readonly turns = new WriteTurns();

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  begin(args: BeginArgs): void {
    const { db } = this;
    removeAbandonedStaging(db);
    db.transaction(() => {
      // Checked again under the write lock: the case may have been closed since the request came in.
      assertCaseWritable(getCaseById(db, args.caseId));
      const firstId = (stmt(db, 'SELECT coalesce(max(id), 0) FROM login_events').pluck().get() as number) + 1;
      // The file's hash is known only once it is read; the record is completed by the final write.
      this.importId = Number(
        stmt(db, `INSERT INTO activity_imports (case_id, file_name, sha256, bytes, exhibit, subject, zone, mapping, events, skipped, imported_by, imported_at, state, staging_pid, staging_first_id)
          VALUES (?, ?, ?, 0, NULL, ?, ?, ?, 0, 0, ?, ?, 'staging', ?, ?)`).run(args.caseId, args.fileName, `pending:${randomUUID()}`, args.subject, args.zone, JSON.stringify(args.mapping), args.actor, new Date().toISOString(), process.pid, firstId).lastInsertRowid,
      );
    }).immediate();
    this.args = args;
    try {
      this.prepare(args);
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  private prepare(args: BeginArgs): void {
    const { db } = this;
    this.insertFull = db.prepare(insertSql(ROWS_PER_INSERT, args.caseId, this.importId));
    this.index = new AddressRuns(db, args.caseId, this.importId, this.turns);
    // Staged batches need not reach the disk one by one: the final write syncs them with itself,
    // and a crash before it leaves nothing visible (removeAbandonedStaging clears it).
    db.pragma('synchronous = NORMAL');
    // For a case with no events before, the detectors see the rows as they come: the same pass
    // as reading the case back, while the rows are at hand. This thread runs most rules, the
    // thread reading the file the others (see READER_RULES). A row out of time order ends both.
    this.version = caseEventsVersion(db, args.caseId);
    this.live = caseHasEvents(db, args.caseId) ? null : caseAnalyser(db, args.caseId, undefined, 'worker');
  }

  rows(b: RowBatch): void {
    const { db, words } = this;
    if (b.reset) words.length = 0;
    for (const w of b.words) words.push(w);
    this.turns.write(db, () => this.stage(b));
    // Memory does not grow with the number of distinct addresses: beyond a limit the index's entries are written out.
    this.index!.spillIfFull();
  }

  /** One batch, in one short transaction: under the write lock nobody else inserts, so its rows get consecutive ids. */
  private stage(b: RowBatch): void {
    const { db, words, importId } = this;
    const index = this.index!;
    const { codes } = b;
    const firstId = (stmt(db, 'SELECT coalesce(max(id), 0) FROM login_events').pluck().get() as number) + 1;
    this.batches.push([this.events, firstId]);
    // The detectors see the rows with the row ids they get; a row out of time order ends the analysis made as the rows come.
    if (this.live && !pushBatch(this.live, b, this.word, firstId, importId)) this.live = null;
    const word = this.word;
    const params: unknown[] = new Array(ROWS_PER_INSERT * COLS);
    for (let r0 = 0; r0 < b.count; r0 += ROWS_PER_INSERT) {
      const size = Math.min(ROWS_PER_INSERT, b.count - r0);
      if (params.length !== size * COLS) params.length = size * COLS;
      for (let j = 0; j < size; j++) {
        const r = r0 + j;
        const c = r * CODED_FIELDS;
        const p = j * COLS;
        const account = words[codes[c]!]!;
        const ip = words[codes[c + 1]!]!;
        const ts = b.ts[r]!;
        params[p] = b.line[r];
        params[p + 1] = ts;
        params[p + 2] = account;
        params[p + 3] = ip;
        params[p + 4] = word(codes[c + 2]!);
        params[p + 5] = COUNTRY_SOURCES[b.source[r]!];
        params[p + 6] = word(codes[c + 3]!);
        params[p + 7] = word(codes[c + 4]!);
        params[p + 8] = word(codes[c + 5]!);
        params[p + 9] = b.port[r]! < 0 ? null : b.port[r]!;
        index.add(ip, account, ts);
      }
      // Only a file's last group is short: its statement is made once.
      const insert = size === ROWS_PER_INSERT ? this.insertFull! : db.prepare(insertSql(size, this.args!.caseId, importId));
      const last = Number(insert.run(...params).lastInsertRowid);
      if (last !== firstId + r0 + size - 1) this.idsAsCounted = false;
    }
    this.ranges.push([firstId, firstId + b.count - 1]);
    this.events += b.count;
  }






  /** The row id of the import's row at `place` (0 first). */
  private readonly idOf = (place: number): number => {
    const bs = this.batches;
    let lo = 0;
    let hi = bs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bs[mid]![0] <= place) lo = mid;
      else hi = mid - 1;
    }
    const b = bs[lo]!;
    return b[1] + place - b[0];
  };

  /**
   * Analyses the case with the staged rows (outside any write lock), then makes the import visible
   * in one short transaction. A file the case already holds (by hash) is removed again instead and
   * reported as a duplicate.
   */
  commit(c: CommitArgs, hooks: AnalysisHooks = {}): CommitResult {
    const { db } = this;
    const a = this.args!;
    try {
      const duplicate = () => stmt(db, "SELECT id, exhibit, events FROM activity_imports WHERE case_id = ? AND sha256 = ? AND state = 'done'").get(a.caseId, c.sha256) as { id: number; exhibit: string | null; events: number } | undefined;
      const dup = duplicate();
      if (dup) {
        this.rollback();
        return { duplicate: true, importId: dup.id, exhibit: dup.exhibit, events: dup.events, findings: [] };
      }
      const analyse = () => analyseEvents(db, getCaseById(db, a.caseId), { ...hooks, extraEvents: this.events }, this.importId);
      // The analysis made as the rows came holds when both halves ran to the end and the rows got
      // the ids counted; otherwise the case is read back (its finished events and the staged ones).
      let analysis: AnalysisResult;
      if (this.live && c.analysis && this.idsAsCounted) analysis = mergeAnalyses(this.live.finish(), withRowIds(c.analysis, this.idOf));
      else {
        this.version = caseEventsVersion(db, a.caseId);
        analysis = analyse();
      }
      this.live = null;
      if (hooks.cancelled?.()) throw cancelledError();
      // The import's part of the address index, before the final write (invisible until it): that write stays short.
      this.index!.finish();
      db.pragma('synchronous = FULL');
      const r = db.transaction((): CommitResult => {
        const kase = getCaseById(db, a.caseId);
        assertCaseWritable(kase);
        const again = duplicate();
        if (again) return { duplicate: true, importId: again.id, exhibit: again.exhibit, events: again.events, findings: [] };
        // Another import of the case finished while this one was analysed: analysed again, here.
        if (caseEventsVersion(db, a.caseId) !== this.version) analysis = analyse();
        const now = c.now ?? new Date().toISOString();
        const exhibit = fileImportExhibit(db, a.actor, kase.number, a.fileName, c.blob);
        const done = stmt(db, "UPDATE activity_imports SET sha256 = ?, bytes = ?, exhibit = ?, events = ?, skipped = ?, imported_at = ?, state = 'done', staging_pid = NULL, staging_first_id = NULL WHERE id = ? AND state = 'staging'")
          .run(c.sha256, c.bytes, exhibit, this.events, c.skipped, now, this.importId);
        if (done.changes !== 1) throw new AppError('conflict', 'The import was removed while it was being written (another Casebook window cleared it as abandoned); nothing was imported. Import the file again.');
        // The import's entries in the address index (all written by now) become visible with it.
        appendAudit(db, a.actor, {
          caseId: a.caseId, entity: 'activity_import', entityId: this.importId, action: 'imported',
          after: { file: a.fileName, sha256: c.sha256, bytes: c.bytes, events: this.events, skipped: c.skipped, zone: a.zone, subject: a.subject, exhibit },
        }, now);
        const findings = completeAnalysis(db, a.actor, kase, analysis);
        // The last moment a cancel can take effect: nothing has been committed yet.
        if (hooks.cancelled?.()) throw cancelledError();
        return { duplicate: false, importId: this.importId, exhibit, events: this.events, findings: findings.map(summarise) };
      }).immediate();
      if (r.duplicate) this.rollback();
      else this.reset();
      return r;
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  /** Removes the staged import (its rows, a few batches per transaction) and forgets it. */
  rollback(): void {
    const { db } = this;
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('synchronous = FULL');
    if (this.importId) removeStagedImport(db, this.importId, this.ranges);
    this.reset();
  }

  private reset(): void {
    this.db.pragma('synchronous = FULL');
    this.index = null;
    this.words.length = 0;
    this.batches.length = 0;
    this.ranges.length = 0;
    this.live = null;
    this.importId = 0;
    this.events = 0;
  }
}
