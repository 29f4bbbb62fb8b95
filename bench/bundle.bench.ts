// Case bundle: export and verify of a case with 300 exhibits (1 GiB in all), each against
// sha256sum over the same 300 files' bytes in the same run (goal: >= 50% of its throughput).
// Export decrypts every stored file, hashes it (checked against its recorded SHA-256) and writes
// it into the archive; verify reads the archive, checks the signature and hashes every part.
// Every figure is printed with the load average when it was taken (the machine may be shared).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync, statSync, writeSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCore, TEST_PASSPHRASE } from '../test/helpers/core.ts';
import { addFiles } from '../electron/core/evidence/service.ts';
import { storeOf } from '../electron/core/evidence/store.ts';
import { signerFor } from '../electron/core/session/signing.ts';
import { exportBundle } from '../electron/core/bundle/export.ts';
import { readBundle } from '../electron/core/bundle/read.ts';
import { checkContent } from '../electron/core/bundle/check.ts';
import { importBundle } from '../electron/core/bundle/import.ts';
import { report } from './lib.ts';

const GiB = 1024 * 1024 * 1024;
const N = 300;
const SIZE = Math.floor(GiB / N);
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-bundle-'));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average at start: ${load()} (2 cores shared: figures under load are noisy)`);

const officer = makeTestCore('Bench Officer', 'officer', { dir: join(dir, 'officer') });
const counsel = makeTestCore('Bench Counsel', 'counsel', { dir: mkdtempSync(join(dir, 'counsel-')) });
try {
  const filesDir = join(dir, 'exhibits');
  spawnSync('mkdir', ['-p', filesDir]);
  const paths: string[] = [];
  const block = randomBytes(SIZE);
  for (let i = 0; i < N; i++) {
    const p = join(filesDir, `exhibit-${String(i).padStart(3, '0')}.bin`);
    block.writeUInt32LE(i, 0); // each file its own bytes
    const fd = openSync(p, 'w');
    writeSync(fd, block);
    // On disk before anything is timed: their write-back would otherwise fall in a timed step.
    fsyncSync(fd);
    closeSync(fd);
    paths.push(p);
  }
  const number = (await officer.call('cases.create', { title: 'Bench: 300 exhibits' })).number;
  let t = performance.now();
  await addFiles(officer.ctx, { number, paths });
  console.log(`(setup) 300 exhibits, ${(N * SIZE / GiB).toFixed(2)} GiB, stored in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // The baseline: sha256sum over the same bytes (warm page cache, as export reads warm stored files).
  const shaSum = () => {
    const s = performance.now();
    const r = spawnSync('sha256sum', paths, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(r.stderr);
    const took = (performance.now() - s) / 1000;
    loads.push(`sha256sum ${took.toFixed(2)} s at load ${load()}`);
    return took;
  };
  const loads: string[] = [];
  shaSum();
  const base1 = shaSum();

  const signer = signerFor(officer.ctx, TEST_PASSPHRASE);
  const file = join(dir, 'case.casebook');
  t = performance.now();
  const e = await exportBundle(officer.db, storeOf(officer.ctx), number, file, signer, 'Bench Officer');
  const exportS = (performance.now() - t) / 1000;
  const exportLoad = load();
  const base2 = shaSum();

  t = performance.now();
  const r = await readBundle(file);
  checkContent(r);
  const verifyS = (performance.now() - t) / 1000;
  const verifyLoad = load();
  const base3 = shaSum();

  t = performance.now();
  await importBundle(counsel.db, storeOf(counsel.ctx), file, 'Bench Counsel', { trust: signer.fingerprint });
  const importS = (performance.now() - t) / 1000;
  const importLoad = load();

  const base = (base1 + base2 + base3) / 3;
  const mibs = (s: number) => (N * SIZE / s / 1024 / 1024).toFixed(0);
  console.log(`sha256sum over the same 300 files: ${base1.toFixed(2)} / ${base2.toFixed(2)} / ${base3.toFixed(2)} s (mean ${base.toFixed(2)} s, ${mibs(base)} MiB/s); ${loads.slice(1).join('; ')}`);
  console.log(`export: ${exportS.toFixed(2)} s (${mibs(exportS)} MiB/s), ${e.parts} parts, ${(statSync(file).size / GiB).toFixed(3)} GiB bundle; load ${exportLoad}`);
  console.log(`verify: ${verifyS.toFixed(2)} s (${mibs(verifyS)} MiB/s); load ${verifyLoad}`);
  console.log(`import (for reference, no goal): ${importS.toFixed(2)} s (${mibs(importS)} MiB/s): reads, checks and re-encrypts every file into the receiving store; load ${importLoad}`);
  report('export throughput vs sha256sum', `${((base / exportS) * 100).toFixed(0)}% (load ${exportLoad})`, base / exportS >= 0.5, 'goal >= 50%');
  report('verify throughput vs sha256sum', `${((base / verifyS) * 100).toFixed(0)}% (load ${verifyLoad})`, base / verifyS >= 0.5, 'goal >= 50%');
  console.log(`load average at end: ${load()}`);
} finally {
  officer.cleanup();
  counsel.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
