import { announceWriter } from '../db/holder.ts';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Ctx } from '../context.ts';
import { requireActor } from '../context.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  MAX_NAME_CHARS,
  previewKind,
  type AddExhibitsResult,
  type EvidenceVerifyResult,
  type Exhibit,
  type ExhibitPreview,
  type VerifyFinding,
} from '../../../shared/evidence.ts';
import { blobPath, checkBlob, ingestBytes, ingestFile, openBlob, readBlob, storeOf, type IngestOptions, type StoredBlob } from './store.ts';
import { exhibitRow, insertExhibits, recordCustody, recordHash, rowToExhibit, type ExhibitRow, type NewExhibit } from './repo.ts';
import { stmt } from '../db/connection.ts';

type Meta = { title?: string | undefined; description?: string | undefined; source?: string | undefined; acquiredAt?: string | undefined };

/**
 * The name a file came with, kept as a label only: no folders, no control characters, at most
 * MAX_NAME_CHARS characters (the extension survives shortening).
 */
export function safeOriginalName(name: string): string {
  // oxlint-disable-next-line no-control-regex -- control characters are replaced so the label prints safely
  let base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '\uFFFD').trim();
  if (base === '' || base === '.' || base === '..') base = 'unnamed';
  const chars = [...base];
  if (chars.length <= MAX_NAME_CHARS) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
  return `${chars.slice(0, MAX_NAME_CHARS - 1 - [...ext].length).join('')}…${ext}`;
}

function progressReporter(ctx: Ctx, jobId: string, phase: string, total: number | null) {
  return (done: number) => ctx.emit('progress', { jobId, phase, done, total });
}

function fileExhibit(meta: Meta, name: string, blob: StoredBlob, batchSize: number): NewExhibit {
  return {
    kind: 'file',
    title: meta.title ? (batchSize > 1 ? `${meta.title} (${name})` : meta.title) : name,
    description: meta.description ?? '',
    source: meta.source ?? '',
    acquiredAt: meta.acquiredAt,
    originalName: name,
    size: blob.size,
    mime: blob.mime,
    sha256: blob.sha256,
    url: null,
    body: null,
  };
}

/**
 * Adds files by path. Every file is checked first, then each is streamed into the store; only
 * when all are stored are the exhibits filed, in one transaction, so a failure part-way adds none.
 */
export async function addFiles(ctx: Ctx, input: Meta & { number: string; paths: string[]; jobId?: string | undefined }, store: IngestOptions = {}): Promise<AddExhibitsResult> {
  const actor = requireActor(ctx).name;
  assertCaseWritable(getCase(ctx.db, input.number));
  const job = ctx.jobs.start(input.jobId);
  const done = announceWriter(ctx.paths.dbFile, 'Adding evidence files');
  const stored: StoredBlob[] = [];
  try {
    const files = [];
    let total = 0;
    for (const p of input.paths) {
      const abs = resolve(p);
      const st = await stat(abs).catch(() => null);
      if (st?.isFile()) total += st.size;
      files.push({ abs, name: safeOriginalName(basename(abs)) });
    }
    let before = 0;
    const items: NewExhibit[] = [];
    for (const f of files) {
      const report = progressReporter(ctx, job.jobId, `storing ${f.name}`, total);
      const blob = await ingestFile(storeOf(ctx), f.abs, f.abs, {
        signal: job.signal,
        onProgress: (done) => report(before + done),
        ...store,
      });
      stored.push(blob);
      before += blob.size;
      items.push(fileExhibit(input, f.name, blob, files.length));
    }
    if (job.signal.aborted) throw new AppError('cancelled', 'Adding evidence was cancelled; nothing was added.');
    return insertExhibits(ctx.db, actor, input.number, items);
  } catch (e) {
    await discardUnfiled(ctx, stored);
    throw e;
  } finally {
    done();
    job.finish();
  }
}

export async function addBytes(ctx: Ctx, input: Meta & { number: string; files: { name: string; base64: string }[] }, store: IngestOptions = {}): Promise<AddExhibitsResult> {
  const actor = requireActor(ctx).name;
  assertCaseWritable(getCase(ctx.db, input.number));
  const items: NewExhibit[] = [];
  const stored: StoredBlob[] = [];
  try {
    for (const f of input.files) {
      const name = safeOriginalName(f.name);
      const blob = await ingestBytes(storeOf(ctx), Buffer.from(f.base64, 'base64'), `"${name}"`, store);
      stored.push(blob);
      items.push(fileExhibit(input, name, blob, input.files.length));
    }
    return insertExhibits(ctx.db, actor, input.number, items);
  } catch (e) {
    await discardUnfiled(ctx, stored);
    throw e;
  }
}

/**
 * Removes files this attempt put into the store when no exhibit refers to them: a batch that fails
 * part-way, or an import that is refused, leaves the store as it found it. Files that were already
 * there (the same content filed before) are never touched.
 */
export async function discardUnfiled(ctx: Ctx, blobs: StoredBlob[]): Promise<void> {
  for (const b of blobs) {
    if (!b.created) continue;
    const filed = stmt(ctx.db, 'SELECT 1 FROM exhibits WHERE sha256 = ? LIMIT 1').get(b.sha256) !== undefined;
    if (!filed) await unlink(blobPath(storeOf(ctx), b.sha256)).catch(() => {});
  }
}

export function addNote(ctx: Ctx, input: Meta & { number: string; title: string; text: string }): Exhibit {
  const acquiredAt = input.acquiredAt ?? new Date().toISOString();
  const description = input.description ?? '';
  const r = insertExhibits(ctx.db, requireActor(ctx).name, input.number, [
    {
      kind: 'note',
      title: input.title,
      description,
      source: input.source ?? '',
      acquiredAt,
      originalName: null,
      size: Buffer.byteLength(input.text, 'utf8'),
      mime: 'text/plain',
      sha256: recordHash('note', { url: null, body: input.text, description, acquiredAt }),
      url: null,
      body: input.text,
    },
  ]);
  return r.added[0]!;
}

/** A web page as seen: the address, when, and what the officer saw. Casebook never fetches it. */
export function addUrl(ctx: Ctx, input: Meta & { number: string; url: string }): Exhibit {
  const acquiredAt = input.acquiredAt ?? new Date().toISOString();
  const description = input.description ?? '';
  const url = new URL(input.url).href;
  const r = insertExhibits(ctx.db, requireActor(ctx).name, input.number, [
    {
      kind: 'url',
      title: input.title || url,
      description,
      source: input.source ?? '',
      acquiredAt,
      originalName: null,
      size: Buffer.byteLength(url, 'utf8'),
      mime: 'text/uri-list',
      sha256: recordHash('url', { url, body: null, description, acquiredAt }),
      url,
      body: null,
    },
  ]);
  return r.added[0]!;
}

const PREVIEW_MAX = 32 * 1024 * 1024;
const TEXT_PREVIEW_CHARS = 1_000_000;

/** Shows an exhibit in the app (images, PDF, text); the stored file is re-hashed first, so an altered file is never shown as the exhibit. */
export async function viewExhibit(ctx: Ctx, number: string, exhibit: string): Promise<ExhibitPreview> {
  const actor = requireActor(ctx).name;
  const c = getCase(ctx.db, number);
  const row = exhibitRow(ctx.db, c, exhibit);
  const ex = rowToExhibit(ctx.db, row);
  const kind = row.kind === 'file' ? previewKind(row.mime) : 'text';
  let result: ExhibitPreview;
  if (row.kind !== 'file') {
    result = { exhibit: ex, preview: 'text', mime: 'text/plain', base64: null, text: row.body ?? row.url, reason: null };
  } else if (kind === 'none') {
    result = { exhibit: ex, preview: 'none', mime: row.mime, base64: null, text: null, reason: `${row.mime} files are not shown in the app; export the exhibit to open it.` };
  } else if (row.size > PREVIEW_MAX) {
    result = { exhibit: ex, preview: 'none', mime: row.mime, base64: null, text: null, reason: 'The file is too large to preview; export it to open it.' };
  } else {
    let bytes: Buffer;
    try {
      bytes = await readBlob(storeOf(ctx), row.sha256);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('check_failed', `${exhibit}: the stored file is missing from the evidence store; run verification.`);
      throw new AppError('check_failed', `${exhibit}: the stored file no longer matches its SHA-256 (it was altered: ${(e as Error).message}); it is not shown. Run verification.`);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
      throw new AppError('check_failed', `${exhibit}: the stored file no longer matches its SHA-256 (it was altered); it is not shown. Run verification.`);
    }
    result =
      kind === 'text'
        ? { exhibit: ex, preview: 'text', mime: row.mime, base64: null, text: bytes.toString('utf8').slice(0, TEXT_PREVIEW_CHARS), reason: null }
        : { exhibit: ex, preview: kind, mime: row.mime, base64: bytes.toString('base64'), text: null, reason: null };
  }
  recordCustody(ctx.db, actor, c.id, exhibit, 'viewed', { preview: result.preview });
  return result;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'application/zip': '.zip',
  'application/json': '.json',
};

/** Copies an exhibit out under a name Casebook makes (case, exhibit, type), checking the hash as it copies. */
export async function exportExhibit(ctx: Ctx, number: string, exhibit: string, directory: string): Promise<{ path: string; sha256: string }> {
  const actor = requireActor(ctx).name;
  const c = getCase(ctx.db, number);
  const row = exhibitRow(ctx.db, c, exhibit);
  const dir = resolve(directory);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new AppError('invalid_input', `directory: ${dir} is not an existing folder.`);
  const target = join(dir, `${c.number}_${exhibit}${row.kind === 'file' ? (EXTENSIONS[row.mime] ?? '.bin') : '.txt'}`);
  const hash = createHash('sha256');
  try {
    if (row.kind === 'file') {
      const meter = new Transform({
        transform(chunk: Buffer, _e, cb) {
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      await pipeline(openBlob(storeOf(ctx), row.sha256), meter, createWriteStream(target, { flags: 'wx', flush: true }));
    } else {
      const text = row.kind === 'note' ? (row.body ?? '') : `${row.url}\n\nSeen ${row.acquired_at}\n${row.description}\n`;
      hash.update(row.kind === 'note' ? text : '');
      await pipeline([Buffer.from(text, 'utf8')], createWriteStream(target, { flags: 'wx', flush: true }));
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('conflict', `${target} already exists; nothing was overwritten. Choose another folder.`);
    await unlink(target).catch(() => {});
    if (code === 'ENOENT') throw new AppError('check_failed', `${exhibit}: the stored file is missing from the evidence store; nothing was exported.`);
    if ((e as Error).name === 'AgeError') throw new AppError('check_failed', `${exhibit}: the stored file no longer matches its SHA-256 (it was altered: ${(e as Error).message}); nothing was exported.`);
    throw new AppError('internal', `Could not export ${exhibit}: ${(e as Error).message}`);
  }
  if (row.kind === 'file' && hash.digest('hex') !== row.sha256) {
    await unlink(target).catch(() => {});
    throw new AppError('check_failed', `${exhibit}: the stored file no longer matches its SHA-256 (it was altered); nothing was exported.`);
  }
  recordCustody(ctx.db, actor, c.id, exhibit, 'exported', { file: basename(target), sha256: row.sha256 });
  return { path: target, sha256: row.sha256 };
}

const PROBLEM_TEXT = {
  missing: 'the stored file is missing from the evidence store',
  altered: 'the stored file no longer matches its SHA-256 (it was altered)',
  unreadable: 'the stored file cannot be read',
} as const;

/**
 * Re-hashes every stored file in scope (each distinct file once), checks notes and URL records
 * against their hashes, and records a 'verified' custody event per exhibit with its result.
 */
export async function verifyEvidence(ctx: Ctx, scope: { number?: string | undefined; exhibit?: string | undefined; jobId?: string | undefined }): Promise<EvidenceVerifyResult> {
  const actor = requireActor(ctx).name;
  if (scope.exhibit && !scope.number) throw new AppError('invalid_input', 'number: give the case of the exhibit to verify.');
  let rows: ExhibitRow[];
  const base = 'SELECT e.*, c.number AS case_number FROM exhibits e JOIN cases c ON c.id = e.case_id';
  if (scope.number) {
    const c = getCase(ctx.db, scope.number);
    rows = scope.exhibit ? [exhibitRow(ctx.db, c, scope.exhibit)] : (stmt(ctx.db, `${base} WHERE e.case_id = ? ORDER BY e.seq`).all(c.id) as ExhibitRow[]);
  } else {
    rows = stmt(ctx.db, `${base} ORDER BY e.case_id, e.seq`).all() as ExhibitRow[];
  }
  const blobs = new Map<string, number>();
  for (const r of rows) if (r.kind === 'file') blobs.set(r.sha256, r.size);
  const total = [...blobs.values()].reduce((a, b) => a + b, 0);
  const job = ctx.jobs.start(scope.jobId);
  const results = new Map<string, Awaited<ReturnType<typeof checkBlob>>>();
  let done = 0;
  let lastReport = 0;
  try {
    ctx.emit('progress', { jobId: job.jobId, phase: 'verifying evidence', done: 0, total });
    for (const sha of blobs.keys()) {
      results.set(
        sha,
        await checkBlob(storeOf(ctx), sha, {
          signal: job.signal,
          onBytes: (n) => {
            done += n;
            if (done - lastReport >= 16 * 1024 * 1024) {
              lastReport = done;
              ctx.emit('progress', { jobId: job.jobId, phase: 'verifying evidence', done, total });
            }
          },
        }),
      );
    }
    ctx.emit('progress', { jobId: job.jobId, phase: 'verifying evidence', done: total, total });
  } finally {
    job.finish();
  }
  const findings: VerifyFinding[] = [];
  ctx.db.transaction(() => {
    for (const r of rows) {
      let status: 'ok' | keyof typeof PROBLEM_TEXT;
      let message = '';
      if (r.kind === 'file') {
        const res = results.get(r.sha256)!;
        status = res.status;
        if (res.status === 'altered') message = res.actual ? `${PROBLEM_TEXT.altered}: expected ${r.sha256}, found ${res.actual} (${res.size} bytes, recorded ${r.size})` : `${PROBLEM_TEXT.altered}: ${res.where}`;
        else if (res.status === 'unreadable') message = `${PROBLEM_TEXT.unreadable} (${res.reason})`;
        else if (res.status === 'missing') message = `${PROBLEM_TEXT.missing} (${blobPath({ ...storeOf(ctx), dir: 'evidence' }, r.sha256)})`;
      } else {
        const actual = recordHash(r.kind, { url: r.url, body: r.body, description: r.description, acquiredAt: r.acquired_at });
        status = actual === r.sha256 ? 'ok' : 'altered';
        if (status === 'altered') message = `the ${r.kind} record no longer matches its SHA-256 (it was edited in the database)`;
      }
      if (status !== 'ok') findings.push({ caseNumber: r.case_number, exhibit: r.number, sha256: r.sha256, problem: status, message: `${r.case_number} ${r.number} "${r.title}": ${message}` });
      recordCustody(ctx.db, actor, r.case_id, r.number, 'verified', { result: status, sha256: r.sha256 });
    }
  }).immediate();
  return { ok: findings.length === 0, exhibits: rows.length, files: blobs.size, bytes: total, findings };
}

