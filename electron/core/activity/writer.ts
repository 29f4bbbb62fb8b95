import { randomUUID } from 'node:crypto';
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
import { caseAnalyser, completeAnalysis, mergeAnalyses, runAnalysis, withRowIds, type AnalysisHooks, type AnalysisResult, type CasePass } from './analyse.ts';
import { summarise } from './findings.ts';

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

type Seen = { first: number; last: number; events: number };

/**
 * Writes one import into the database inside one transaction, held from `begin` to `commit` or
 * `rollback`: the rows as they are read, then the exhibit, the import record, the address index,
 * the audit event and the analysis. Nobody sees any of it until the commit.
 */
export class ImportWriter {
  private importId = 0;
  private events = 0;
  private args: BeginArgs | null = null;
  /** Per address, per account: first and last time, and events (the cross-case index). */
  private readonly seen = new Map<string, Map<string, Seen>>();
  /** The import's dictionary (see RowBatch): the batches' coded fields are numbers into it. */
  private readonly words: string[] = [];
  private readonly word = (code: number): string | null => (code === NONE ? null : this.words[code]!);
  /** The detectors, run on the rows as they come (see `begin`); null when the case is read back at the commit instead. */
  private live: CasePass | null = null;
  /** The row id the import's first row gets, and whether every row got the id counted from it. */
  private firstId = 0;
  private idsAsCounted = true;
  /** The statement for a full group of rows, prepared once per import. */
  private insertFull: Statement | null = null;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  begin(args: BeginArgs): void {
    const { db } = this;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Checked again under the write lock: the case may have been closed since the request came in.
      assertCaseWritable(getCaseById(db, args.caseId));
      this.args = args;
      // The file's hash is known only once it is read; the record is completed at the commit.
      this.importId = Number(
        stmt(db, `INSERT INTO activity_imports (case_id, file_name, sha256, bytes, exhibit, subject, zone, mapping, events, skipped, imported_by, imported_at)
          VALUES (?, ?, ?, 0, NULL, ?, ?, ?, 0, 0, ?, ?)`).run(args.caseId, args.fileName, `pending:${randomUUID()}`, args.subject, args.zone, JSON.stringify(args.mapping), args.actor, new Date().toISOString()).lastInsertRowid,
      );
      // Under the write lock nobody else inserts, so the rows get the ids after the highest one, in order.
      this.firstId = (stmt(db, 'SELECT coalesce(max(id), 0) FROM login_events').pluck().get() as number) + 1;
      this.idsAsCounted = true;
      this.insertFull = db.prepare(insertSql(ROWS_PER_INSERT, args.caseId, this.importId));
      // For a case with no events before, the detectors see the rows as they come: the same pass
      // as reading the case back, while the rows are at hand. This thread runs most rules, the
      // thread reading the file the others (see READER_RULES). A row out of time order ends both.
      const hadEvents = stmt(db, 'SELECT 1 FROM login_events WHERE case_id = ? LIMIT 1').get(args.caseId) !== undefined;
      this.live = hadEvents ? null : caseAnalyser(db, args.caseId, args.zone ? { importId: this.importId, zone: args.zone } : undefined, 'worker');
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  rows(b: RowBatch): void {
    const { db, seen, words, importId } = this;
    if (b.reset) words.length = 0;
    for (const w of b.words) words.push(w);
    const { codes } = b;
    // The detectors see the rows with the row ids they get; a row out of time order ends the analysis made as the rows come.
    if (this.live && !pushBatch(this.live, b, this.word, this.firstId + this.events, importId)) this.live = null;
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
        let byAccount = seen.get(ip);
        if (!byAccount) seen.set(ip, (byAccount = new Map()));
        const s = byAccount.get(account);
        if (!s) byAccount.set(account, { first: ts, last: ts, events: 1 });
        else {
          if (ts < s.first) s.first = ts;
          if (ts > s.last) s.last = ts;
          s.events++;
        }
      }
      // Only a file's last group is short: its statement is made once.
      const insert = size === ROWS_PER_INSERT ? this.insertFull! : db.prepare(insertSql(size, this.args!.caseId, importId));
      const last = Number(insert.run(...params).lastInsertRowid);
      if (last !== this.firstId + this.events + r0 + size - 1) this.idsAsCounted = false;
    }
    this.events += b.count;
  }

  /**
   * Completes the import and analyses the case, then commits. A file the case already holds (by
   * hash) is rolled back instead and reported as a duplicate.
   */
  commit(c: CommitArgs, hooks: AnalysisHooks = {}): CommitResult {
    const { db } = this;
    const a = this.args!;
    try {
      const dup = stmt(db, 'SELECT id, exhibit, events FROM activity_imports WHERE case_id = ? AND sha256 = ?').get(a.caseId, c.sha256) as { id: number; exhibit: string | null; events: number } | undefined;
      if (dup) {
        this.rollback();
        return { duplicate: true, importId: dup.id, exhibit: dup.exhibit, events: dup.events, findings: [] };
      }
      const kase = getCaseById(db, a.caseId);
      const now = c.now ?? new Date().toISOString();
      const exhibit = fileImportExhibit(db, a.actor, kase.number, a.fileName, c.blob);
      stmt(db, 'UPDATE activity_imports SET sha256 = ?, bytes = ?, exhibit = ?, events = ?, skipped = ?, imported_at = ? WHERE id = ?').run(c.sha256, c.bytes, exhibit, this.events, c.skipped, now, this.importId);
      const upsert = stmt(db, `INSERT INTO case_ips (ip, case_id, account, first_ts, last_ts, events) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (ip, case_id, account) DO UPDATE SET first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts), events = events + excluded.events`);
      for (const [ip, byAccount] of this.seen) for (const [account, s] of byAccount) upsert.run(ip, a.caseId, account, s.first, s.last, s.events);
      this.seen.clear();
      appendAudit(db, a.actor, {
        caseId: a.caseId, entity: 'activity_import', entityId: this.importId, action: 'imported',
        after: { file: a.fileName, sha256: c.sha256, bytes: c.bytes, events: this.events, skipped: c.skipped, zone: a.zone, subject: a.subject, exhibit },
      }, now);
      // The analysis made as the rows came holds when both halves ran to the end and the rows got
      // the ids counted; otherwise the case is read back.
      const findings =
        this.live && c.analysis && this.idsAsCounted
          ? completeAnalysis(db, a.actor, kase, mergeAnalyses(this.live.finish(), withRowIds(c.analysis, this.firstId)))
          : runAnalysis(db, a.actor, kase, hooks);
      this.live = null;
      // The last moment a cancel can take effect: nothing has been committed yet.
      if (hooks.cancelled?.()) throw cancelledError();
      db.exec('COMMIT');
      return { duplicate: false, importId: this.importId, exhibit, events: this.events, findings: findings.map(summarise) };
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.seen.clear();
    this.words.length = 0;
    this.live = null;
  }
}
