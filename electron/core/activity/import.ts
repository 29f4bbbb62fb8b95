import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Ctx } from '../context.ts';
import { requireActor, throwIfCancelled } from '../context.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { mapHeaders, type ActivityField } from '../../../shared/activity/fields.ts';
import type { ImportPreview, ImportRecord, ImportResult } from '../../../shared/activity/types.ts';
import { readCsv } from './csv.ts';
import { RowCollector } from './rows.ts';
import { activitySettings } from './settings.ts';
import { openGeoip } from './geoip.ts';
import { analyseCase, loadCaseEvents, type CaseEvents } from './analyse.ts';
import { listFindings, summarise } from './findings.ts';
import { subjectZone } from './subjects.ts';
import { fileImportExhibit, storeImportedFile } from './exhibit.ts';
import { discardUnfiled } from '../evidence/service.ts';
import type { StoredBlob } from '../evidence/store.ts';

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

export type FileSource = { path?: string | undefined; file?: { name: string; base64: string } | undefined };

/**
 * Runs `fn` on a path: the given one, or a temporary copy of uploaded bytes under the data folder
 * (named by a random id, never by the upload's name), removed afterwards.
 */
export async function withSourceFile<T>(dataDir: string, src: FileSource, fn: (path: string, name: string) => Promise<T>): Promise<T> {
  if (src.path !== undefined) return fn(src.path, basename(src.path));
  const dir = join(dataDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${randomUUID()}.upload`);
  writeFileSync(tmp, Buffer.from(src.file!.base64, 'base64'));
  try {
    return await fn(tmp, src.file!.name);
  } finally {
    rmSync(tmp, { force: true });
  }
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

async function importFile(ctx: Ctx, input: ImportInput & { path: string }, fileName: string): Promise<ImportResult> {
  const actor = requireActor(ctx).name;
  const c = getCase(ctx.db, input.number);
  assertCaseWritable(c);
  const settings = activitySettings(ctx.db);
  const zone = input.zone ?? (input.subject ? subjectZone(ctx.db, c.id, input.subject) : null);
  const job = ctx.jobs.start(input.jobId);
  const progress = (phase: string, done: number, total: number | null) => ctx.emit('progress', { jobId: job.jobId, phase, done, total });
  // The copy into the evidence store runs alongside the parse (both are I/O-bound streams); a
  // refused file's copy is removed again unless an exhibit already holds the same content.
  const blobPromise = storeImportedFile(ctx, input.path, job.signal);
  blobPromise.catch(() => {});
  let imported = false;
  try {
    let collector: RowCollector | null = null;
    let headers: string[] = [];
    const { sha256, bytes } = await readCsv(input.path, { signal: job.signal, onProgress: (b, t) => progress('reading', b, t) }, (fields, line) => {
      if (isEmptyRecord(fields)) return;
      if (!collector) {
        headers = fields.map((h) => h.trim());
        const { columns, missing, unknown } = mapHeaders(headers, input.mapping);
        if (unknown.length) throw new AppError('invalid_input', `The mapping names column(s) the file does not have: ${unknown.join(', ')}. Its columns are: ${headers.join(', ')}.`, { details: { headers } });
        if (missing.length) {
          throw new AppError('invalid_input', `No column for ${missing.join(', ')} in the file's header (${headers.join(', ')}). Map them, e.g. --map "${headers[0] ?? 'column'}=${missing[0]}".`, {
            issues: missing.map((m) => ({ path: `mapping.${m}`, message: 'no column is mapped to it' })),
            details: { headers, missing },
          });
        }
        collector = new RowCollector(columns);
        return;
      }
      collector.add(fields, line);
    });
    const rows = collector as RowCollector | null;
    rows?.trim();
    if (!rows || rows.rows === 0) throw new AppError('invalid_input', 'The file has no records below its header; nothing was imported.');
    const share = rows.badRows / rows.rows;
    if (rows.ts.length === 0 || share > settings.importMaxBadShare) {
      const first = rows.errors.slice(0, MAX_ERRORS_SHOWN);
      throw new AppError(
        'invalid_input',
        `${rows.badRows} of ${rows.rows} rows are bad (${(share * 100).toFixed(2)}%, more than the ${(settings.importMaxBadShare * 100).toFixed(2)}% allowed); nothing was imported. First errors: ${first.map((e) => `line ${e.line}: ${e.message}`).join('; ')}.`,
        { details: { badRows: rows.badRows, rows: rows.rows, errors: first } },
      );
    }
    const dup = stmt(ctx.db, 'SELECT id, exhibit, events FROM activity_imports WHERE case_id = ? AND sha256 = ?').get(c.id, sha256) as { id: number; exhibit: string | null; events: number } | undefined;
    if (dup) {
      return {
        importId: dup.id, duplicate: true, sha256, exhibit: dup.exhibit, events: dup.events, accounts: rows.accounts.values.length,
        skipped: rows.errors, skippedCount: rows.badRows, findings: listFindings(ctx.db, c.id).map(summarise),
      };
    }
    const lookup = await openGeoip(settings.geoipPath);
    const blob = await blobPromise;
    if (blob.sha256 !== sha256) throw new AppError('conflict', `${input.path} changed while it was being imported; nothing was imported. Import it again.`);
    throwIfCancelled(job.signal);
    const result = store(ctx, actor, c, input, { rows, sha256, bytes, zone, lookup, progress, blob, fileName });
    imported = true;
    return result;
  } finally {
    if (!imported) {
      const blob = await blobPromise.catch(() => null);
      if (blob) await discardUnfiled(ctx, [blob]);
    }
    job.finish();
  }
}

type StoreArgs = {
  rows: RowCollector; sha256: string; bytes: number; zone: string | null; blob: StoredBlob; fileName: string;
  lookup: ((ip: string) => string | null) | null;
  progress: (phase: string, done: number, total: number | null) => void;
};

function store(ctx: Ctx, actor: string, c: ReturnType<typeof getCase>, input: ImportInput & { path: string }, a: StoreArgs): ImportResult {
  const { db } = ctx;
  const { rows } = a;
  const n = rows.ts.length;
  let order: Uint32Array | null = null;
  for (let i = 1; i < n; i++) {
    if (rows.ts[i]! < rows.ts[i - 1]!) {
      order = Uint32Array.from({ length: n }, (_, k) => k).sort((x, y) => rows.ts[x]! - rows.ts[y]! || x - y);
      break;
    }
  }
  // Country: the record's, else the GeoIP database's, else unknown (-1).
  const countries = rows.countries;
  const source = new Uint8Array(n);
  const country = rows.country.slice();
  const geo = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (country[i]! >= 0) source[i] = 1;
    else if (a.lookup) {
      let g = geo.get(rows.ip[i]!);
      if (g === undefined) {
        const cc = a.lookup(rows.ips.values[rows.ip[i]!]!);
        geo.set(rows.ip[i]!, (g = cc ? countries.id(cc) : -1));
      }
      country[i] = g;
      source[i] = g >= 0 ? 2 : 0;
    } else source[i] = 0;
  }
  a.progress('storing', 0, n);
  return db.transaction(() => {
    const now = new Date().toISOString();
    const hadEvents = stmt(db, 'SELECT 1 FROM login_events WHERE case_id = ? LIMIT 1').get(c.id) !== undefined;
    const exhibit = fileImportExhibit(db, actor, c.number, a.fileName, a.blob);
    const importId = Number(
      stmt(db, `INSERT INTO activity_imports (case_id, file_name, sha256, bytes, exhibit, subject, zone, mapping, events, skipped, imported_by, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(c.id, a.fileName, a.sha256, a.bytes, exhibit, input.subject ?? null, a.zone, JSON.stringify(input.mapping), n, rows.badRows, actor, now).lastInsertRowid,
    );
    // Rows go in BATCH at a time through one multi-row INSERT: a tenth of the calls into SQLite. In
    // this transaction nothing else writes, so a batch's row ids are consecutive, ending at lastInsertRowid.
    const BATCH = 64;
    const COLS = 11;
    const insertSql = (rowsInBatch: number) =>
      `INSERT INTO login_events (case_id, import_id, line, ts, account, ip, country, country_source, event, session_id, user_agent) VALUES ${Array.from({ length: rowsInBatch }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
    const ref = new Float64Array(n);
    const SRC = [null, 'record', 'geoip'] as const;
    const str = (d: { values: string[] }, k: number) => (k < 0 ? null : d.values[k]!);
    const params: unknown[] = new Array(BATCH * COLS);
    for (let k0 = 0; k0 < n; k0 += BATCH) {
      const size = Math.min(BATCH, n - k0);
      if (params.length !== size * COLS) params.length = size * COLS;
      for (let j = 0; j < size; j++) {
        const i = order ? order[k0 + j]! : k0 + j;
        const p = j * COLS;
        params[p] = c.id;
        params[p + 1] = importId;
        params[p + 2] = rows.line[i];
        params[p + 3] = rows.ts[i];
        params[p + 4] = rows.accounts.values[rows.account[i]!];
        params[p + 5] = rows.ips.values[rows.ip[i]!];
        params[p + 6] = str(countries, country[i]!);
        params[p + 7] = SRC[source[i]!];
        params[p + 8] = str(rows.events, rows.event[i]!);
        params[p + 9] = str(rows.sessions, rows.session[i]!);
        params[p + 10] = str(rows.agents, rows.agent[i]!);
      }
      const last = Number(stmt(db, insertSql(size)).run(...params).lastInsertRowid);
      for (let j = 0; j < size; j++) ref[order ? order[k0 + j]! : k0 + j] = last - size + 1 + j;
      if (Math.floor((k0 + size) / 100_000) > Math.floor(k0 / 100_000)) a.progress('storing', k0 + size, n);
    }
    const seen = new Map<number, { first: number; last: number; events: number }>();
    const accounts = rows.accounts.values.length;
    for (let i = 0; i < n; i++) {
      const key = rows.ip[i]! * accounts + rows.account[i]!;
      const s = seen.get(key);
      if (!s) seen.set(key, { first: rows.ts[i]!, last: rows.ts[i]!, events: 1 });
      else {
        if (rows.ts[i]! < s.first) s.first = rows.ts[i]!;
        if (rows.ts[i]! > s.last) s.last = rows.ts[i]!;
        s.events++;
      }
    }
    const upsert = stmt(db, `INSERT INTO case_ips (ip, case_id, account, first_ts, last_ts, events) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (ip, case_id, account) DO UPDATE SET first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts), events = events + excluded.events`);
    for (const [key, s] of seen) upsert.run(rows.ips.values[Math.floor(key / accounts)], c.id, rows.accounts.values[key % accounts], s.first, s.last, s.events);
    a.progress('analysing', 0, null);
    const loaded: CaseEvents = hadEvents
      ? loadCaseEvents(db, c.id)
      : {
          events: { n, ts: rows.ts, account: rows.account, ip: rows.ip, country, session: rows.session, event: rows.event, ref, dict: { accounts: rows.accounts.values, ips: rows.ips.values, countries: countries.values, sessions: rows.sessions.values, events: rows.events.values } },
          zoneOf: () => a.zone,
        };
    appendAudit(db, actor, {
      caseId: c.id, entity: 'activity_import', entityId: importId, action: 'imported',
      after: { file: a.fileName, sha256: a.sha256, bytes: a.bytes, events: n, skipped: rows.badRows, zone: a.zone, subject: input.subject ?? null, exhibit },
    }, now);
    const findings = analyseCase(db, actor, c, loaded);
    return {
      importId, duplicate: false, sha256: a.sha256, exhibit, events: n, accounts: rows.accounts.values.length,
      skipped: rows.errors, skippedCount: rows.badRows, findings: findings.map(summarise),
    };
  }).immediate();
}

export function listImports(ctx: Ctx, number: string): ImportRecord[] {
  const c = getCase(ctx.db, number);
  return (stmt(ctx.db, 'SELECT * FROM activity_imports WHERE case_id = ? ORDER BY id').all(c.id) as {
    id: number; file_name: string; sha256: string; exhibit: string | null; subject: string | null; zone: string | null; events: number; skipped: number; imported_by: string; imported_at: string;
  }[]).map((r) => ({ id: r.id, fileName: r.file_name, sha256: r.sha256, exhibit: r.exhibit, subject: r.subject, zone: r.zone, events: r.events, skipped: r.skipped, importedBy: r.imported_by, importedAt: r.imported_at }));
}
