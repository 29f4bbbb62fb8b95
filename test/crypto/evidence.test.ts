import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGE_CHUNK, ageIdentity, ageRecipient, createDecryptStream, createEncryptStream } from '../../electron/core/crypto/age.ts';
import { blobPath, storeOf } from '../../electron/core/evidence/store.ts';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let t: TestCore;
let number: string;
beforeEach(async () => {
  t = makeTestCore();
  number = (await t.call('cases.create', { title: 'Evidence at rest' })).number;
});
afterEach(() => t.cleanup());

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const storeFiles = () => (readdirSync(t.ctx.paths.evidenceDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.age'));
const hasAge = spawnSync('age', ['--version']).status === 0;

function flipByte(path: string, at: number) {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, at);
  b[0] = b[0]! ^ 0x01;
  writeSync(fd, b, 0, 1, at);
  closeSync(fd);
}

describe('encrypted evidence files', () => {
  it('hold none of the plaintext, and are named by a keyed hash that does not reveal the SHA-256', async () => {
    const text = 'Interview memo: subject Cholsu Rimwater admitted the payroll route through a third party. '.repeat(50);
    const p = join(t.dir, 'memo.txt');
    writeFileSync(p, text);
    const r = await t.call('evidence.addFiles', { number, paths: [p] });
    const h = r.added[0]!.sha256;
    expect(h).toBe(sha(text));
    const files = storeFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).not.toContain(h);
    expect(files[0]).not.toContain(h.slice(0, 16));
    const bytes = readFileSync(join(t.ctx.paths.evidenceDir, files[0]!));
    expect(bytes.toString('latin1')).not.toContain('Rimwater');
    expect(bytes.toString('latin1')).not.toContain('payroll');
    expect(bytes.toString('latin1').startsWith('age-encryption.org/v1\n-> X25519 ')).toBe(true);
    // Read back through the key: preview and export give the plaintext.
    const view = await t.call('evidence.view', { number, exhibit: 'E-001' });
    expect(view.text).toBe(text.slice(0, view.text!.length));
    const out = await t.call('evidence.export', { number, exhibit: 'E-001', directory: t.dir });
    expect(readFileSync(out.path, 'utf8')).toBe(text);
  });

  it('verify streams every file and names the chunk where one flipped byte sits', async () => {
    const data = randomBytes(3 * AGE_CHUNK + 777);
    const p = join(t.dir, 'capture.bin');
    writeFileSync(p, data);
    await t.call('evidence.addFiles', { number, paths: [p] });
    expect((await t.call('evidence.verify', { number })).ok).toBe(true);
    const stored = blobPath(storeOf(t.ctx), sha(data));
    const headerLength = readFileSync(stored).indexOf('\n', readFileSync(stored).indexOf('\n---')) + 1 + 16;
    // A byte inside the third chunk (index 2) of the payload.
    flipByte(stored, headerLength + 2 * (AGE_CHUNK + 16) + 100);
    const r = await t.call('evidence.verify', { number });
    expect(r.ok).toBe(false);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ exhibit: 'E-001', problem: 'altered' });
    expect(r.findings[0]!.message).toMatch(/chunk 3 \(bytes 131072–196608\) fails its check/);
    await expect(t.call('evidence.export', { number, exhibit: 'E-001', directory: t.dir })).rejects.toMatchObject({ code: 'check_failed' });
  });

  it('a cut-off file, or one whose header was changed, is named too', async () => {
    const data = randomBytes(AGE_CHUNK * 2);
    const p = join(t.dir, 'a.bin');
    writeFileSync(p, data);
    await t.call('evidence.addFiles', { number, paths: [p] });
    const stored = blobPath(storeOf(t.ctx), sha(data));
    const whole = readFileSync(stored);
    writeFileSync(stored, whole.subarray(0, whole.length - AGE_CHUNK - 16));
    expect((await t.call('evidence.verify', { number })).findings[0]!.message).toMatch(/chunk 1 .* fails its check|last chunk/);
    const header = Buffer.from(whole);
    header[40] = header[40]! ^ 0x20;
    writeFileSync(stored, header);
    expect((await t.call('evidence.verify', { number })).findings[0]!.message).toMatch(/header|not encrypted to this key/);
  });

  it('streams: chunk sizes at every boundary round-trip', async () => {
    for (const size of [1, AGE_CHUNK - 1, AGE_CHUNK, AGE_CHUNK + 1, 2 * AGE_CHUNK]) {
      const data = randomBytes(size);
      const src = join(t.dir, `in-${size}`);
      writeFileSync(src, data);
      await pipeline(createReadStream(src), createEncryptStream(t.vault.evidencePublicRaw), createWriteStream(`${src}.age`));
      await pipeline(createReadStream(`${src}.age`), createDecryptStream(t.vault.evidencePrivate, t.vault.evidencePublicRaw), createWriteStream(`${src}.out`));
      expect(readFileSync(`${src}.out`).equals(data)).toBe(true);
    }
  });

  it('streams: pieces of uneven sizes (smaller and larger than a chunk) round-trip', async () => {
    const data = randomBytes(5 * AGE_CHUNK + 123);
    const sizes = [1, 1000, AGE_CHUNK + 7, 3, 3 * AGE_CHUNK, AGE_CHUNK - 1, 200_000];
    const pieces: Buffer[] = [];
    for (let off = 0, i = 0; off < data.length; i++) {
      const n = Math.min(sizes[i % sizes.length]!, data.length - off);
      pieces.push(data.subarray(off, off + n));
      off += n;
    }
    const out = join(t.dir, 'uneven.age');
    await pipeline(Readable.from(pieces), createEncryptStream(t.vault.evidencePublicRaw), createWriteStream(out));
    expect(statSync(out).size).toBeGreaterThan(data.length + 6 * 16);
    await pipeline(createReadStream(out), createDecryptStream(t.vault.evidencePrivate, t.vault.evidencePublicRaw), createWriteStream(`${out}.back`));
    expect(readFileSync(`${out}.back`).equals(data)).toBe(true);
  });

  it.skipIf(!hasAge)('opens with the standard age tool, and reads what the age tool writes', async () => {
    const data = randomBytes(AGE_CHUNK * 2 + 5);
    const p = join(t.dir, 'interop.bin');
    writeFileSync(p, data);
    await t.call('evidence.addFiles', { number, paths: [p] });
    const identity = join(t.dir, 'identity.txt');
    writeFileSync(identity, `${ageIdentity(t.vault.evidenceSecret)}\n`, { mode: 0o600 });
    const out = execFileSync('age', ['-d', '-i', identity, blobPath(storeOf(t.ctx), sha(data))]);
    expect(out.equals(data)).toBe(true);
    execFileSync('age', ['-e', '-r', ageRecipient(t.vault.evidencePublicRaw), '-o', `${p}.age`, p]);
    await pipeline(createReadStream(`${p}.age`), createDecryptStream(t.vault.evidencePrivate, t.vault.evidencePublicRaw), createWriteStream(`${p}.back`));
    expect(readFileSync(`${p}.back`).equals(data)).toBe(true);
  });
});
