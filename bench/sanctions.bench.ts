// Sanctions screening on the real OFAC SDN list (../shared/data/ofac): import time against a raw
// better-sqlite3 insert of the same rows, one-name screening latency over 1,000 varied queries,
// and a 10,000-name batch. Run: node --import tsx bench/sanctions.bench.ts
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../electron/core/app.ts';
import { TEST_UNLOCK } from '../test/helpers/core.ts';
import { invoke } from '../electron/core/api.ts';
import { readOfacFile } from '../electron/core/sanctions/read.ts';
import { screenName } from '../electron/core/sanctions/screen.ts';
import { screenBatch } from '../electron/core/sanctions/batch.ts';
import { resolveVersion } from '../electron/core/sanctions/versions.ts';
import { signIn } from '../electron/core/session/users.ts';
import { median, percentile, report, timeAsync } from './lib.ts';
import { seededRandom } from '../shared/random.ts';
import { evaluate, readCorpus } from '../test/sanctions/corpus.ts';
import { DEFAULT_THRESHOLD } from '../shared/sanctions/names/index.ts';

const OFAC = join(import.meta.dirname, '..', '..', 'shared', 'data', 'ofac');
if (!existsSync(join(OFAC, 'sdn.csv'))) {
  console.log(`SKIP  the real OFAC files are not at ${OFAC}`);
  process.exit(0);
}
const files = { sdn: join(OFAC, 'sdn.csv'), alt: join(OFAC, 'alt.csv'), add: join(OFAC, 'add.csv') };
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-sanctions-'));
process.env.CASEBOOK_LOG_SLOW = '0';


// Matching quality on the labelled corpus (test/sanctions/fixtures/name-pairs.psv) at the default threshold.
{
  const pairs = readCorpus();
  const e = evaluate(pairs, DEFAULT_THRESHOLD);
  console.log(`      ${pairs.length} labelled pairs at threshold ${DEFAULT_THRESHOLD}: ${e.tp} true hits, ${e.fp} false hits, ${e.fn} missed, ${e.tn} rightly below`);
  report('name matching precision', e.precision.toFixed(3), e.precision >= 0.9, 'goal ≥ 0.90');
  report('name matching recall', e.recall.toFixed(3), true, 'no goal of its own');
  report('name matching F1', e.f1.toFixed(3), e.f1 >= 0.9, 'goal ≥ 0.90');
}

try {
  // Baseline: the same files read the same way, rows inserted raw (no remarks parsing, no index).
  const baselineMs = await timeAsync(async () => {
    const db = new Database(join(dir, 'raw.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE sdn (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11) STRICT; CREATE TABLE alt (c0, c1, c2, c3, c4) STRICT; CREATE TABLE addr (c0, c1, c2, c3, c4, c5) STRICT;'.replaceAll(/c(\d+)/g, 'c$1 ANY'));
    const sdn = await readOfacFile('sdn', files.sdn, undefined, () => {});
    const alt = await readOfacFile('alt', files.alt, undefined, () => {});
    const add = await readOfacFile('add', files.add, undefined, () => {});
    db.transaction(() => {
      const s = db.prepare('INSERT INTO sdn VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const r of sdn.rows) s.run(...r.fields);
      const a = db.prepare('INSERT INTO alt VALUES (?, ?, ?, ?, ?)');
      for (const r of alt.rows) a.run(...r.fields);
      const d = db.prepare('INSERT INTO addr VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of add.rows) d.run(...r.fields);
    })();
    db.close();
  });

  const core = openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK });
  signIn(core.db, 'Bench Officer', 'officer');
  core.ctx.actor = { name: 'Bench Officer', role: 'officer' };
  let imported: { entries: number; aliases: number; identifiers: number; orphans: { alt: number; add: number } } | undefined;
  const importMs = await timeAsync(async () => {
    const r = await invoke(core.ctx, 'sanctions.import', { ...files, published: '2024-05-03' });
    if (!r.ok) throw new Error(r.error.message);
    imported = r.value as typeof imported;
  });
  console.log(`      imported ${imported!.entries} entries, ${imported!.aliases} aliases, ${imported!.identifiers} identifiers; orphans alt ${imported!.orphans.alt}, add ${imported!.orphans.add}`);
  report('import (sdn+alt+add)', `${importMs.toFixed(0)} ms; raw insert baseline ${baselineMs.toFixed(0)} ms (x${(importMs / baselineMs).toFixed(1)})`, importMs < 2000, 'goal < 2000 ms');

  // 1,000 varied queries: listed names as written, aliases, reordered, romanisation variants,
  // misspellings, and names that are not on the list.
  const db = core.db;
  const version = resolveVersion(db);
  const r = seededRandom(7);
  const names = db.prepare("SELECT n.name, n.kind FROM sanctions_names n JOIN sanctions_entries e USING (version_id, ent_num) WHERE e.type IN ('individual', 'entity')").all() as { name: string; kind: string }[];
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const misspell = (s: string) => {
    const i = 1 + Math.floor(r() * Math.max(1, s.length - 2));
    return r() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i] + s.slice(i);
  };
  const reorder = (s: string) => s.replace(/^([^,]+),\s*(.+)$/, '$2 $1');
  const variants: Record<string, string> = { KIM: 'Gim', PAK: 'Park', RI: 'Lee', JONG: 'Chong', CHOE: 'Choi', O: 'Oh' };
  const romanise = (s: string) => s.replace(/\b(KIM|PAK|RI|JONG|CHOE|O)\b/g, (m) => variants[m]!);
  const fake = ['Daniel Moorland', 'Acme Widgets Ltd', 'Kevin Castellan', 'Northwind Traders LLC', 'Hiro Tanaka', 'Ada Lovelace', 'Blue Harbor Logistics', 'Olga Petrova Ivanovna', 'Mohammed Al Fayez Trading', 'Sunrise Bakery'];
  const koreans = names.filter((n) => /^(KIM|PAK|RI|JONG|CHOE|O),/.test(n.name));
  const queries: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const k = i % 6;
    if (k === 0) queries.push(pick(names).name);
    else if (k === 1) queries.push(reorder(pick(names.filter((n) => n.kind !== 'primary')).name));
    else if (k === 2) queries.push(romanise(reorder(pick(koreans).name)));
    else if (k === 3) queries.push(misspell(pick(names).name));
    else if (k === 4) queries.push(`${pick(fake)} ${i}`.replace(/ \d+$/, ''));
    else queries.push(pick(fake).split(' ').reverse().join(' ') + (r() < 0.5 ? ' Co.' : ''));
  }
  for (const q of queries.slice(0, 50)) screenName(db, version, { name: q, threshold: 0.85 });
  const lat: number[] = [];
  let withHits = 0;
  for (const q of queries) {
    const t = performance.now();
    const hits = screenName(db, version, { name: q, threshold: 0.85, limit: 20 });
    lat.push(performance.now() - t);
    if (hits.length) withHits++;
  }
  const p50 = median(lat);
  const p99 = percentile(lat, 99);
  console.log(`      ${queries.length} queries, ${withHits} with a hit at 0.85; max ${Math.max(...lat).toFixed(1)} ms`);
  report('one-name screening p50', `${p50.toFixed(2)} ms`, p50 < 5, 'goal < 5 ms');
  report('one-name screening p99', `${p99.toFixed(2)} ms`, p99 < 25, 'goal < 25 ms');

  const batchFile = join(dir, 'batch.csv');
  const lines = ['ref,name'];
  for (let i = 0; i < 10_000; i++) lines.push(`${i + 1},"${queries[i % queries.length]!.replace(/"/g, '""')}"`);
  writeFileSync(batchFile, `${lines.join('\n')}\n`);
  let batchRows = 0;
  const batchMs = await timeAsync(async () => {
    batchRows = (await screenBatch(db, [version], batchFile, 0.85, join(dir, 'batch-out.csv'))).rows;
  });
  report('batch of 10,000 names (with CSV export)', `${(batchMs / 1000).toFixed(1)} s for ${batchRows} rows`, batchMs < 30_000, 'goal < 30 s');
  core.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
