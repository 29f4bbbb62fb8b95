// Import + analysis of 1,000,000 generated login events, against a raw better-sqlite3 insert of
// the same rows. Goals: < 8 s, ≤ 2.5 × the raw insert, flat memory; the same goals again with a
// claimed time zone, so that WP-01 reads every event's hour in it. Memory is measured by running
// the import in a fresh process twice, with a quarter of the events and with all of them: flat
// means the peak RSS (main thread, import worker and SQLite together) does not grow with the file:
// four times the rows may take under 10% more.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { invoke } from '../electron/core/api.ts';
import { openCore } from '../electron/core/app.ts';
import { TEST_UNLOCK } from '../test/helpers/core.ts';
import { signIn } from '../electron/core/session/users.ts';
import { createCase } from '../electron/core/cases/repo.ts';
import { importCidrList, rangeMatcher } from '../electron/core/activity/cidr.ts';
import type { ImportResult } from '../shared/activity/types.ts';
import { report, time } from './lib.ts';
import { applyKey } from '../electron/core/db/connection.ts';
import { randomBytes } from 'node:crypto';
import { seededRandom } from '../shared/random.ts';

const FULL = 1_000_000;
const N = Number(process.env.EVENTS ?? FULL);
const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-activity-'));
const csv = join(dir, 'logins.csv');


type Row = [string, string, string, string, string, string, string];

/**
 * 500 accounts, each with a home country and two home addresses (one in ten on IPv6), logging in
 * through the year; 2% of logins come from a mobile address at home, and five accounts hop
 * between VPN exits in several countries (the findings the detectors should raise).
 */
function* rows(): Generator<Row> {
  const r = seededRandom(7);
  const homeCountries = ['US', 'US', 'US', 'DE', 'GB', 'CA', 'FR', 'PL', 'JP', ''];
  const hopCountries = ['US', 'NL', 'SG', 'RU', 'CN'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'curl/8.5.0', 'okhttp/4.12'];
  const accounts = Array.from({ length: 500 }, (_, a) => ({
    name: `user${a}@example.com`,
    country: homeCountries[a % homeCountries.length]!,
    ips: a % 10 === 0 ? [`2001:db8:${a.toString(16)}::1`, `2001:db8:${a.toString(16)}::2`] : [`198.51.${a >> 4}.${(a & 15) * 10 + 1}`, `198.51.${a >> 4}.${(a & 15) * 10 + 2}`],
    hopper: a % 100 === 7,
  }));
  const start = Date.parse('2025-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / N;
  for (let i = 0; i < N; i++) {
    const a = accounts[Math.floor(r() * accounts.length)]!;
    const at = start + Math.floor(i * step);
    let ip = a.ips[r() < 0.5 ? 0 : 1]!;
    let country = a.country;
    if (a.hopper && r() < 0.3) {
      const k = Math.floor(r() * hopCountries.length);
      ip = `203.0.113.${10 + k}`;
      country = hopCountries[k]!;
    } else if (r() < 0.02) ip = `100.64.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
    yield [new Date(at).toISOString(), a.name, ip, country, r() < 0.5 ? 'login' : 'api', `s-${a.name}-${Math.floor(at / 86_400_000)}`, agents[Math.floor(r() * agents.length)]!];
  }
}

/**
 * The shape that once exhausted the worker's memory: 300 accounts, a different IPv4 address on
 * nearly every row (a million distinct ones from 1M rows on), 5,000 session ids shared at random.
 * Only peak memory is measured on it (WIDE=1), at 250k, 1M and 5M rows.
 */
function* wideRows(): Generator<Row> {
  if (process.env.SHAPE === 'accounts') return yield* accountRows();
  if (process.env.SHAPE === 'company') return yield* companyRows();
  const r = seededRandom(11);
  const countries = ['US', 'US', 'DE', 'GB', 'CN', 'RU', 'KR', 'JP'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / N;
  for (let i = 0; i < N; i++) {
    const a = Math.floor(r() * 300);
    // Address k of 1,000,000, visited in a scrambled order (7919 is prime to 10^6).
    const k = (i * 7919) % 1_000_000;
    const ip = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    yield [new Date(start + Math.floor(i * step)).toISOString(), `user${a}@example.com`, ip, countries[k % countries.length]!, 'login', `s-${Math.floor(r() * 5000)}`, 'Mozilla/5.0 (X11; Linux x86_64)'];
  }
}

/**
 * Another hostile shape (`SHAPE=accounts`): an account and a session id of its own on nearly every
 * row, and every 50th row one of 20,000 shared session ids used by 300 accounts: state kept per
 * account grows with the rows. It meets the limit of accounts per case (MAX_ACCOUNTS).
 */
function* accountRows(): Generator<Row> {
  const r = seededRandom(13);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / N;
  for (let i = 0; i < N; i++) {
    const k = (i * 7919) % 1_000_000;
    const ip = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    const shared = i % 50 === 0;
    const session = shared ? `long-${Math.floor(r() * 20_000)}` : `s-${i}`;
    const account = shared ? `user${Math.floor(r() * 300)}@example.com` : `a${i}@example.com`;
    yield [new Date(start + Math.floor(i * step)).toISOString(), account, ip, 'US', 'login', session, 'Mozilla/5.0 (X11; Linux x86_64)'];
  }
}

/**
 * A company-wide export: COMPANY_ACCOUNTS accounts (20,000 unless set), each with one session a
 * working day of five events, from its own address, until N rows: sessions stay open a week after
 * their last event, so about seven days' worth of sessions are open at once.
 */
function* companyRows(): Generator<Row> {
  const accounts = Number(process.env.COMPANY_ACCOUNTS ?? 20_000);
  const start = Date.parse('2025-01-06T00:00:00Z');
  let i = 0;
  for (let day = 0; ; day++) {
    for (let k = 0; k < 5; k++) {
      for (let a = 0; a < accounts; a++) {
        if (i++ === N) return;
        const ts = start + day * 86_400_000 + 9 * 3_600_000 + k * 90 * 60_000 + Math.floor((a / accounts) * 80 * 60_000);
        yield [new Date(ts).toISOString(), `user${a}@example.com`, `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`, 'US', 'login', `s-${a}-${day}`, 'Mozilla/5.0 (X11; Linux x86_64)'];
      }
    }
  }
}

const WIDE = process.env.WIDE === '1';

async function writeFile() {
  const out = createWriteStream(csv);
  out.write('timestamp,account,ip,country,event,session_id,user_agent\n');
  let buf = '';
  for (const r of WIDE ? wideRows() : rows()) {
    buf += `${r.join(',')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/**
 * The raw insert, into a plain database, or (`encrypted`) into one with the app's page cipher
 * (SQLCipher 4 through applyKey, the same raw-key form and cache size as openDatabase): what the
 * encryption alone costs a plain insert, so that the import's ratio can be read against either.
 */
function rawInsert(encrypted = false): number {
  const db = new Database(join(dir, encrypted ? 'raw-encrypted.db' : 'raw.db'));
  if (encrypted) {
    applyKey(db, { dbKeyHex: randomBytes(32).toString('hex') });
    db.pragma('cache_size = -131072');
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE login_events (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, import_id INTEGER NOT NULL, line INTEGER NOT NULL, ts INTEGER NOT NULL,
    account TEXT NOT NULL, ip TEXT NOT NULL, country TEXT, country_source TEXT, event TEXT, session_id TEXT, user_agent TEXT) STRICT`);
  const data = [...rows()];
  const ins = db.prepare('INSERT INTO login_events (case_id, import_id, line, ts, account, ip, country, country_source, event, session_id, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const ms = time(() =>
    db.transaction(() => {
      data.forEach((r, i) => ins.run(1, 1, i + 2, Date.parse(r[0]), r[1], r[2], r[3] || null, r[3] ? 'record' : null, r[4], r[5], r[6]));
    })(),
  );
  db.close();
  return ms;
}

async function main() {
  console.log(`generating ${N.toLocaleString('en')} login events…`);
  await writeFile();
  console.log(`file: ${(statSync(csv).size / 1e6).toFixed(1)} MB`);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const core = openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK, ...(process.env.BUNDLED_WORKER && { activityWorker: pathToFileURL(process.env.BUNDLED_WORKER) }) });
  signIn(core.db, 'Bench Officer', 'officer');
  core.ctx.actor = { name: 'Bench Officer', role: 'officer' };
  const c = createCase(core.db, 'Bench Officer', { title: 'Bench', summary: '', priority: 'medium', assignee: '', tags: [] });
  const phases: Record<string, number> = {};
  let started = performance.now();
  let phaseStart = performance.now();
  let phase = '';
  core.ctx.emit = (_e, p) => {
    // BENCH_TRACE=1 prints memory along the way: RSS should level off, not climb with the rows.
    if (process.env.BENCH_TRACE) console.log(`${p.phase} ${p.done}/${p.total ?? '?'}: RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (this thread's heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB) at ${((performance.now() - started) / 1000).toFixed(2)} s`);
    if (p.phase !== phase) {
      const now = performance.now();
      if (phase) phases[phase] = (phases[phase] ?? 0) + now - phaseStart;
      phase = p.phase;
      phaseStart = now;
    }
  };
  // PREVIEW=1: as in the app, the file is previewed first (the import dialog shows its columns),
  // which starts the import's threads; the import is timed from the click on Import. Without it
  // the threads start with the import, as with the command line.
  if (process.env.PREVIEW) {
    const p = await invoke(core.ctx, 'activity.preview', { path: csv });
    if (!p.ok) throw new Error(p.error.message);
    await new Promise((r) => setTimeout(r, 1500));
  }
  started = performance.now();
  // ZONE: the officer names the subject's claimed time zone, and WP-01 reads the hours in it.
  const r = await invoke(core.ctx, 'activity.import', { number: c.number, path: csv, ...(process.env.ZONE && { zone: process.env.ZONE }) });
  const importMs = performance.now() - started;
  phases[phase] = (phases[phase] ?? 0) + performance.now() - phaseStart;
  if (!r.ok) throw new Error(r.error.message);
  const v = r.value as ImportResult;
  const peakImport = process.resourceUsage().maxRSS * 1024;
  core.close();
  console.log(`imported ${v.events.toLocaleString('en')} events, ${v.accounts} accounts, ${v.findings.length} findings`);
  console.log(`phases: ${Object.entries(phases).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  if (WIDE) {
    // Memory only: the raw baselines would hold every row in this process.
    console.log(`RESULT ${JSON.stringify({ events: N, importMs, rawMs: 0, rawEncMs: 0, peakMb: peakImport / 1e6, beforeMb: rssBefore / 1e6, fileMb: statSync(csv).size / 1e6 })}`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const rawMs = rawInsert();
  console.log(`raw better-sqlite3 insert of the same rows (no indexes, one transaction): ${(rawMs / 1000).toFixed(2)} s`);
  const rawEncMs = rawInsert(true);
  console.log(`the same into an encrypted database (SQLCipher 4, the app's settings): ${(rawEncMs / 1000).toFixed(2)} s`);
  console.log(`RESULT ${JSON.stringify({ events: N, importMs, rawMs, rawEncMs, peakMb: peakImport / 1e6, beforeMb: rssBefore / 1e6, fileMb: statSync(csv).size / 1e6 })}`);
  rmSync(dir, { recursive: true, force: true });
}

type Result = { events: number; importMs: number; rawMs: number; rawEncMs: number; peakMb: number; beforeMb: number; fileMb: number };

/** Runs this file again in a fresh process with `events` events and returns its measurements. */
function child(events: number, zone = '', wide = false, shape = '', preview = true): Result {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url)], { env: { ...process.env, EVENTS: String(events), BENCH_CHILD: '1', ZONE: zone, WIDE: wide ? '1' : '', SHAPE: shape, PREVIEW: preview ? '1' : '' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const label = `${events.toLocaleString('en')}${zone ? `, zone ${zone}` : ''}${shape === 'company' ? ', a company-wide export' : wide ? ', a new address per row' : ''}${preview ? '' : ', threads started by the import'}`;
  process.stdout.write(r.stdout.split('\n').filter((l) => l && !l.startsWith('RESULT ')).map((l) => `  [${label}] ${l}\n`).join(''));
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`the ${events}-event run failed: ${r.stderr}`);
  return JSON.parse(line.slice(7)) as Result;
}

/**
 * NA-04's look-up against a large range list (cloud providers publish tens of thousands of
 * blocks): 100,000 ranges, 100,000 addresses; the baseline is trying every range with ipaddr.js.
 */
function rangeLookup() {
  const r = seededRandom(3);
  const octet = () => Math.floor(r() * 256);
  const lines = Array.from({ length: 100_000 }, () => `${10 + Math.floor(r() * 200)}.${octet()}.${octet()}.0/${[16, 20, 24, 28, 32][Math.floor(r() * 5)]}`);
  const list = join(dir, 'ranges.txt');
  writeFileSync(list, lines.join('\n'));
  const core = openCore({ dbFile: join(dir, 'ranges.db'), unlock: TEST_UNLOCK });
  importCidrList(core.db, 'Bench Officer', 'Cloud', 'hosting', list);
  let match: (ip: string) => unknown = () => null;
  const buildMs = time(() => (match = rangeMatcher(core.db)));
  const ips = Array.from({ length: 100_000 }, () => `${10 + Math.floor(r() * 200)}.${octet()}.${octet()}.${octet()}`);
  let hits = 0;
  const lookMs = time(() => {
    for (const ip of ips) if (match(ip)) hits++;
  });
  const ranges = (core.db.prepare('SELECT cidr FROM cidr_ranges').pluck().all() as string[]).map((c) => ipaddr.parseCIDR(c));
  const sample = ips.slice(0, 200);
  const scanMs = time(() => {
    for (const ip of sample) {
      const a = ipaddr.parse(ip);
      ranges.some((range) => range[0].kind() === a.kind() && a.match(range));
    }
  });
  core.close();
  rmSync(dir, { recursive: true, force: true });
  const us = (lookMs * 1000) / ips.length;
  const scanUs = (scanMs * 1000) / sample.length;
  report('NA-04 look-up among 100,000 ranges', `${us.toFixed(1)} µs per address (${hits} of 100,000 in a range; index built in ${buildMs.toFixed(0)} ms); trying every range: ${(scanUs / 1000).toFixed(1)} ms per address`, us < 50, 'under 50 µs');
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/**
 * Peak memory against the number of rows and of distinct addresses (300 accounts, 5,000 session
 * ids, an address per row: a million distinct from 1M rows on), at 250k, 1M and 5M rows.
 */
function wideMemory() {
  const sizes = (process.env.WIDE_SIZES ?? '250000,1000000,5000000').split(',').map(Number);
  const runs = sizes.map((n) => {
    const before = load();
    const r = child(n, '', true);
    console.log(`  ${n.toLocaleString('en')} rows: peak RSS ${r.peakMb.toFixed(0)} MB, import ${(r.importMs / 1000).toFixed(1)} s (load average before ${before}, after ${load()})`);
    return r;
  });
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  report(
    `peak RSS, a new address per row, ${sizes.map((n) => n.toLocaleString('en')).join(' → ')} rows`,
    runs.map((r) => `${r.peakMb.toFixed(0)} MB`).join(' → '),
    last.peakMb - first.peakMb < 0.1 * first.peakMb,
    `goal: flat — ${(last.events / first.events).toFixed(0)}× the rows, under 10% more peak memory`,
  );
  // From 1M rows on the file holds all of its million addresses: more rows, the same addresses.
  const from = runs.findIndex((r) => r.events >= 1_000_000);
  if (from >= 0 && from < runs.length - 1) {
    const a = runs[from]!;
    report(
      `peak RSS, the same million addresses, ${a.events.toLocaleString('en')} → ${last.events.toLocaleString('en')} rows`,
      `${a.peakMb.toFixed(0)} MB → ${last.peakMb.toFixed(0)} MB`,
      last.peakMb - a.peakMb < 0.1 * a.peakMb,
      `goal: flat — ${(last.events / a.events).toFixed(0)}× the rows, under 10% more peak memory`,
    );
  }
}

/**
 * A company-wide export (20,000 accounts, a session each per working day; a week of sessions open
 * at once from 700,000 rows on): peak memory at 1M and 3M rows (10 and 30 days), and the import's
 * time.
 */
function companyMemory() {
  const runs = [1_000_000, 3_000_000].map((n) => {
    const before = load();
    const r = child(n, '', true, 'company');
    console.log(`  ${n.toLocaleString('en')} rows: peak RSS ${r.peakMb.toFixed(0)} MB, import ${(r.importMs / 1000).toFixed(1)} s (load average before ${before}, after ${load()})`);
    return r;
  });
  const [a, b] = runs as [Result, Result];
  report(
    'peak RSS, a company-wide export (20,000 accounts), 1,000,000 → 3,000,000 rows',
    `${a.peakMb.toFixed(0)} MB → ${b.peakMb.toFixed(0)} MB (import ${(a.importMs / 1000).toFixed(1)} s → ${(b.importMs / 1000).toFixed(1)} s)`,
    b.peakMb - a.peakMb < 0.1 * a.peakMb,
    'goal: flat — three times the rows, under 10% more peak memory',
  );
}

function compare() {
  if (process.env.WIDE_ONLY) return wideMemory();
  if (process.env.COMPANY_ONLY) return companyMemory();
  rangeLookup();
  const small = child(FULL / 4);
  const full = child(FULL);
  const zoned = child(FULL, 'America/New_York');
  const cold = child(FULL, '', false, '', false);
  report('import + analysis, 1M events (after the preview, as in the app)', `${(full.importMs / 1000).toFixed(2)} s`, full.importMs < 8000, 'goal < 8 s');
  report(
    'the same with the import starting its threads (the command line)',
    `${(cold.importMs / 1000).toFixed(2)} s, ${(cold.importMs / cold.rawMs).toFixed(2)}× the plain raw insert`,
    cold.importMs < 8000 && cold.importMs <= 2.5 * cold.rawMs,
    'goal < 8 s and ≤ 2.5×',
  );
  report('ratio to raw insert', `${(full.importMs / full.rawMs).toFixed(2)}×`, full.importMs <= 2.5 * full.rawMs, 'goal ≤ 2.5×');
  report('ratio to raw insert into an encrypted database', `${(full.importMs / full.rawEncMs).toFixed(2)}× (that insert is ${(full.rawEncMs / full.rawMs).toFixed(2)}× the plain one)`, full.importMs <= 2.5 * full.rawEncMs, 'goal ≤ 2.5×');
  report('the same with a claimed time zone (WP-01 on)', `${(zoned.importMs / 1000).toFixed(2)} s, ${(zoned.importMs / zoned.rawMs).toFixed(2)}× (encrypted raw: ${(zoned.importMs / zoned.rawEncMs).toFixed(2)}×)`, zoned.importMs < 8000 && zoned.importMs <= 2.5 * zoned.rawMs, 'goal < 8 s and ≤ 2.5×');
  const grew = full.peakMb - small.peakMb;
  report(
    'peak RSS, 250k → 1M events',
    `${small.peakMb.toFixed(0)} MB → ${full.peakMb.toFixed(0)} MB (${grew >= 0 ? '+' : ''}${grew.toFixed(0)} MB for ${(full.fileMb - small.fileMb).toFixed(0)} MB more file)`,
    grew < 0.1 * small.peakMb,
    'goal: flat — four times the rows, under 10% more peak memory',
  );
  wideMemory();
  companyMemory();
}


if (process.env.BENCH_CHILD || process.env.EVENTS) await main();
else compare();
