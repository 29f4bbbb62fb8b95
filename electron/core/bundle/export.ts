// Writing a case bundle: the case's rows (one data part per table), its exhibits' files decrypted
// from the store as they stream into the archive (each checked against its recorded SHA-256 on
// the way), a manifest of every part's size and SHA-256 signed by the exporting user, optionally
// the whole encrypted to a recipient as one age file. Written to a temporary file beside the
// target and renamed into place only when complete: a cancelled or failed export leaves nothing.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/handle.ts';
import { appendAudit } from '../audit/chain.ts';
import { createEncryptStream } from '../crypto/age.ts';
import { blobPayload, type BlobStore } from '../evidence/store.ts';
import { assertWritableTarget, FILE_MODE } from '../files/write.ts';
import { canonicalJson, type Signer } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import { FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE, SIGNER_PEM, SUMS, publicKeyPem, sumsText, type DataPart, type Manifest, type Part } from './format.ts';
import { collectCase, fingerprints, toDataPart, type Row } from './rows.ts';
import { databaseId } from './keys.ts';
import { WorkerFileSink } from './writer.ts';
import { OpenError, OpenerPool, type Batch, type OpenResult } from './openers.ts';

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

/**
 * A POSIX (ustar) tar header for a plain file. A size beyond the 11 octal digits of the standard
 * field (8 GiB) is written in base-256, as GNU tar and every common reader take it.
 */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const b = Buffer.alloc(512);
  if (Buffer.byteLength(name) > 100) throw new Error(`an entry name is at most 100 bytes: ${name}`);
  const oct = (v: number, len: number, at: number) => b.write(`${v.toString(8).padStart(len - 1, '0')}\0`, at, len, 'latin1');
  b.write(name, 0, 100, 'utf8');
  oct(0o644, 8, 100);
  oct(0, 8, 108);
  oct(0, 8, 116);
  if (size < 8 ** 11) oct(size, 12, 124);
  else {
    b[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--, v >>= 8n) b[i] = Number(v & 0xffn);
  }
  oct(Math.floor(mtime.getTime() / 1000), 12, 136);
  b.fill(0x20, 148, 156);
  b.write('0', 156, 1, 'latin1');
  b.write('ustar\0', 257, 6, 'latin1');
  b.write('00', 263, 2, 'latin1');
  b.write('casebook', 265, 32, 'latin1');
  b.write('casebook', 297, 32, 'latin1');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i]!;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return b;
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
  const mtime = new Date(b.manifest.exportedAt);
  const signal = options.signal ? { signal: options.signal } : {};
  const cancelled = () => new AppError('cancelled', 'The export was cancelled; no bundle was written.');
  const pad = (size: number) => (size % 512 === 0 ? null : Buffer.alloc(512 - (size % 512)));
  // Where the archive's bytes go, with backpressure: `put` a copy, `putBatch` a file's decrypted
  // batch (handed over whole when nothing stands between it and the writer), `end` at the end.
  type Out = { put: (buf: Buffer) => Promise<void>; putBatch: (x: Batch) => Promise<void>; end: () => Promise<void> };

  const writer = async (out: Out, pool: OpenerPool) => {
    const addBuffer = async (name: string, buf: Buffer) => {
      await out.put(tarHeader(name, buf.length, mtime));
      await out.put(buf);
      const p = pad(buf.length);
      if (p) await out.put(p);
    };
    await addBuffer(MANIFEST, b.manifestBytes);
    await addBuffer(SIGNATURE, b.signature);
    await addBuffer(SIGNER_PEM, Buffer.from(publicKeyPem(b.manifest.exporter.publicKey)));
    await addBuffer(SUMS, b.sums);
    onBytes(b.sums.length);
    for (const d of b.data) {
      await addBuffer(d.path, d.bytes);
      onBytes(d.bytes.length);
    }
    // The files are decrypted and hashed ahead by the pool (each byte hashed once, checked against
    // the recorded SHA-256, the hash the manifest lists); here they are written in order.
    const openings = b.files.map((f) => ({ f, o: pool.open(async () => ({ ...(await blobPayload(store, f.sha256)), size: f.size })) }));
    for (const { f, o } of openings) {
      if (options.signal?.aborted) throw cancelled();
      await out.put(tarHeader(f.path, f.size, mtime));
      let end: OpenResult;
      try {
        for (;;) {
          const x = await o.next();
          if (!('buf' in x)) {
            end = x;
            break;
          }
          if (options.signal?.aborted) throw cancelled();
          onBytes(x.len);
          await out.putBatch(x);
        }
      } catch (e) {
        if (e instanceof OpenError && e.kind === 'age') throw new AppError('conflict', `The stored file of SHA-256 ${f.sha256} was altered or damaged in the evidence folder (${e.message}). Nothing was exported; run "Verify exhibits" on the case.`);
        if (e instanceof OpenError && e.code === 'ENOENT') throw new AppError('conflict', `The stored file of SHA-256 ${f.sha256} is missing from the evidence folder. Nothing was exported; run "Verify exhibits" on the case.`);
        throw e;
      } finally {
        pool.done(o);
      }
      if (end.bytes !== f.size || end.sha256 !== f.sha256) {
        throw new AppError('conflict', `The stored file of SHA-256 ${f.sha256} does not match it: it was altered or damaged in the evidence folder (found ${end.bytes > f.size ? 'more bytes than recorded' : `${end.sha256}, ${end.bytes} bytes`}). Nothing was exported; run "Verify exhibits" on the case.`);
      }
      const p = pad(f.size);
      if (p) await out.put(p);
    }
    await out.put(Buffer.alloc(1024)); // the end of the archive: two empty blocks
    await out.end();
  };

  let fd: number | null = null;
  let sink: WorkerFileSink | null = null;
  const pool = new OpenerPool(2);
  try {
    fd = openSync(tmp, 'wx', FILE_MODE);
    // A worker thread hashes the archive's bytes and writes them while the pool decrypts the files.
    const s = (sink = new WorkerFileSink(fd));
    // A failed write (a full disk) stops the reading too: no file is left waiting for its turn to be written.
    s.onFail = (e) => pool.abort(e);
    if (options.recipient) {
      // To a recipient: through the age encryption (on this thread), then to the writer.
      const head = new PassThrough({ highWaterMark: 1024 * 1024 });
      const chain = pipeline(head, createEncryptStream(options.recipient.raw), s, signal);
      const put = async (buf: Buffer) => {
        if (!head.write(buf)) await once(head, 'drain', signal);
      };
      const out: Out = {
        put,
        putBatch: async (x) => {
          const copy = Buffer.from(new Uint8Array(x.buf, 0, x.len));
          x.giveBack(x.buf);
          await put(copy);
        },
        end: async () => {
          head.end();
        },
      };
      const writing = writer(out, pool).catch((e: unknown) => {
        head.destroy(e as Error);
        throw e;
      });
      await Promise.all([chain, writing]);
    } else {
      await writer({ put: (buf) => s.put(buf), putBatch: async (x) => s.putOwned(x.buf, x.len, x.giveBack), end: async () => void (await s.finish()) }, pool);
    }
    await Promise.all([s.stopped(), pool.close()]);
    closeSync(fd);
    fd = null;
    assertWritableTarget(target, 'the bundle');
    await rename(tmp, target);
  } catch (e) {
    await Promise.all([sink?.stopped(), pool.close()]);
    if (fd !== null) closeSync(fd);
    await rm(tmp, { force: true });
    if (e instanceof AppError) throw e;
    if (options.signal?.aborted || (e as Error).name === 'AbortError') throw cancelled();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new AppError('internal', 'The disk is full: no bundle was written.');
    throw e;
  }
  const { sha256, bytes } = sink.result!;
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
