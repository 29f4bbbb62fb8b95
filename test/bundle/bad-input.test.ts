import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { canonicalJson, generateSigningKeyPair, signerOver, type Signer } from '../../electron/core/signing/sign.ts';
import { publicKeyPem, sumsText, type Manifest } from '../../electron/core/bundle/format.ts';
import { counts, entries, filesBelow, setDeclaredSize, writeTar, type Entry } from './helpers.ts';
import { blobPath, storeOf } from '../../electron/core/evidence/store.ts';

// Every kind of bad bundle is refused with the part and the reason, and the receiving database
// and its evidence folder are exactly as they were.
let officer: TestCore;
let counsel: TestCore;
let number: string;
let good: string;
let goodEntries: Entry[];
let fingerprint: string;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const files = [Buffer.from('first exhibit '.repeat(20_000)), Buffer.from('second exhibit '.repeat(30_000)), Buffer.from('third exhibit '.repeat(10_000))];

beforeAll(async () => {
  officer = makeTestCore('Olivia Officer', 'officer');
  counsel = makeTestCore('Carl Counsel', 'counsel');
  number = (await officer.call('cases.create', { title: 'Remote developer, suspected DPRK' })).number;
  await officer.call('subjects.add', { number, name: 'Kim Chol', role: 'worker' });
  await officer.call('evidence.addBytes', { number, files: files.map((f, i) => ({ name: `exhibit-${i}.txt`, base64: f.toString('base64') })) });
  good = join(officer.dir, 'good.casebook');
  await officer.call('bundle.export', { number, to: good, passphrase: TEST_PASSPHRASE });
  goodEntries = await entries(good);
  const v = await counsel.call('bundle.verify', { path: good });
  if (!v.ok) throw new Error(v.reason);
  fingerprint = v.exporter.fingerprint;
}, 60_000);
afterAll(() => {
  officer?.cleanup();
  counsel?.cleanup();
});

/** Imports a bad bundle: refused with the part and reason expected, and nothing in the database or the evidence folder changed. */
async function refused(file: string, part: string | RegExp, reason: RegExp, trust: string | undefined = fingerprint) {
  const before = counts(counsel);
  const store = filesBelow(counsel.ctx.paths.evidenceDir);
  let err: unknown;
  try {
    await counsel.call('bundle.import', { path: file, ...(trust && { trust }) });
  } catch (e) {
    err = e;
  }
  expect(err, 'the import should have been refused').toBeDefined();
  const details = (err as { details?: { part: string; reason: string } }).details!;
  expect((err as Error).message).toMatch(/^The bundle was refused: .* Nothing was imported\.$/);
  if (typeof part === 'string') expect(details.part).toBe(part);
  else expect(details.part).toMatch(part);
  expect(details.reason).toMatch(reason);
  expect(counts(counsel)).toEqual(before);
  expect(filesBelow(counsel.ctx.paths.evidenceDir).filter((f) => !f.startsWith('tmp/'))).toEqual(store.filter((f) => !f.startsWith('tmp/')));
  // verify names the same part
  const v = await counsel.call('bundle.verify', { path: file });
  expect(v.ok).toBe(false);
  return details;
}

const out = (name: string) => join(counsel.dir, name);

/** Rebuilds a bundle with a changed manifest, signed by the given key (an attacker's, or anyone's). */
async function resigned(name: string, signer: Signer, change: (m: Manifest, list: Entry[]) => void, list: Entry[] = goodEntries.map((e) => ({ ...e }))): Promise<string> {
  const m = JSON.parse(list[0]!.body.toString()) as Manifest;
  change(m, list);
  m.exporter.publicKey = signer.publicKey;
  m.exporter.fingerprint = signer.fingerprint;
  const text = Buffer.from(canonicalJson(m));
  list[0] = { name: 'manifest.json', body: text };
  list[1] = { name: 'manifest.sig', body: Buffer.from(signer.sign(text), 'base64') };
  list[2] = { name: 'signer.pem', body: Buffer.from(publicKeyPem(signer.publicKey)) };
  const file = out(name);
  await writeTar(file, list);
  return file;
}
const attacker = () => signerOver('Olivia Officer', generateSigningKeyPair().privateKey);

describe('a bad bundle is refused, and nothing is imported', () => {
  it('truncated: cut in the middle, or just before its end', async () => {
    const bytes = readFileSync(good);
    writeFileSync(out('half.casebook'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refused(out('half.casebook'), /^files\/[0-9a-f]{64}$/, /cut off|truncated/);
    writeFileSync(out('end.casebook'), bytes.subarray(0, bytes.length - 3000));
    await refused(out('end.casebook'), /^files\/[0-9a-f]{64}$/, /cut off|truncated/);
    writeFileSync(out('head.casebook'), bytes.subarray(0, 700));
    await refused(out('head.casebook'), 'manifest.json', /cut off|truncated/);
  });

  it('one byte altered in one exhibit: the last file, so the files before it were already read (and are removed again)', async () => {
    const m = JSON.parse(goodEntries[0]!.body.toString()) as Manifest;
    const last = m.parts.filter((p) => p.path.startsWith('files/')).at(-1)!;
    const body = goodEntries.find((e) => e.name === last.path)!.body;
    const bytes = readFileSync(good);
    const at = bytes.indexOf(body);
    expect(at).toBeGreaterThan(0);
    bytes[at + 1000] ^= 0x01;
    writeFileSync(out('byte.casebook'), bytes);
    await refused(out('byte.casebook'), last.path, new RegExp(`has SHA-256 [0-9a-f]{64}, the manifest says ${last.sha256}: the file was altered`));
  });

  it('one field altered in one row: the hash of its part fails; re-hashed, the signature fails', async () => {
    const bytes = readFileSync(good);
    const at = bytes.indexOf('Kim Chol');
    expect(at).toBeGreaterThan(0);
    bytes.write('Kim Chul', at, 'latin1');
    writeFileSync(out('row.casebook'), bytes);
    await refused(out('row.casebook'), 'data/subjects.json', /its content was altered/);

    // The same change with the manifest's hashes made to match: the officer's signature no longer holds.
    const list = goodEntries.map((e) => ({ ...e }));
    const i = list.findIndex((e) => e.name === 'data/subjects.json');
    list[i] = { name: list[i]!.name, body: Buffer.from(list[i]!.body.toString().replace('Kim Chol', 'Kim Chul')) };
    const m = JSON.parse(list[0]!.body.toString()) as Manifest;
    m.parts.find((p) => p.path === 'data/subjects.json')!.sha256 = sha(list[i]!.body);
    const sums = Buffer.from(sumsText(m.parts));
    m.parts[0]!.sha256 = sha(sums);
    list[list.findIndex((e) => e.name === 'SHA256SUMS')] = { name: 'SHA256SUMS', body: sums };
    list[0] = { name: 'manifest.json', body: Buffer.from(canonicalJson(m)) };
    await writeTar(out('rehashed.casebook'), list);
    await refused(out('rehashed.casebook'), 'manifest.sig', /does not hold for the manifest and the exporter's key/);
  });

  it('signed by an unknown key: refused, even under a name the database trusts, and with a fingerprint confirmed for someone else', async () => {
    const list = goodEntries.map((e) => ({ ...e }));
    const i = list.findIndex((e) => e.name === 'data/subjects.json');
    list[i] = { name: list[i]!.name, body: Buffer.from(list[i]!.body.toString().replace('Kim Chol', 'Kim Chul')) };
    const forged = await resigned('forged.casebook', attacker(), (m, l) => {
      m.parts.find((p) => p.path === 'data/subjects.json')!.sha256 = sha(l[i]!.body);
      const sums = Buffer.from(sumsText(m.parts));
      m.parts[0]!.sha256 = sha(sums);
      l[l.findIndex((e) => e.name === 'SHA256SUMS')] = { name: 'SHA256SUMS', body: sums };
    }, list);
    // verify alone finds the bundle intact, and says its key is not known here
    const v = await counsel.call('bundle.verify', { path: forged });
    expect(v).toMatchObject({ ok: true, exporter: { user: 'Olivia Officer', known: false } });
    const before = counts(counsel);
    await expect(counsel.call('bundle.import', { path: forged })).rejects.toThrow(/manifest\.sig is signed by a key this database does not know: Olivia Officer, fingerprint /);
    await expect(counsel.call('bundle.import', { path: forged, trust: fingerprint })).rejects.toThrow(/not the fingerprint you confirmed/);
    expect(counts(counsel)).toEqual(before);
  });

  it('"../" paths: in an entry\u2019s name, or in a signed manifest', async () => {
    const list = goodEntries.map((e) => ({ ...e }));
    const i = list.findIndex((e) => e.name === 'data/subjects.json');
    list[i] = { ...list[i]!, name: '../../subjects.json' };
    await writeTar(out('dotdot.casebook'), list);
    await refused(out('dotdot.casebook'), 'data/subjects.json', /is missing: \.\.\/\.\.\/subjects\.json, which the manifest does not list, comes in its place/);
    expect(existsSync(join(counsel.dir, '..', 'subjects.json'))).toBe(false);

    const evil = await resigned('dotdot-signed.casebook', attacker(), (m, l) => {
      const p = m.parts.find((x) => x.path === 'data/subjects.json')!;
      p.path = 'data/../../../etc/cron.d/evil';
      l[l.findIndex((e) => e.name === 'data/subjects.json')]!.name = p.path;
    });
    await refused(evil, 'manifest.json', /is not a path a bundle may hold/);
    const abs = await resigned('abs-signed.casebook', attacker(), (m) => {
      m.parts[1]!.path = '/tmp/evil.json';
    });
    await refused(abs, 'manifest.json', /is not a path a bundle may hold/);
  });

  it('huge declared sizes: in an entry\u2019s header, or in a signed manifest, refused before a byte is read', async () => {
    const m = JSON.parse(goodEntries[0]!.body.toString()) as Manifest;
    const firstFile = m.parts.find((p) => p.path.startsWith('files/'))!;
    writeFileSync(out('huge.casebook'), readFileSync(good));
    setDeclaredSize(out('huge.casebook'), firstFile.path, 8589934591); // the most a plain tar header holds
    await refused(out('huge.casebook'), firstFile.path, /declares 8589934591 bytes, more than the whole bundle holds/);

    const huge = await resigned('huge-signed.casebook', attacker(), (mm) => {
      mm.parts.find((p) => p.path.startsWith('files/'))!.size = 2 ** 40;
    });
    await refused(huge, /^files\//, /is declared as 1099511627776 bytes, more than the whole bundle holds/);
    const big = await resigned('huge-data.casebook', attacker(), (mm) => {
      mm.parts[0]!.size = 9e15;
    });
    await refused(big, 'manifest.json', /parts\.0\.size/);
    writeFileSync(out('huge-manifest.casebook'), readFileSync(good));
    setDeclaredSize(out('huge-manifest.casebook'), 'manifest.json', 8589934591);
    await refused(out('huge-manifest.casebook'), 'manifest.json', /declares 8589934591 bytes, more than the whole bundle holds/);
  });

  it('not a bundle at all, an empty file, a folder, and an extra entry the manifest does not list', async () => {
    writeFileSync(out('text.casebook'), 'hello\n'.repeat(200));
    await refused(out('text.casebook'), /./, /damaged|cut off|Casebook bundle/);
    writeFileSync(out('empty.casebook'), '');
    await refused(out('empty.casebook'), 'bundle', /is empty/);
    await refused(counsel.dir, 'bundle', /not a regular file/);
    await writeTar(out('extra.casebook'), [...goodEntries, { name: 'files/extra', body: Buffer.from('x') }]);
    await refused(out('extra.casebook'), 'files/extra', /an entry the manifest does not list/);
  });

  it('after all that, the good bundle imports', async () => {
    const r = await counsel.call('bundle.import', { path: good, trust: fingerprint });
    expect(r.case.number).toBe(number);
    const ex = await counsel.call('evidence.list', { number });
    expect(ex.map((e) => e.sha256).sort()).toEqual(files.map((f) => sha(f)).sort());
  });
});

describe('long work can be cancelled, and leaves nothing', () => {
  it('a cancelled export writes no file; a cancelled import adds nothing', async () => {
    const to = join(officer.dir, 'cancelled.casebook');
    const exporting = officer.call('bundle.export', { number, to, passphrase: TEST_PASSPHRASE, jobId: 'export-to-cancel' });
    await new Promise((r) => setTimeout(r, 0));
    // The passphrase check runs first; the job exists once the files start streaming.
    for (let i = 0; i < 200 && !officer.ctx.jobs.cancel('export-to-cancel'); i++) await new Promise((r) => setTimeout(r, 1));
    await expect(exporting).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(to)).toBe(false);
    expect(filesBelow(officer.dir).filter((f) => f.includes('cancelled'))).toEqual([]);

    const before = counts(counsel);
    const store = filesBelow(counsel.ctx.paths.evidenceDir);
    const importing = counsel.call('bundle.import', { path: good, trust: fingerprint, jobId: 'import-to-cancel' });
    expect(counsel.ctx.jobs.cancel('import-to-cancel')).toBe(true);
    await expect(importing).rejects.toMatchObject({ code: 'cancelled' });
    expect(counts(counsel)).toEqual(before);
    expect(filesBelow(counsel.ctx.paths.evidenceDir).filter((f) => !f.startsWith('tmp/'))).toEqual(store.filter((f) => !f.startsWith('tmp/')));
  });
});

describe('a case number this database already gives another case', () => {
  it('is refused (the imported case keeps its number), and nothing is imported', async () => {
    const other = makeTestCore('Dana Counsel', 'counsel');
    try {
      const own = await other.call('cases.create', { title: 'Their own first case' });
      expect(own.number).toBe(number);
      const before = counts(other);
      await expect(other.call('bundle.import', { path: good, trust: fingerprint })).rejects.toThrow(new RegExp(`data/cases\\.json is case ${number}, and this database has another case with that number`));
      expect(counts(other)).toEqual(before);
    } finally {
      other.cleanup();
    }
  });
});

describe('export checks every file against its recorded SHA-256', () => {
  it('a stored file altered in the evidence folder stops the export, and no bundle is written', async () => {
    const t = makeTestCore('Olivia Officer', 'officer');
    try {
      const n = (await t.call('cases.create', { title: 'Altered store' })).number;
      const [ex] = (await t.call('evidence.addBytes', { number: n, files: [{ name: 'a.txt', base64: files[0]!.toString('base64') }] })).added;
      const stored = blobPath(storeOf(t.ctx), ex!.sha256);
      const bytes = readFileSync(stored);
      bytes[bytes.length - 100] ^= 0x01;
      writeFileSync(stored, bytes);
      const to = join(t.dir, 'altered.casebook');
      await expect(t.call('bundle.export', { number: n, to, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/was altered or damaged in the evidence folder .* Nothing was exported/) });
      expect(existsSync(to)).toBe(false);
      expect(filesBelow(t.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});
