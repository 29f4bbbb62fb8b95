// Runs Electronegativity on the Electron sources and fails on any finding not accepted, with its
// reason, in docs/electronegativity-accepted.json. (The tool itself exits 0 whatever it finds, so its
// SARIF output is what is judged.) It has its own dependencies here: its parser needs TypeScript 4.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const bin = join(here, 'node_modules/.bin/electronegativity');
if (!existsSync(bin)) {
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', here], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const electron = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron.replace(/[^0-9.]/g, '');
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const out = join(dir, 'result.sarif');
const run = spawnSync(bin, ['-i', join(root, 'electron'), '-e', electron, '-r', '-v', 'false', '-o', out], { encoding: 'utf8' });
if (!existsSync(out)) {
  console.error(`Electronegativity wrote no result:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
const sarif = JSON.parse(readFileSync(out, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const findings = sarif.runs.flatMap((r) =>
  r.results.map((x) => ({ rule: x.ruleId, file: x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?', line: x.locations?.[0]?.physicalLocation?.region?.startLine ?? 0 })),
);
const accepted = JSON.parse(readFileSync(join(root, 'docs/electronegativity-accepted.json'), 'utf8'));
const bad = accepted.filter((a) => typeof a.justification !== 'string' || a.justification.trim().length < 40);
for (const a of bad) console.error(`accepted finding without a real justification: ${a.rule} in ${a.file}`);
const unaccepted = findings.filter((f) => !accepted.some((a) => a.rule === f.rule && a.file === f.file));
const stale = accepted.filter((a) => !findings.some((f) => a.rule === f.rule && a.file === f.file));
console.log(`Electronegativity (Electron ${electron}): ${findings.length} finding(s), ${findings.length - unaccepted.length} accepted with a reason, ${unaccepted.length} not accepted.`);
for (const f of unaccepted) console.error(`  NOT ACCEPTED: ${f.rule} at electron/${f.file}:${f.line}`);
for (const a of stale) console.log(`  (accepted entry no longer found, remove it: ${a.rule} in ${a.file})`);
process.exit(unaccepted.length || bad.length ? 1 : 0);
