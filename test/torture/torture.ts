// The torture run: SIGKILLs the CLI at random moments during each write-heavy command, then checks
// that the database is intact (PRAGMA integrity_check), the audit chain verifies, no import is half
// written, and that `verify` reports what the kills left behind and `verify --repair` removes it.
// `npm run torture` runs 50 kills; the test suite runs a short version (test/torture/torture.test.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { invoke } from '../../electron/core/api.ts';
import { openCore, type Unlock } from '../../electron/core/app.ts';

const root = resolve(import.meta.dirname, '../..');
const PASSPHRASE = 'torture passphrase: correct horse battery staple';
const UNLOCK: Unlock = { passphrase: PASSPHRASE, kdf: 'test-only-fast' };
const ENV = { ...process.env, CASEBOOK_PASSPHRASE: PASSPHRASE, CASEBOOK_TEST_FAST_KDF: '1', CASEBOOK_LOG_SLOW: '0' };

type Run = { code: number | null; signal: NodeJS.Signals | null; ms: number; out: string; err: string };

function cli(dbFile: string, args: string[], killAfterMs?: number): Promise<Run> {
  return new Promise((done) => {
    const start = Date.now();
    const p = spawn(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', dbFile, '--user', 'Tess Torture', ...args], { cwd: root, env: ENV });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const timer = killAfterMs === undefined ? null : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, ms: Date.now() - start, out, err });
    });
  });
}

/** Login records: `rows` rows over a few accounts and addresses, unique per run (the same file twice is refused). */
function loginLog(path: string, rows: number, salt: number): void {
  const lines = ['account,timestamp,ip,country'];
  const t0 = Date.UTC(2024, 0, 1) + salt * 1000;
  for (let i = 0; i < rows; i++) {
    lines.push(`user${i % 40}@example.com,${new Date(t0 + i * 61_000).toISOString()},198.51.${(i >> 8) & 255}.${i & 255},${i % 97 === 0 ? 'KP' : 'US'}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function ledger(path: string, rows: number, salt: number): void {
  const lines = ['date,amount,currency,rail,payee,reference'];
  for (let i = 0; i < rows; i++) lines.push(`2025-0${1 + (i % 9)}-1${i % 9},${100 + (i % 900)}.${String(i % 100).padStart(2, '0')},USD,wire,Payee ${i % 50},run ${salt} row ${i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const dirBytes = (dir: string): number => {
  let n = 0;
  try {
    for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) if (d.isFile()) n += statSync(join(d.parentPath, d.name)).size;
  } catch {
    // no folder yet
  }
  return n;
};

/** Checks the database as it is now, through the core (as the app opens it). */
async function check(dbFile: string): Promise<{ integrity: string; audit: boolean; halfImports: number }> {
  const core = openCore({ dbFile, unlock: UNLOCK, actorName: 'Tess Torture' });
  try {
    const integrity = (core.db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
    const audit = await invoke(core.ctx, 'audit.verify', {});
    const half =
      (core.db.prepare(`SELECT count(*) FROM payment_imports pi WHERE pi.rows <> (SELECT count(*) FROM payments p WHERE p.import_id = pi.id)`).pluck().get() as number) +
      (core.db.prepare(`SELECT count(*) FROM exhibits e WHERE e.title LIKE 'Payment ledger:%' AND NOT EXISTS (SELECT 1 FROM payment_imports pi WHERE pi.exhibit_ref = e.number AND pi.case_id = e.case_id)`).pluck().get() as number) +
      (core.db.prepare(`SELECT count(*) FROM activity_imports ai WHERE ai.sha256 LIKE 'pending:%' OR ai.events <> (SELECT count(*) FROM login_events le WHERE le.import_id = ai.id)`).pluck().get() as number);
    return { integrity, audit: audit.ok && (audit.value as { ok: boolean }).ok, halfImports: half };
  } finally {
    core.close();
  }
}

export type TortureFigures = {
  runs: number;
  killedMidway: number;
  finishedBeforeKill: number;
  /** Runs that ended by themselves with an error (not killed): each is a failure. */
  unexpectedExits: number;
  byCommand: Record<string, { runs: number; killed: number }>;
  integrityFailures: number;
  auditFailures: number;
  halfImports: number;
  orphansBeforeRepair: { count: number; bytes: number };
  evidenceBytesBeforeRepair: number;
  orphansAfterRepair: number;
  verifyExitAfterRepair: number | null;
};

export async function torture(options: { runs: number; logRows?: number; seed?: number; log?: (s: string) => void }): Promise<TortureFigures> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'casebook-torture-'));
  const dbFile = join(dir, 'data', 'casebook.db');
  let seed = options.seed ?? Date.now() % 100_000;
  const random = () => {
    // A small deterministic generator, so that a failing run can be repeated with its seed.
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  log(`seed ${options.seed ?? '(time)'}; data in ${dir}`);
  try {
    const first = await cli(dbFile, ['login', 'Tess Torture', '--role', 'officer']);
    if (first.code !== 0) throw new Error(`login failed: ${first.err}`);
    const number = JSON.parse((await cli(dbFile, ['cases', 'create', '--title', 'Torture'])).out).number as string;
    const logRows = options.logRows ?? 60_000;
    const commands: Record<string, (salt: number) => string[]> = {
      'activity import': (salt) => {
        const f = join(dir, `log-${salt}.csv`);
        loginLog(f, logRows, salt);
        return ['activity', 'import', number, f];
      },
      'payments import': (salt) => {
        const f = join(dir, `ledger-${salt}.csv`);
        ledger(f, 3000, salt);
        return ['payments', 'import', number, f];
      },
      'evidence add': (salt) => {
        const f = join(dir, `exhibit-${salt}.bin`);
        writeFileSync(f, randomBytes(16 << 20));
        return ['evidence', 'add', number, f, '--title', `Exhibit ${salt}`];
      },
    };
    // How long each command takes unharmed: the kills land anywhere from its start to its end.
    const duration: Record<string, number> = {};
    for (const [name, make] of Object.entries(commands)) {
      const r = await cli(dbFile, make(-1 - Object.keys(duration).length));
      if (r.code !== 0) throw new Error(`${name} failed unharmed: ${r.err}`);
      duration[name] = r.ms;
      log(`${name}: ${r.ms} ms unharmed`);
    }
    const figures: TortureFigures = {
      runs: 0, killedMidway: 0, finishedBeforeKill: 0, unexpectedExits: 0, byCommand: {}, integrityFailures: 0, auditFailures: 0, halfImports: 0,
      orphansBeforeRepair: { count: 0, bytes: 0 }, evidenceBytesBeforeRepair: 0, orphansAfterRepair: 0, verifyExitAfterRepair: null,
    };
    const names = Object.keys(commands);
    for (let i = 0; i < options.runs; i++) {
      const name = names[i % names.length]!;
      const at = Math.round(random() * duration[name]!);
      const r = await cli(dbFile, commands[name]!(i), at);
      const killed = r.signal === 'SIGKILL';
      figures.runs++;
      figures.byCommand[name] ??= { runs: 0, killed: 0 };
      figures.byCommand[name].runs++;
      if (killed) {
        figures.killedMidway++;
        figures.byCommand[name].killed++;
      } else {
        figures.finishedBeforeKill++;
        if (r.code !== 0) {
          figures.unexpectedExits++;
          log(`  ${name} failed by itself: ${r.err.slice(0, 500)}`);
        }
      }
      const c = await check(dbFile);
      if (c.integrity !== 'ok') figures.integrityFailures++;
      if (!c.audit) figures.auditFailures++;
      figures.halfImports += c.halfImports;
      log(`run ${i + 1}/${options.runs}: ${name}, kill at ${at} ms: ${killed ? 'killed' : `finished (exit ${r.code})`}; integrity ${c.integrity}, audit ${c.audit ? 'ok' : 'BROKEN'}, half imports ${c.halfImports}`);
    }
    // What the kills left, as `verify` sees it once the killed processes' files are old (10 minutes
    // later: files younger than that are treated as in use and kept).
    const evidenceDir = join(dir, 'data', 'evidence');
    figures.evidenceBytesBeforeRepair = dirBytes(evidenceDir);
    const past = (Date.now() - 11 * 60_000) / 1000;
    for (const d of readdirSync(join(dir, 'data'), { withFileTypes: true, recursive: true })) if (d.isFile()) utimesSync(join(d.parentPath, d.name), past, past);
    const before = await cli(dbFile, ['verify']);
    const parse = <T>(r: Run): T => {
      try {
        return JSON.parse(r.out) as T;
      } catch {
        throw new Error(`verify printed no result (exit ${r.code}): ${r.err.slice(0, 1000)}`);
      }
    };
    const report = parse<{ orphans: { count: number; bytes: number } }>(before);
    figures.orphansBeforeRepair = { count: report.orphans.count, bytes: report.orphans.bytes };
    const repaired = await cli(dbFile, ['verify', '--repair']);
    if (repaired.code !== 0) log(`verify --repair: exit ${repaired.code} ${repaired.err}${repaired.out.slice(0, 2000)}`);
    const after = await cli(dbFile, ['verify']);
    figures.verifyExitAfterRepair = after.code;
    figures.orphansAfterRepair = parse<{ orphans: { count: number } }>(after).orphans.count;
    const last = await check(dbFile);
    if (last.integrity !== 'ok') figures.integrityFailures++;
    if (!last.audit) figures.auditFailures++;
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 50);
  const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const f = await torture({ runs, ...(seed !== undefined && { seed }), log: (s) => console.log(s) });
  console.log('\nTorture figures');
  console.log(`  runs: ${f.runs} (killed mid-command: ${f.killedMidway}, finished before the kill: ${f.finishedBeforeKill})`);
  for (const [name, c] of Object.entries(f.byCommand)) console.log(`    ${name}: ${c.runs} runs, ${c.killed} killed`);
  console.log(`  commands that failed by themselves: ${f.unexpectedExits}`);
  console.log(`  integrity_check failures: ${f.integrityFailures}`);
  console.log(`  audit chain failures: ${f.auditFailures}`);
  console.log(`  half-written imports: ${f.halfImports}`);
  console.log(`  left behind before repair: ${f.orphansBeforeRepair.count} file(s), ${(f.orphansBeforeRepair.bytes / 2 ** 20).toFixed(1)} MiB of ${(f.evidenceBytesBeforeRepair / 2 ** 20).toFixed(1)} MiB in the evidence folder`);
  console.log(`  left behind after verify --repair: ${f.orphansAfterRepair} (verify exit ${f.verifyExitAfterRepair})`);
  const failed = f.unexpectedExits + f.integrityFailures + f.auditFailures + f.halfImports + f.orphansAfterRepair + (f.verifyExitAfterRepair === 0 ? 0 : 1);
  console.log(failed ? `\nFAILED (${failed})` : '\nOK');
  process.exitCode = failed ? 1 : 0;
}
