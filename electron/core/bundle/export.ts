// Writing a case bundle: the case's rows (one data part per table), its exhibits' files decrypted
// from the store as they stream into the archive (each checked against its recorded SHA-256 on
// the way), a manifest of every part's size and SHA-256 signed by the exporting user, optionally
// the whole encrypted to a recipient as one age file. Written to a temporary file beside the
// target and renamed into place only when complete: a cancelled or failed export leaves nothing.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, open as openFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Db } from '../db/handle.ts';
import { appendAudit } from '../audit/chain.ts';
import { createEncryptStream } from '../crypto/age.ts';
import { openBlob, type BlobStore } from '../evidence/store.ts';
import { assertWritableTarget, FILE_MODE } from '../files/write.ts';
import { canonicalJson, type Signer } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { LATEST_VERSION } from '../db/migrate.ts';
import { FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE, SIGNER_PEM, SUMS, publicKeyPem, sumsText, type DataPart, type Manifest, type Part } from './format.ts';
import { collectCase, fingerprints, toDataPart, type Row } from './rows.ts';
import { databaseId } from './keys.ts';

export type ExportOptions = {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** The recipient's age key, to encrypt the bundle to (name: who that is, when known). */
  recipient?: { name: string | null; key: string; raw: Buffer } | null;
  /** The exporter's own age recipient, written in the manifest so the receiver can answer encrypted. */
  exporterRecipient?: string | null;
  role?: string;
};

export type ExportResult = { file: string; parts: number; sha256: string; bytes: number; case: string; manifestSha256: string };

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The case's data parts and file list, and the manifest, signed: everything but the files' bytes. */
export function prepareBundle(db: Db, caseNumber: string, signer: Signer, options: Pick<ExportOptions, 'recipient' | 'exporterRecipient' | 'role'> = {}) {
  const c = db.prepare('SELECT id, number, title FROM cases WHERE number = ?').get(caseNumber) as { id: number; number: string; title: string } | undefined;
  if (!c) throw new AppError('not_found', `There is no case ${caseNumber}.`);
  const dbId = databaseId(db);
  const tables = collectCase(db, c.id);
  const originOf = db.prepare('SELECT origin_db, origin_id FROM bundle_origins WHERE tbl = ? AND local_id = ?');
  const data: { path: string; bytes: Buffer }[] = [];
  for (const { table, rows } of tables) {
    if (rows.length === 0) continue;
    let origins: [string, number][] | undefined;
    if (table.idKey) {
      origins = rows.map((r) => {
        const o = originOf.get(table.name, r.id) as { origin_db: string; origin_id: number } | undefined;
        return o ? [o.origin_db, o.origin_id] : [dbId, r.id as number];
      });
    }
    data.push({ path: `data/${table.name}.json`, bytes: Buffer.from(JSON.stringify(toDataPart(table, rows, origins))) });
  }
  // The case's audit events: this database's, and those it holds from the databases the case came through.
  const auditCols = ['seq', 'at', 'actor', 'case_id', 'entity', 'entity_id', 'action', 'before', 'after', 'prev_hash', 'hash'];
  const own = db.prepare(`SELECT ${auditCols.join(', ')} FROM audit_events WHERE case_id = ? ORDER BY seq`).all(c.id) as Row[];
  data.push({ path: 'data/audit_events.json', bytes: Buffer.from(JSON.stringify({ table: 'audit_events', columns: auditCols, rows: own.map((r) => auditCols.map((k) => r[k] ?? null)) } satisfies DataPart)) });
  const copyCols = ['origin_db', 'seq', 'at', 'actor', 'origin_case_id', 'entity', 'entity_id', 'action', 'before', 'after', 'prev_hash', 'hash'];
  const copies = db.prepare(`SELECT ${copyCols.join(', ')} FROM bundle_audit_copies WHERE case_id = ? ORDER BY origin_db, seq`).all(c.id) as Row[];
  if (copies.length) data.push({ path: 'data/audit_copies.json', bytes: Buffer.from(JSON.stringify({ table: 'audit_copies', columns: copyCols, rows: copies.map((r) => copyCols.map((k) => r[k] ?? null)) } satisfies DataPart)) });

  const blobs = (tables.find((t) => t.table.name === 'evidence_blobs')?.rows ?? []) as { sha256: string; size: number }[];
  const files = blobs.map((b) => ({ path: `files/${b.sha256}`, sha256: b.sha256, size: b.size }));
  const partsNoSums: Part[] = [...data.map((d) => ({ path: d.path, size: d.bytes.length, sha256: sha(d.bytes) })), ...files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }))];
  const sums = Buffer.from(sumsText(partsNoSums));
  const parts: Part[] = [{ path: SUMS, size: sums.length, sha256: sha(sums) }, ...partsNoSums];
  const manifest: Manifest = {
    format: FORMAT,
    version: FORMAT_VERSION,
    bundleId: randomUUID(),
    case: { number: c.number, title: c.title },
    exporter: { user: signer.user, role: options.role ?? '', publicKey: signer.publicKey, fingerprint: signer.fingerprint, recipient: options.exporterRecipient ?? null },
    database: { id: dbId, schema: LATEST_VERSION },
    exportedAt: new Date().toISOString(),
    recipient: options.recipient ? { name: options.recipient.name, key: options.recipient.key } : null,
    parts,
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest));
  const signature = Buffer.from(signer.sign(manifestBytes), 'base64');
  return { caseId: c.id, manifest, manifestBytes, signature, sums, data, files, rowHashes: fingerprints(tables) };
}

/** A transform that hashes what passes and fails the stream if it is not the expected bytes. */
function checked(expected: { sha256: string; size: number }, label: string, onBytes: (n: number) => void): Transform {
  const h = createHash('sha256');
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      h.update(chunk);
      n += chunk.length;
      onBytes(chunk.length);
      cb(null, chunk);
    },
    flush(cb) {
      const got = h.digest('hex');
      if (n !== expected.size || got !== expected.sha256) cb(new AppError('conflict', `${label} does not match its recorded SHA-256 (${expected.sha256}): the stored file was altered or damaged (found ${got}, ${n} bytes). Nothing was exported; run "Verify exhibits" on the case.`));
      else cb();
    },
  });
}

/** Writes the bundle for a case to `target`, whole or not at all, and records the export in the case's audit trail. */
export async function exportBundle(db: Db, store: BlobStore, caseNumber: string, target: string, signer: Signer, actor: string, options: ExportOptions = {}): Promise<ExportResult> {
  assertWritableTarget(target, 'the bundle');
  const b = prepareBundle(db, caseNumber, signer, options);
  const total = b.manifest.parts.reduce((s, p) => s + p.size, 0);
  let done = 0;
  let lastReport = 0;
  const onBytes = (n: number) => {
    done += n;
    if (options.onProgress && (done - lastReport >= 8 * 1024 * 1024 || done === total)) {
      lastReport = done;
      options.onProgress(done, total);
    }
  };
  const tmp = join(dirname(target), `.${basename(target).slice(0, 100)}.${randomUUID()}.part`);
  const pack = tar.pack();
  const fileHash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      fileHash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const mtime = new Date(b.manifest.exportedAt);
  const entry = (name: string, size: number) => ({ name, size, mode: 0o644, mtime, type: 'file' as const, uname: 'casebook', gname: 'casebook' });
  const addBuffer = (name: string, buf: Buffer) => new Promise<void>((res, rej) => pack.entry(entry(name, buf.length), buf, (e) => (e ? rej(e) : res())));

  const writer = (async () => {
    await addBuffer(MANIFEST, b.manifestBytes);
    await addBuffer(SIGNATURE, b.signature);
    await addBuffer(SIGNER_PEM, Buffer.from(publicKeyPem(b.manifest.exporter.publicKey)));
    await addBuffer(SUMS, b.sums);
    onBytes(b.sums.length);
    for (const d of b.data) {
      await addBuffer(d.path, d.bytes);
      onBytes(d.bytes.length);
    }
    for (const f of b.files) {
      if (options.signal?.aborted) throw new AppError('cancelled', 'The export was cancelled; no bundle was written.');
      const sink = pack.entry(entry(f.path, f.size));
      const src: Readable = openBlob(store, f.sha256, options.signal ? { signal: options.signal } : {});
      await pipeline(src, checked(f, `The exhibit file ${f.sha256.slice(0, 12)}…`, onBytes), sink);
    }
    pack.finalize();
  })();
  writer.catch((e) => pack.destroy(e as Error));
  const out = createWriteStream(tmp, { flags: 'wx', mode: FILE_MODE, highWaterMark: 1024 * 1024 });
  const source = pack as unknown as Readable;
  const middle = options.recipient ? createEncryptStream(options.recipient.raw) : new PassThrough();
  try {
    await Promise.all([pipeline(source, middle, meter, out, options.signal ? { signal: options.signal } : {}), writer]);
    const fh = await openFile(tmp, 'r');
    await fh.sync().finally(() => fh.close());
    assertWritableTarget(target, 'the bundle');
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof AppError) throw e;
    if (options.signal?.aborted || (e as Error).name === 'AbortError') throw new AppError('cancelled', 'The export was cancelled; no bundle was written.');
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new AppError('internal', 'The disk is full: no bundle was written.');
    throw e;
  }
  const sha256 = fileHash.digest('hex');
  const manifestSha256 = sha(b.manifestBytes);
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare(`INSERT INTO bundle_exchanges (case_id, direction, manifest_sha256, bundle_id, exported_by, exporter_key, exported_at, source_db, recipient, by_user, at, row_hashes)
      VALUES (?, 'export', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      b.caseId, manifestSha256, b.manifest.bundleId, signer.user, signer.publicKey, b.manifest.exportedAt, b.manifest.database.id, b.manifest.recipient?.key ?? null, actor, now, JSON.stringify(b.rowHashes),
    );
    appendAudit(db, actor, {
      caseId: b.caseId, entity: 'bundle', entityId: b.manifest.bundleId, action: 'exported',
      after: { file: basename(target), sha256, manifestSha256, parts: b.manifest.parts.length, bytes, signer: signer.user, fingerprint: signer.fingerprint, recipient: b.manifest.recipient },
    }, now);
  })();
  return { file: target, parts: b.manifest.parts.length, sha256, bytes, case: b.manifest.case.number, manifestSha256 };
}
