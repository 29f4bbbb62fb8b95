// Reading a bundle, streamed, checking as it goes: the manifest first (its schema, that it is the
// canonical text that was signed, its signature), then every entry against the manifest in order:
// the path it must have, the size it declares (checked before a byte of it is read), its SHA-256.
// Nothing is trusted before it is checked; a file part is handed on (to the evidence store, on
// import) only once its hash holds.
import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import tar from 'tar-stream';
import { AgeError, createDecryptStream } from '../crypto/age.ts';
import { canonicalJson, verifySignature } from '../signing/sign.ts';
import { BundleError, DataPartSchema, LIMITS, MANIFEST, ManifestSchema, SIGNATURE, SIGNER_PEM, SUMS, publicKeyPem, sumsText, type DataPart, type Manifest, type Part } from './format.ts';

export type ReadOptions = {
  /** The key to open a bundle encrypted to this user; asked for only when the bundle is encrypted. */
  identity?: () => { key: KeyObject; publicRaw: Buffer; recipient: string } | null;
  /** Called once the manifest's signature holds, before any part is read (a refusal here reads nothing more). */
  onManifest?: (m: Manifest) => void;
  /** Where a file part's bytes go once it begins (its hash is checked at its end; the sink is destroyed if it fails). */
  fileSink?: (part: Part) => { stream: Writable; done: Promise<unknown> } | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
};

export type ReadResult = { manifest: Manifest; manifestSha256: string; encrypted: boolean; data: Map<string, DataPart>; fileBytes: number };

const AGE_MAGIC = 'age-encryption.org/v1\n';

async function startsWithAge(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(AGE_MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.toString('latin1') === AGE_MAGIC;
  } finally {
    await fh.close();
  }
}

async function readAll(entry: AsyncIterable<Buffer>, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of entry) {
    n += c.length;
    if (n > max) throw new BundleError(what, `is larger than ${max} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks, n);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Reads and checks a whole bundle. Throws a BundleError naming the part and the reason at the first thing that does not hold. */
export async function readBundle(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new BundleError('bundle', 'is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof BundleError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new BundleError('bundle', code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (e as Error).message})`);
  }
  if (size === 0) throw new BundleError('bundle', 'is empty (0 bytes)');
  const encrypted = await startsWithAge(path);
  const src = createReadStream(path, { highWaterMark: 1024 * 1024, ...(opts.signal && { signal: opts.signal }) });
  let input: Readable = src;
  if (encrypted) {
    const id = opts.identity?.() ?? null;
    if (!id) throw new BundleError('bundle', 'is encrypted, and you have no key to open bundles encrypted to you: give the sender your key (casebook bundle key) and ask them to export it again');
    const dec = createDecryptStream(id.key, id.publicRaw);
    src.on('error', (e) => dec.destroy(e));
    input = src.pipe(dec);
  }
  const extract = tar.extract();
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract as unknown as Writable);

  let current = 'bundle';
  let index = 0;
  let manifest: Manifest | null = null;
  let manifestText: Buffer | null = null;
  let sig: Buffer | null = null;
  const data = new Map<string, DataPart>();
  let sumsBytes: Buffer | null = null;
  let done = 0;
  let fileBytes = 0;
  let lastReport = 0;
  let total = 0;
  const progress = (n: number) => {
    done += n;
    if (opts.onProgress && (done - lastReport >= 8 * 1024 * 1024 || done === total)) {
      lastReport = done;
      opts.onProgress(done, total);
    }
  };
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const name = h.name;
      current = name.length > 200 || /[^\x20-\x7e]/.test(name) ? 'an entry with an unprintable or overlong name' : name;
      if (h.type !== 'file') throw new BundleError(current, `is a ${h.type ?? 'entry'} of no kind a bundle holds (only plain files; no folders, links or devices)`);
      const declared = h.size ?? 0;
      if (declared > size) throw new BundleError(current, `declares ${declared} bytes, more than the whole bundle holds (${size} bytes): the bundle is cut off, or the entry is false`);
      if (index === 0) {
        if (name !== MANIFEST) throw new BundleError(current, `comes first where the manifest (${MANIFEST}) must; this is not a Casebook bundle, or it was rearranged`);
        if (declared > LIMITS.manifestBytes) throw new BundleError(MANIFEST, `declares ${declared} bytes, more than a manifest may hold (${LIMITS.manifestBytes})`);
        manifestText = await readAll(entry as AsyncIterable<Buffer>, LIMITS.manifestBytes, MANIFEST);
        let parsed: unknown;
        try {
          parsed = JSON.parse(manifestText.toString('utf8'));
        } catch {
          throw new BundleError(MANIFEST, 'is not valid JSON');
        }
        const r = ManifestSchema.safeParse(parsed);
        if (!r.success) {
          const i = r.error.issues[0]!;
          throw new BundleError(MANIFEST, `${i.path.join('.') || 'its shape'}: ${i.message}`);
        }
        if (canonicalJson(parsed) !== manifestText.toString('utf8')) throw new BundleError(MANIFEST, 'is not in the canonical form that is signed (it was rewritten after signing)');
        manifest = r.data;
        const seen = new Set<string>();
        for (const p of manifest.parts) {
          if (seen.has(p.path)) throw new BundleError(MANIFEST, `lists ${p.path} twice`);
          seen.add(p.path);
          if (p.size > size) throw new BundleError(p.path, `is declared as ${p.size} bytes, more than the whole bundle holds (${size} bytes): the bundle is cut off, or its manifest is false`);
          if (p.path.startsWith('data/') && p.size > LIMITS.dataPartBytes) throw new BundleError(p.path, `is declared as ${p.size} bytes, more than a data part may hold (${LIMITS.dataPartBytes})`);
          if (p.path.startsWith('files/') && p.sha256 !== p.path.slice(6)) throw new BundleError(p.path, 'is named for one SHA-256 and listed with another');
        }
        total = manifest.parts.reduce((s, p) => s + p.size, 0);
        if (manifest.parts[0]?.path !== SUMS) throw new BundleError(MANIFEST, `does not list ${SUMS} first`);
      } else if (index === 1) {
        if (name !== SIGNATURE) throw new BundleError(current, `comes where the signature (${SIGNATURE}) must`);
        if (declared !== 64) throw new BundleError(SIGNATURE, `declares ${declared} bytes; an Ed25519 signature is 64`);
        sig = await readAll(entry as AsyncIterable<Buffer>, 64, SIGNATURE);
      } else if (index === 2) {
        if (name !== SIGNER_PEM) throw new BundleError(current, `comes where the signer's key (${SIGNER_PEM}) must`);
        const pem = (await readAll(entry as AsyncIterable<Buffer>, 4096, SIGNER_PEM)).toString('latin1');
        const m = manifest!;
        if (pem !== publicKeyPem(m.exporter.publicKey)) throw new BundleError(SIGNER_PEM, 'is not the key the manifest names as the exporter\u2019s');
        if (!verifySignature(m.exporter.publicKey, manifestText!, sig!.toString('base64'))) {
          throw new BundleError(SIGNATURE, `does not hold for the manifest and the exporter's key (fingerprint ${m.exporter.fingerprint}): the manifest was altered, or signed by another key`);
        }
        opts.onManifest?.(m);
      } else {
        const m = manifest!;
        const part = m.parts[index - 3];
        if (!part) throw new BundleError(current, 'is an entry the manifest does not list');
        if (name !== part.path) {
          throw new BundleError(part.path, m.parts.some((p) => p.path === name) ? `is out of order: ${current} comes in its place` : `is missing: ${current}, which the manifest does not list, comes in its place`);
        }
        if (declared !== part.size) throw new BundleError(part.path, `declares ${declared} bytes where the manifest says ${part.size}`);
        if (part.path.startsWith('files/')) {
          const hash = createHash('sha256');
          const sink = opts.fileSink?.(part) ?? null;
          let n = 0;
          try {
            for await (const c of entry as AsyncIterable<Buffer>) {
              if (opts.signal?.aborted) throw new BundleError(part.path, 'reading was cancelled');
              hash.update(c);
              n += c.length;
              progress(c.length);
              if (sink && !sink.stream.write(c)) await new Promise<void>((res, rej) => {
                sink.stream.once('drain', res);
                sink.stream.once('error', rej);
              });
            }
            const got = hash.digest('hex');
            if (n !== part.size) throw new BundleError(part.path, `holds ${n} bytes where the manifest says ${part.size} (cut off)`);
            if (got !== part.sha256) throw new BundleError(part.path, `has SHA-256 ${got}, the manifest says ${part.sha256}: the file was altered`);
            fileBytes += n;
            if (sink) {
              sink.stream.end();
              await sink.done;
            }
          } catch (e) {
            if (sink) {
              sink.stream.destroy(e as Error);
              await sink.done.catch(() => {});
            }
            throw e;
          }
        } else {
          const bytes = await readAll(entry as AsyncIterable<Buffer>, LIMITS.dataPartBytes, part.path);
          progress(bytes.length);
          if (bytes.length !== part.size) throw new BundleError(part.path, `holds ${bytes.length} bytes where the manifest says ${part.size} (cut off)`);
          const got = sha(bytes);
          if (got !== part.sha256) throw new BundleError(part.path, `has SHA-256 ${got}, the manifest says ${part.sha256}: its content was altered`);
          if (part.path === SUMS) sumsBytes = bytes;
          else {
            let parsed: unknown;
            try {
              parsed = JSON.parse(bytes.toString('utf8'));
            } catch {
              throw new BundleError(part.path, 'is not valid JSON');
            }
            const r = DataPartSchema.safeParse(parsed);
            if (!r.success) throw new BundleError(part.path, `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
            if (`data/${r.data.table}.json` !== part.path) throw new BundleError(part.path, `holds the rows of ${r.data.table}, not of the table its name says`);
            if (r.data.rows.some((row) => row.length !== r.data.columns.length)) throw new BundleError(part.path, 'has a row whose number of values differs from its columns');
            if (r.data.origins && r.data.origins.length !== r.data.rows.length) throw new BundleError(part.path, 'has a different number of origins and rows');
            data.set(part.path, r.data);
          }
        }
      }
      index++;
    }
  } catch (e) {
    extract.destroy();
    src.destroy();
    if (e instanceof BundleError) throw e;
    if (opts.signal?.aborted) throw new BundleError(current, 'reading was cancelled');
    if (e instanceof AgeError) throw new BundleError(current, `cannot be decrypted: ${e.message}`);
    const msg = (e as Error).message ?? String(e);
    if (/Unexpected end of data/i.test(msg)) throw new BundleError(current, 'the bundle is cut off here (truncated)');
    if (/Invalid tar header|Invalid header|Header exceeds/i.test(msg)) throw new BundleError(current === 'bundle' ? 'bundle' : `after ${current}`, `the archive is damaged (${msg})`);
    throw new BundleError(current, msg);
  }
  if (!manifest) throw new BundleError('bundle', 'holds no manifest: it is not a Casebook bundle, or it is cut off');
  if (index < 3) throw new BundleError(index === 1 ? SIGNATURE : SIGNER_PEM, 'is missing: the bundle is cut off');
  if (index - 3 < manifest.parts.length) throw new BundleError(manifest.parts[index - 3]!.path, `is missing: the bundle ends after ${index - 3} of ${manifest.parts.length} parts (cut off)`);
  if (sumsBytes === null || sumsBytes.toString('utf8') !== sumsText(manifest.parts)) throw new BundleError(SUMS, 'does not list exactly the manifest\u2019s parts and hashes');
  return { manifest, manifestSha256: sha(manifestText!), encrypted, data, fileBytes };
}

/** A PassThrough and the promise of what consumes it, for `fileSink`. */
export const passSink = <T>(consume: (r: Readable) => Promise<T>): { stream: Writable; done: Promise<T> } => {
  const p = new PassThrough({ highWaterMark: 1024 * 1024 });
  // A part refused before its consumer has started is destroyed with the reason; the consumer's promise carries it.
  p.on('error', () => {});
  return { stream: p, done: consume(p) };
};
