// What encryption costs, each figure against the same work unencrypted in the same run:
// the case-list page and 10,000-case creation on 100,000 cases (encrypted vs plain database),
// a 1 GiB evidence ingest (encrypted store vs `sha256sum`, then `cp`, then `sync` by hand on the
// same file), and an incremental backup after 10 new cases on a 100,000-case database.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core/app.ts';
import { takeBackup } from '../electron/core/backup/backup.ts';
import { createCase } from '../electron/core/cases/repo.ts';
import { listCases } from '../electron/core/cases/list.ts';
import { seedCases } from '../electron/core/cases/seed.ts';
import { openDatabase, type Db } from '../electron/core/db/connection.ts';
import { addFiles } from '../electron/core/evidence/service.ts';
import { storeOf } from '../electron/core/evidence/store.ts';
import { signIn } from '../electron/core/session/users.ts';
import type { CaseListQuery } from '../shared/cases.ts';
import { TEST_UNLOCK } from '../test/helpers/core.ts';
import { median, report, time } from './lib.ts';

process.env.CASEBOOK_LOG_SLOW = '0';
const GiB = 1024 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-crypto-'));
const gc = (globalThis as { gc?: () => void }).gc;

const queries: CaseListQuery[] = [
  { sort: 'number', desc: true },
  { sort: 'priority', desc: true, status: ['investigating'] },
  { sort: 'title', desc: false, search: 'laptop' },
  { sort: 'openedAt', desc: true, search: 'USDT', status: ['open', 'investigating'] },
  { sort: 'assignee', desc: false, tag: 'crypto', priority: ['high', 'critical'] },
];

function listPage(db: Db): number[] {
  const times: number[] = [];
  for (let r = 0; r < 20; r++) for (const q of queries) times.push(time(() => listCases(db, { ...q, limit: 50, offset: 0 })));
  return times;
}

function create(db: Db, n: number): number {
  return time(() => {
    for (let i = 0; i < n; i++) createCase(db, 'Bench', { title: `Created case ${i}`, summary: 'Benchmark summary text.', priority: 'medium', assignee: 'A. Rivera', tags: ['bench', 'payroll'] });
  });
}

try {
  // 1. Case list and creation, encrypted against plain, the same seed in each.
  const plainDb = openDatabase(join(dir, 'plain.db'), { key: null });
  const enc = openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK });
  const encDb = enc.db;
  const seedPlain = time(() => seedCases(plainDb, 'Bench', 100_000));
  const seedEnc = time(() => seedCases(encDb, 'Bench', 100_000));
  console.log(`seeded 100,000 cases: plain ${(seedPlain / 1000).toFixed(1)} s, encrypted ${(seedEnc / 1000).toFixed(1)} s`);
  listPage(plainDb);
  listPage(encDb);
  const lp = median(listPage(plainDb));
  const le = median(listPage(encDb));
  report('case-list page, 100k cases, encrypted vs plain (median)', `${le.toFixed(2)} ms vs ${lp.toFixed(2)} ms (ratio ${(le / lp).toFixed(2)}x)`, le / lp <= 1.3, 'goal <= 1.3x');
  const cp = create(plainDb, 10_000);
  const ce = create(encDb, 10_000);
  report('create 10,000 cases, one transaction each, encrypted vs plain', `${(ce / 1000).toFixed(2)} s vs ${(cp / 1000).toFixed(2)} s (ratio ${(ce / cp).toFixed(2)}x)`, ce / cp <= 1.3, 'goal <= 1.3x');
  plainDb.close();

  // 2. Incremental backup after 10 new cases on the encrypted database (now 110,000 cases).
  const backups = join(dir, 'backups');
  const full = await takeBackup({ db: encDb, vault: enc.vault, dbFile: enc.ctx.paths.dbFile, store: storeOf(enc.ctx) }, backups);
  create(encDb, 10);
  const incr = await takeBackup({ db: encDb, vault: enc.vault, dbFile: enc.ctx.paths.dbFile, store: storeOf(enc.ctx) }, backups, { now: new Date(Date.now() + 1000) });
  console.log(`first backup ${(full.ms / 1000).toFixed(2)} s (${(full.databaseBytes / 1024 / 1024).toFixed(0)} MiB database)`);
  report('incremental backup after 10 cases, 110k-case database', `${(incr.ms / 1000).toFixed(2)} s (${incr.databaseChunksWritten} of ${Math.ceil(incr.databaseBytes / 65536)} database pieces written)`, incr.ms < 2000, 'goal < 2 s');
  enc.close();
  rmSync(backups, { recursive: true, force: true });

  // 3. A 1 GiB ingest into the encrypted store against sha256sum + cp + sync of the same file.
  const file = join(dir, 'big.bin');
  const block = randomBytes(4 * 1024 * 1024);
  const fd = openSync(file, 'w');
  for (let i = 0; i < GiB / block.length; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  spawnSync('sync');
  spawnSync('sha256sum', [file]); // both read from a warm page cache
  let t = performance.now();
  const sum = spawnSync('sha256sum', [file], { encoding: 'utf8' });
  spawnSync('cp', [file, join(dir, 'copy.bin')]);
  spawnSync('sync');
  const byHand = (performance.now() - t) / 1000;
  rmSync(join(dir, 'copy.bin'));
  spawnSync('sync');

  const core = openCore({ dbFile: join(dir, 'ingest.db'), unlock: TEST_UNLOCK });
  signIn(core.db, 'Bench Officer', 'officer');
  core.ctx.actor = { name: 'Bench Officer', role: 'officer' };
  const c = createCase(core.db, 'Bench Officer', { title: 'Bench', summary: '', priority: 'low', assignee: '', tags: [] });
  gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  t = performance.now();
  const added = await addFiles(core.ctx, { number: c.number, paths: [file] });
  const ingest = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (added.added[0]?.sha256 !== sum.stdout.split(' ')[0]) throw new Error('the ingest hash differs from sha256sum');
  core.close();
  const mibs = (s: number) => (1024 / s).toFixed(0);
  console.log(`by hand (sha256sum, cp, sync): ${byHand.toFixed(2)} s (${mibs(byHand)} MiB/s); encrypted ingest: ${ingest.toFixed(2)} s (${mibs(ingest)} MiB/s)`);
  report('encrypted 1 GiB ingest vs sha256sum + cp + sync', `${((byHand / ingest) * 100).toFixed(0)}%`, byHand / ingest >= 0.8, 'goal >= 80%');
  const growth = (peak - baseline) / 1024 / 1024;
  report('peak RSS growth during the encrypted 1 GiB ingest', `${growth.toFixed(1)} MB`, growth < 64, 'goal < 64 MB');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
