// What encryption costs, each figure against the same work unencrypted in the same run:
// the case-list page and 10,000-case creation on 100,000 cases (encrypted vs plain database),
// a 1 GiB evidence ingest (encrypted store vs `sha256sum`, then `cp`, then `sync` by hand on the
// same file), and an incremental backup after 10 new cases on a 100,000-case database.
// The two sides of each comparison run in alternating rounds, so that a change in the machine's
// load during the run falls on both. CASEBOOK_BENCH_PARTS=list,create,backup,ingest picks parts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
const parts = new Set((process.env.CASEBOOK_BENCH_PARTS ?? 'list,create,backup,ingest').split(','));
const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;

const queries: CaseListQuery[] = [
  { sort: 'number', desc: true },
  { sort: 'priority', desc: true, status: ['investigating'] },
  { sort: 'title', desc: false, search: 'laptop' },
  { sort: 'openedAt', desc: true, search: 'USDT', status: ['open', 'investigating'] },
  { sort: 'assignee', desc: false, tag: 'crypto', priority: ['high', 'critical'] },
];

/** One round: each query once, timed. */
const listRound = (db: Db): number[] => queries.map((q) => time(() => listCases(db, { ...q, limit: 50, offset: 0 })));

/** The page's time: the sum over the queries of each one's median over the rounds. */
const pageTime = (rounds: number[][]) => queries.reduce((a, _q, i) => a + median(rounds.map((r) => r[i]!)), 0);

/** CPU time (user + system, ms) of this process while fn runs: less swayed by other processes than the wall clock. */
function cpuOf(fn: () => unknown): number {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

function create(db: Db, n: number): number {
  return time(() => {
    for (let i = 0; i < n; i++) createCase(db, 'Bench', { title: `Created case ${i}`, summary: 'Benchmark summary text.', priority: 'medium', assignee: 'A. Rivera', tags: ['bench', 'payroll'] });
  });
}

try {
  console.log(`start: ${load()}`);
  // 1. Case list and creation, encrypted against plain, the same seed in each. The plain database
  // is read twice: with the plain database's cache (32 MB) and with the encrypted one's (128 MiB),
  // so the second ratio is the cost of the encryption alone.
  const needEnc = parts.has('list') || parts.has('create') || parts.has('backup');
  const needPlain = parts.has('list') || parts.has('create');
  const plainDb = needPlain ? openDatabase(join(dir, 'plain.db'), { key: null }) : null;
  const enc = needEnc ? openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK }) : null;
  if (plainDb) console.log(`seeded 100,000 cases plain in ${(time(() => seedCases(plainDb, 'Bench', 100_000)) / 1000).toFixed(1)} s`);
  if (enc) console.log(`seeded 100,000 cases encrypted in ${(time(() => seedCases(enc.db, 'Bench', 100_000)) / 1000).toFixed(1)} s`);
  if (plainDb && enc && parts.has('list')) {
    const encDb = enc.db;
    const appCache = plainDb.pragma('cache_size', { simple: true });
    const encCache = encDb.pragma('cache_size', { simple: true });
    const setPlainCache = (c: unknown) => plainDb.pragma(`cache_size = ${Number(c)}`);
    for (let r = 0; r < 3; r++) {
      listRound(plainDb);
      listRound(encDb);
    }
    const rp: number[][] = [];
    const rpSame: number[][] = [];
    const re: number[][] = [];
    let cpuE = 0;
    let cpuSame = 0;
    for (let r = 0; r < 40; r++) {
      setPlainCache(appCache);
      rp.push(listRound(plainDb));
      cpuE += cpuOf(() => re.push(listRound(encDb)));
      setPlainCache(encCache);
      cpuSame += cpuOf(() => rpSame.push(listRound(plainDb)));
    }
    const [lp, lpSame, le] = [pageTime(rp), pageTime(rpSame), pageTime(re)];
    console.log(`  ${load()}; CPU time of the 40 rounds: encrypted ${cpuE.toFixed(0)} ms vs plain (same cache) ${cpuSame.toFixed(0)} ms (${(cpuE / cpuSame).toFixed(2)}x)`);
    for (const [i, q] of queries.entries()) {
      const m = (rs: number[][]) => median(rs.map((x) => x[i]!)).toFixed(2);
      console.log(`  query ${i + 1} (${q.sort}${q.search ? `, search "${q.search}"` : ''}): encrypted ${m(re)} ms, plain ${m(rpSame)} ms (same cache), ${m(rp)} ms (32 MB cache)`);
    }
    report('case-list page (5 queries), 100k cases, encrypted vs plain with the same cache', `${le.toFixed(2)} ms vs ${lpSame.toFixed(2)} ms (ratio ${(le / lpSame).toFixed(2)}x)`, le / lpSame <= 1.3, 'goal <= 1.3x');
    report('case-list page (5 queries), 100k cases, encrypted vs plain as the app opens it (32 MB cache)', `${le.toFixed(2)} ms vs ${lp.toFixed(2)} ms (ratio ${(le / lp).toFixed(2)}x)`, le / lp <= 1.3, 'goal <= 1.3x');
    setPlainCache(appCache);
  }
  if (plainDb && enc && parts.has('create')) {
    let cp = 0;
    let ce = 0;
    let cpuP = 0;
    let cpuE = 0;
    for (let r = 0; r < 10; r++) {
      cpuP += cpuOf(() => (cp += create(plainDb, 1_000)));
      cpuE += cpuOf(() => (ce += create(enc.db, 1_000)));
    }
    console.log(`  ${load()}; CPU time encrypted ${(cpuE / 1000).toFixed(2)} s vs plain ${(cpuP / 1000).toFixed(2)} s (${(cpuE / cpuP).toFixed(2)}x; the rest of the wall time is mostly waiting for each commit's fsync)`);
    report('create 10,000 cases, one transaction each, encrypted vs plain (10 alternating rounds of 1,000)', `${(ce / 1000).toFixed(2)} s vs ${(cp / 1000).toFixed(2)} s (ratio ${(ce / cp).toFixed(2)}x)`, ce / cp <= 1.3, 'goal <= 1.3x');
  }
  plainDb?.close();

  // 2. Incremental backup after 10 new cases on the encrypted database (100,000 cases or more).
  if (enc && parts.has('backup')) {
    const backups = join(dir, 'backups');
    const live = { db: enc.db, vault: enc.vault, dbFile: enc.ctx.paths.dbFile, store: storeOf(enc.ctx) };
    const cases = () => enc.db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
    const full = await takeBackup(live, backups);
    console.log(`first backup ${(full.ms / 1000).toFixed(2)} s (${(full.databaseBytes / 1024 / 1024).toFixed(0)} MiB database, ${cases().toLocaleString('en')} cases)`);
    const times: number[] = [];
    for (let r = 1; r <= 5; r++) {
      create(enc.db, 10);
      const cpu = process.cpuUsage();
      const incr = await takeBackup(live, backups, { now: new Date(Date.now() + r * 1000) });
      const used = process.cpuUsage(cpu);
      times.push(incr.ms);
      const pieces = Math.ceil(incr.databaseBytes / 65536);
      console.log(
        `  incremental ${r}: ${(incr.ms / 1000).toFixed(2)} s (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms), ${incr.databaseChunksHashed} of ${pieces} database pieces hashed, ${incr.databaseChunksWritten} written; ${load()}`,
      );
    }
    const worst = Math.max(...times);
    report(`incremental backup after 10 new cases, ${cases().toLocaleString('en')}-case database (median of 5, worst)`, `${(median(times) / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s`, worst < 2000, 'goal < 2 s');
    rmSync(backups, { recursive: true, force: true });
  }
  enc?.close();

  // 3. A 1 GiB ingest into the encrypted store against sha256sum + cp + sync of the same file.
  if (parts.has('ingest')) {
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
    /** By hand, timed: sha256sum, then cp, then sync (the copy removed after, untimed). */
    const byHandOnce = () => {
      const t0 = performance.now();
      const out = spawnSync('sha256sum', [file], { encoding: 'utf8' });
      spawnSync('cp', [file, join(dir, 'copy.bin')]);
      spawnSync('sync');
      const s = (performance.now() - t0) / 1000;
      rmSync(join(dir, 'copy.bin'));
      spawnSync('sync');
      return { s, sum: out.stdout };
    };
    // By hand before and after the ingest; the baseline is their mean.
    const before = byHandOnce();
    const sum = { stdout: before.sum };
    let t = 0;

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
    spawnSync('sync');
    const after = byHandOnce();
    const byHand = (before.s + after.s) / 2;
    console.log(`  by hand before ${before.s.toFixed(2)} s, after ${after.s.toFixed(2)} s; ${load()}`);
    const mibs = (s: number) => (1024 / s).toFixed(0);
    console.log(`by hand (sha256sum, cp, sync): ${byHand.toFixed(2)} s (${mibs(byHand)} MiB/s); encrypted ingest: ${ingest.toFixed(2)} s (${mibs(ingest)} MiB/s)`);
    report('encrypted 1 GiB ingest vs sha256sum + cp + sync', `${((byHand / ingest) * 100).toFixed(0)}%`, byHand / ingest >= 0.8, 'goal >= 80%');
    const growth = (peak - baseline) / 1024 / 1024;
    report('peak RSS growth during the encrypted 1 GiB ingest', `${growth.toFixed(1)} MB`, growth < 64, 'goal < 64 MB');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
