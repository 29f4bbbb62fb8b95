import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { addFiles } from '../../electron/core/evidence/service.ts';
import { blobPath, storeOf } from '../../electron/core/evidence/store.ts';
import { signerFor } from '../../electron/core/session/signing.ts';
import { exportBundle } from '../../electron/core/bundle/export.ts';
import { WorkerFileSink } from '../../electron/core/bundle/writer.ts';
import { OpenerPool } from '../../electron/core/bundle/openers.ts';
import { blobPayload } from '../../electron/core/evidence/store.ts';
import { readBundle } from '../../electron/core/bundle/read.ts';
import { ageRecipient, createDecryptStream } from '../../electron/core/crypto/age.ts';
import { x25519Private, x25519PublicRaw } from '../../electron/core/crypto/keys.ts';
import { AppError } from '../../shared/errors.ts';
import { entries, filesBelow } from './helpers.ts';

// The export opens the stored (encrypted) files itself, in worker threads, a batch of 16 chunks of
// 64 KiB at a time: files on every edge of a chunk and of a batch, more files than workers, and
// files longer than the batches a worker may hold ahead, come out byte for byte; damage anywhere
// in a stored file stops the export; it shows progress and stops when cancelled.
const K = 64 * 1024;
const SIZES = [1, K - 1, K, K + 1, 16 * K - 1, 16 * K, 16 * K + 1, 5 * 16 * K + 123, 3 * K + 7];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestCore;
let number: string;
const files = SIZES.map((n) => randomBytes(n));

beforeAll(async () => {
  t = makeTestCore('Olivia Officer', 'officer');
  number = (await t.call('cases.create', { title: 'Files on every edge' })).number;
  const paths = files.map((b, i) => {
    const p = join(t.dir, `file-${i}.bin`);
    writeFileSync(p, b);
    return p;
  });
  await addFiles(t.ctx, { number, paths });
}, 60_000);
afterAll(() => t?.cleanup());

const exportTo = (name: string, options: Parameters<typeof exportBundle>[6] = {}) =>
  exportBundle(t.db, storeOf(t.ctx), number, join(t.dir, name), signerFor(t.ctx, TEST_PASSPHRASE), 'Olivia Officer', options);

describe('the export opens every stored file in worker threads', () => {
  it('writes every file byte for byte, its hash the recorded one, and the bundle hash the file\u2019s own', async () => {
    const seen: number[] = [];
    const r = await exportTo('edges.casebook', { onProgress: (done, total) => seen.push(done / total) });
    const file = join(t.dir, 'edges.casebook');
    const bytes = readFileSync(file);
    expect(r.sha256).toBe(sha(bytes));
    expect(r.bytes).toBe(bytes.length);
    const got = new Map((await entries(file)).filter((e) => e.name.startsWith('files/')).map((e) => [e.name, e.body]));
    expect(got.size).toBe(files.length);
    for (const f of files) expect(got.get(`files/${sha(f)}`)?.equals(f)).toBe(true);
    expect(seen.at(-1)).toBe(1);
    const v = await readBundle(file);
    expect(v.fileBytes).toBe(SIZES.reduce((s, n) => s + n, 0));
  });

  it('encrypted to a recipient, the same files come out of the decrypted archive', async () => {
    const secret = randomBytes(32);
    const key = x25519Private(secret);
    const raw = x25519PublicRaw(key);
    await exportTo('locked.casebook', { recipient: { name: null, key: ageRecipient(raw), raw } });
    const parts: Buffer[] = [];
    for await (const c of Readable.from([readFileSync(join(t.dir, 'locked.casebook'))]).pipe(createDecryptStream(key, raw)) as AsyncIterable<Buffer>) parts.push(c);
    const plain = join(t.dir, 'locked.tar');
    writeFileSync(plain, Buffer.concat(parts));
    const got = new Map((await entries(plain)).filter((e) => e.name.startsWith('files/')).map((e) => [e.name, e.body]));
    for (const f of files) expect(got.get(`files/${sha(f)}`)?.equals(f)).toBe(true);
  });

  it('a cancelled export stops, writes nothing and leaves no temporary file', async () => {
    const ac = new AbortController();
    const p = exportTo('cancelled.casebook', { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(join(t.dir, 'cancelled.casebook'))).toBe(false);
    expect(filesBelow(t.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a stored file altered in its last chunk or in the middle, cut short, or missing stops the export naming it, and nothing is written', async () => {
    const big = files[7]!;
    const stored = blobPath(storeOf(t.ctx), sha(big));
    const original = readFileSync(stored);
    const refused = async (name: string, pattern: RegExp) => {
      const err = (await exportTo(name).catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('conflict');
      expect(err.message).toMatch(pattern);
      expect(existsSync(join(t.dir, name))).toBe(false);
      expect(filesBelow(t.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    };
    try {
      const changed = Buffer.from(original);
      changed[changed.length - 50] ^= 0x01; // inside the last chunk (123 bytes and its tag)
      writeFileSync(stored, changed);
      await refused('changed-last.casebook', new RegExp(`stored file of SHA-256 ${sha(big)} was altered or damaged in the evidence folder \\(its last chunk \\(bytes \\d+–\\d+\\) fails its check`));
      const middle = Buffer.from(original);
      const payloadStart = original.length - (80 * (K + 16) + 123 + 16);
      middle[payloadStart + 78 * (K + 16) + 100] ^= 0x01; // inside chunk 79 of 81, in the fifth batch
      writeFileSync(stored, middle);
      await refused('changed-middle.casebook', /\(chunk 79 \(bytes 5111808–5177344\) fails its check: altered\)/);
      writeFileSync(stored, original);
      truncateSync(stored, original.length - (K + 16));
      await refused('cut.casebook', /was altered or damaged in the evidence folder/);
      rmSync(stored);
      await refused('missing.casebook', new RegExp(`stored file of SHA-256 ${sha(big)} is missing from the evidence folder`));
    } finally {
      writeFileSync(stored, original);
    }
    await exportTo('restored.casebook');
  });
});

describe('a full disk', () => {
  it.skipIf(!existsSync('/dev/full'))('fails the writing thread with ENOSPC, and a file waiting in the pool for its turn is told at once', async () => {
    const fd = openSync('/dev/full', 'w');
    const sink = new WorkerFileSink(fd);
    const pool = new OpenerPool(1);
    sink.onFail = (e) => pool.abort(e);
    try {
      const big = files[7]!;
      const o = pool.open(async () => ({ ...(await blobPayload(storeOf(t.ctx), sha(big))), size: big.length }));
      const first = await o.next();
      if (!('buf' in first)) throw new Error('expected a batch');
      sink.putOwned(first.buf, first.len, first.giveBack);
      // The pool's worker holds at most four batches ahead; the writer never gives this one back.
      const rest = (async () => {
        for (;;) {
          const x = await o.next();
          if (!('buf' in x)) return x;
        }
      })();
      await expect(rest).rejects.toMatchObject({ code: 'ENOSPC' });
      await expect(sink.finish()).rejects.toMatchObject({ code: 'ENOSPC' });
    } finally {
      await Promise.all([sink.stopped(), pool.close()]);
      closeSync(fd);
    }
  });
});
