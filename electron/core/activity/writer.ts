import { randomUUID } from 'node:crypto';
import { cancelledError } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCaseById } from '../cases/repo.ts';
import type { StoredBlob } from '../evidence/store.ts';
import type { FindingSummary } from '../../../shared/activity/types.ts';
import { BATCH_FIELDS, COUNTRY_SOURCES, type RowBatch } from './rows.ts';
import { fileImportExhibit } from './exhibit.ts';
import { completeAnalysis, runAnalysis, type AnalysisHooks, type AnalysisResult } from './analyse.ts';
import { summarise } from './findings.ts';

export type BeginArgs = { caseId: number; actor: string; fileName: string; subject: string | null; zone: string | null; mapping: Record<string, string> };
/** `analysis`: what the detectors found as the rows were read (a case with no events before, a file in time order), its refs counted from `begin`'s firstId. */
export type CommitArgs = { sha256: string; bytes: number; skipped: number; blob: StoredBlob; now?: string; analysis?: AnalysisResult };
export type CommitResult =
  | { duplicate: true; importId: number; exhibit: string | null; events: number; findings: FindingSummary[] }
  | { duplicate: false; importId: number; exhibit: string; events: number; findings: FindingSummary[] };

// Rows go in ROWS_PER_INSERT at a time through one multi-row INSERT: a tenth of the calls into SQLite.
const ROWS_PER_INSERT = 64;
const COLS = 11;
const insertSql = (rows: number) =>
  `INSERT INTO login_events (case_id, import_id, line, ts, account, ip, country, country_source, event, session_id, user_agent) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

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
  /** Per address and account: first and last time, and events (the cross-case index). */
  private readonly seen = new Map<string, Seen>();
  /** The row id the import's first row gets, and whether every row got the id counted from it. */
  private firstId = 0;
  private idsAsCounted = true;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  begin(args: BeginArgs): { importId: number; firstId: number } {
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
    } catch (e) {
      this.rollback();
      throw e;
    }
    return { importId: this.importId, firstId: this.firstId };
  }

  rows(b: RowBatch): void {
    const { db, seen } = this;
    const caseId = this.args!.caseId;
    const { text } = b;
    const params: unknown[] = new Array(ROWS_PER_INSERT * COLS);
    for (let r0 = 0; r0 < b.count; r0 += ROWS_PER_INSERT) {
      const size = Math.min(ROWS_PER_INSERT, b.count - r0);
      if (params.length !== size * COLS) params.length = size * COLS;
      for (let j = 0; j < size; j++) {
        const r = r0 + j;
        const t = r * BATCH_FIELDS;
        const p = j * COLS;
        const account = text[t]!;
        const ip = text[t + 1]!;
        const ts = b.ts[r]!;
        params[p] = caseId;
        params[p + 1] = this.importId;
        params[p + 2] = b.line[r];
        params[p + 3] = ts;
        params[p + 4] = account;
        params[p + 5] = ip;
        params[p + 6] = text[t + 2] || null;
        params[p + 7] = COUNTRY_SOURCES[b.source[r]!];
        params[p + 8] = text[t + 3] || null;
        params[p + 9] = text[t + 4] || null;
        params[p + 10] = text[t + 5] || null;
        const key = `${ip}\u0000${account}`;
        const s = seen.get(key);
        if (!s) seen.set(key, { first: ts, last: ts, events: 1 });
        else {
          if (ts < s.first) s.first = ts;
          if (ts > s.last) s.last = ts;
          s.events++;
        }
      }
      const last = Number(stmt(db, insertSql(size)).run(...params).lastInsertRowid);
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
      for (const [key, s] of this.seen) {
        const cut = key.indexOf('\u0000');
        upsert.run(key.slice(0, cut), a.caseId, key.slice(cut + 1), s.first, s.last, s.events);
      }
      this.seen.clear();
      appendAudit(db, a.actor, {
        caseId: a.caseId, entity: 'activity_import', entityId: this.importId, action: 'imported',
        after: { file: a.fileName, sha256: c.sha256, bytes: c.bytes, events: this.events, skipped: c.skipped, zone: a.zone, subject: a.subject, exhibit },
      }, now);
      // The analysis made while reading holds; should the ids not be the ones counted, the case is read back instead.
      const findings = c.analysis && this.idsAsCounted ? completeAnalysis(db, a.actor, kase, c.analysis) : runAnalysis(db, a.actor, kase, hooks);
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
  }
}
