import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

// The command line, and a reviewer without Casebook: tar, sha256sum, openssl and age check and
// open a bundle as the README says.
const BIN = join(import.meta.dirname, '../../bin/casebook.mjs');
let officer: TestCore;
let counsel: TestCore;
let number: string;
const exhibit = Buffer.from('Payslip, March 2025: USD 4,200 to Kim Chol\n'.repeat(3000));

const cli = (t: TestCore, args: string[]) => spawnSync(process.execPath, [BIN, '--db', t.dbFile, ...args], { encoding: 'utf8' });
const json = (t: TestCore, args: string[]) => {
  const r = cli(t, args);
  if (r.status !== 0) throw new Error(`casebook ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};
const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { encoding: 'utf8', ...(cwd && { cwd }) });

beforeAll(async () => {
  officer = makeTestCore('Olivia Officer', 'officer');
  counsel = makeTestCore('Carl Counsel', 'counsel');
  number = (await officer.call('cases.create', { title: 'Remote developer, suspected DPRK' })).number;
  await officer.call('evidence.addBytes', { number, files: [{ name: 'payslip.txt', base64: exhibit.toString('base64') }] });
  officer.close();
  counsel.close();
}, 60_000);
afterAll(() => {
  officer?.cleanup();
  counsel?.cleanup();
});

/** The checks the README gives a reviewer without Casebook, on an unpacked bundle's folder. */
function checkWithStandardTools(dir: string, fingerprint: string) {
  const v = sh('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signer.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], dir);
  expect(v).toMatch(/Signature Verified Successfully/);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'signer.pem', '-outform', 'DER'], { cwd: dir });
  const fp = execFileSync('sha256sum', [], { input: der.subarray(-32), encoding: 'utf8' }).slice(0, 32);
  expect(fp).toBe(fingerprint.replace(/ /g, ''));
  const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const sumsHash = sh('sha256sum', ['SHA256SUMS'], dir).slice(0, 64);
  expect(manifest).toContain(`{"path":"SHA256SUMS","sha256":"${sumsHash}",`);
  const checked = sh('sha256sum', ['-c', 'SHA256SUMS'], dir);
  expect(checked).toMatch(/^data\/cases\.json: OK$/m);
  expect(checked.trim().split('\n').every((l) => l.endsWith(': OK'))).toBe(true);
}

// Each command is a process of its own (a few seconds each on a loaded machine).
describe('the bundle on the command line, and with standard tools', { timeout: 240_000 }, () => {
  it('exports, verifies and imports through the CLI with the output shapes of the README', () => {
    const file = join(officer.dir, 'case.casebook');
    const e = json(officer, ['bundle', 'export', number, '--to', file]);
    expect(e).toMatchObject({ file, parts: expect.any(Number), sha256: sh('sha256sum', [file]).slice(0, 64) });
    const v = json(counsel, ['bundle', 'verify', file]);
    expect(v).toMatchObject({ ok: true, case: number, parts: e.parts, signatures: [{ signer: 'Olivia Officer', fingerprint: expect.stringMatching(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/), what: `the hand-over file of case ${number}, all of it` }] });
    const refused = cli(counsel, ['bundle', 'import', file]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/signed by a key this database does not know: Olivia Officer, fingerprint/);
    const i = json(counsel, ['bundle', 'import', file, '--trust', v.signatures[0].fingerprint]);
    expect(i).toMatchObject({ case: { number }, newCase: true, provenance: { exportedBy: 'Olivia Officer' } });
    const again = cli(counsel, ['bundle', 'import', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/imported already/);

    // A reviewer with tar, sha256sum and openssl only.
    const dir = join(officer.dir, 'unpacked');
    mkdirSync(dir);
    sh('tar', ['-xf', file, '-C', dir]);
    checkWithStandardTools(dir, v.signatures[0].fingerprint);
    expect(readFileSync(join(dir, 'files', createHashHex(exhibit)))).toEqual(exhibit);
  });

  it('verify exits 1 naming the part that fails', () => {
    const file = join(officer.dir, 'case.casebook');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(exhibit.subarray(0, 100));
    bytes[at + 5000] ^= 0x20;
    const bad = join(officer.dir, 'altered.casebook');
    writeFileSync(bad, bytes);
    const r = cli(counsel, ['bundle', 'verify', bad]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ ok: false, part: `files/${createHashHex(exhibit)}`, reason: expect.stringMatching(/the file was altered/) });
  });

  it('encrypted to an age key: the standard age tool opens it, and tar, sha256sum and openssl check it', () => {
    const key = join(officer.dir, 'reviewer.key');
    sh('age-keygen', ['-o', key]);
    const recipient = sh('age-keygen', ['-y', key]).trim();
    const file = join(officer.dir, 'to-reviewer.casebook');
    const e = json(officer, ['bundle', 'export', number, '--to', file, '--recipient', recipient]);
    expect(e.encryptedTo).toBe(recipient);
    expect(readFileSync(file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    // Not readable as a tar, nor by a database without the key.
    const v = cli(counsel, ['bundle', 'verify', file]);
    expect(v.status).toBe(1);
    expect(JSON.parse(v.stdout).reason).toMatch(/is encrypted/);
    const dir = join(officer.dir, 'decrypted');
    mkdirSync(dir);
    const tarBytes = execFileSync('age', ['-d', '-i', key, file]);
    writeFileSync(join(dir, 'bundle.tar'), tarBytes);
    sh('tar', ['-xf', 'bundle.tar'], dir);
    const fp = json(officer, ['users', 'list']).find((u: { name: string }) => u.name === 'Olivia Officer')?.fingerprint as string;
    checkWithStandardTools(dir, fp);
  });

  it('encrypted to counsel\u2019s own key (bundle key): counsel\u2019s Casebook opens it; the answer goes back encrypted to the officer by name', () => {
    const { recipient } = json(counsel, ['bundle', 'key']);
    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    const file = join(officer.dir, 'to-counsel.casebook');
    json(officer, ['bundle', 'export', number, '--to', file, '--recipient', recipient]);
    const v = json(counsel, ['bundle', 'verify', file]);
    expect(v).toMatchObject({ ok: true, encrypted: true, exporter: { known: true } });
    const i = json(counsel, ['bundle', 'import', file]);
    expect(i.newCase).toBe(false);
    // Counsel now knows the officer's key for encrypted bundles, from the manifest: the answer is encrypted to them by name.
    const back = join(counsel.dir, 'back.casebook');
    const e = json(counsel, ['bundle', 'export', number, '--to', back, '--recipient', 'Olivia Officer']);
    expect(e.encryptedTo).toBe('Olivia Officer');
    const ov = json(officer, ['bundle', 'verify', back]);
    expect(ov).toMatchObject({ ok: true, encrypted: true, exporter: { user: 'Carl Counsel', known: false } });
    const oi = json(officer, ['bundle', 'import', back, '--trust', ov.exporter.fingerprint]);
    expect(oi.newCase).toBe(false);
  });
});

function createHashHex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
