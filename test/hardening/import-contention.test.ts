// A large login import does not hold the database for the whole file: it is staged in short
// transactions and made visible in one short final write, so that a command writing from another
// process meanwhile goes through instead of failing with "database is locked" after the busy
// timeout.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_UNLOCK } from '../helpers/core.ts';
import { openCore } from '../../electron/core/app.ts';
import { invoke } from '../../electron/core/api.ts';
import { listImports } from '../../electron/core/activity/import.ts';
import { caseHeatmap } from '../../electron/core/activity/heatmap.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-contention-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, '--user', 'Hana Officer', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const ROWS = 1_000_000;

async function writeLog(path: string) {
  const out = createWriteStream(path);
  out.write('timestamp,account,ip,country\n');
  const start = Date.parse('2024-01-01T00:00:00Z');
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    buf += `${new Date(start + i * 60_000).toISOString()},user${i % 50}@example.com,198.51.100.${i % 200},US\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a large login import and another process writing', { timeout: 600_000 }, () => {
  // Shared by both tests: the acting user and the log.
  beforeAll(async () => {
    expect(cli('users', 'add', 'Hana Officer', '--role', 'officer').code).toBe(0);
    await writeLog(join(dir, 'logins.csv'));
  }, 600_000);
  it('lets `cases create` from another process through while the import is staged, and the import still completes', async () => {
    const made = cli('cases', 'create', '--title', 'Imported into');
    expect(made.code, made.err).toBe(0);
    const number = (JSON.parse(made.out) as { number: string }).number;
    const log = join(dir, 'logins.csv');

    // Opened (key derived, schema checked) before the import starts: only the write happens during it.
    const core = openCore({ dbFile: db, unlock: TEST_UNLOCK, actorName: 'Hana Officer' });
    const importing = spawn(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, '--user', 'Hana Officer', 'activity', 'import', number, log], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    importing.stderr.on('data', (d) => (err += d));
    const exited = once(importing, 'exit');

    // Wait until the import is staged part-way: its record is 'staging' and some of its rows are in.
    const reader = openTestDb(db, { readonly: true });
    const staged = () =>
      reader.prepare("SELECT (SELECT count(*) FROM login_events e WHERE e.import_id = i.id) FROM activity_imports i WHERE i.state = 'staging'").pluck().get() as number | undefined;
    let rows = 0;
    for (let i = 0; i < 1200 && importing.exitCode === null; i++) {
      rows = staged() ?? 0;
      if (rows > 0) break;
      await sleep(100);
    }
    expect(rows, `the import never started staging: ${err}`).toBeGreaterThan(0);
    expect(rows).toBeLessThan(ROWS);

    // This process (not the importing one) writes now, through the same calls the app makes: it
    // goes through (on the old code it waited 5 s and failed with "database is locked").
    try {
      const other = await invoke(core.ctx, 'cases.create', { title: 'Made during the import' });
      expect(other.ok, other.ok ? '' : other.error.message).toBe(true);
    } finally {
      core.close();
    }
    // …while the import was still staged (not after it had finished): nobody else sees its rows yet.
    const stillStaged = staged();
    const visible = reader.prepare("SELECT count(*) FROM activity_imports WHERE case_id = (SELECT id FROM cases WHERE number = ?) AND state = 'done'").pluck().get(number) as number;
    reader.close();
    expect(stillStaged, 'the other command got its turn only after the import had left staging').toBeDefined();
    expect(visible).toBe(0);

    const [code] = await exited;
    expect(code, err).toBe(0);
    const check = openTestDb(db, { readonly: true });
    try {
      expect(check.prepare("SELECT events, state FROM activity_imports").all()).toEqual([{ events: ROWS, state: 'done' }]);
      expect(check.prepare('SELECT count(*) FROM login_events').pluck().get()).toBe(ROWS);
      // The address index holds the import's entries (50 accounts on 200 addresses), under its id.
      expect(check.prepare('SELECT count(*) FROM case_ips WHERE import_id = (SELECT id FROM activity_imports)').pluck().get()).toBeGreaterThan(0);
      expect(check.prepare('SELECT title FROM cases ORDER BY id').pluck().all()).toEqual(['Imported into', 'Made during the import']);
    } finally {
      check.close();
    }
    const audit = cli('audit', 'verify');
    expect(audit.code, audit.err).toBe(0);
  });

  it('removes what an import killed while staged left behind when Casebook next opens the database, and nobody sees it meanwhile', async () => {
    const made = cli('cases', 'create', '--title', 'Killed import');
    const number = (JSON.parse(made.out) as { number: string }).number;
    const log = join(dir, 'logins.csv');
    const importing = spawn(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, '--user', 'Hana Officer', 'activity', 'import', number, log], { cwd: root, stdio: 'ignore' });
    const exited = once(importing, 'exit');
    const reader = openTestDb(db, { readonly: true });
    const staged = () => reader.prepare("SELECT (SELECT count(*) FROM login_events e WHERE e.import_id = i.id) FROM activity_imports i WHERE i.state = 'staging'").pluck().get() as number | undefined;
    for (let i = 0; i < 1200 && !((staged() ?? 0) > 0); i++) await sleep(100);
    importing.kill('SIGKILL');
    await exited;
    const left = staged() ?? 0;
    expect(left).toBeGreaterThan(0);
    // Not listed, not in the heat map.
    expect(listImports(reader, number)).toEqual([]);
    expect(caseHeatmap(reader, (reader.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(number) as number)).total).toBe(0);
    reader.close();
    // The next command (an import of a small file) opens the database and removes the abandoned one first.
    const small = join(dir, 'small.csv');
    const w = createWriteStream(small);
    w.end('timestamp,account,ip\n2024-05-01T00:00:00Z,ann@example.com,192.0.2.1\n');
    await once(w, 'finish');
    const r = cli('activity', 'import', number, small);
    expect(r.code, r.err).toBe(0);
    const check = openTestDb(db, { readonly: true });
    try {
      expect(check.prepare("SELECT count(*) FROM activity_imports WHERE state = 'staging'").pluck().get()).toBe(0);
      // No entry of the removed import is left in the address index.
      expect(check.prepare('SELECT count(*) FROM case_ips WHERE import_id NOT IN (SELECT id FROM activity_imports)').pluck().get()).toBe(0);
      expect(check.prepare('SELECT count(*) FROM login_events WHERE case_id = (SELECT id FROM cases WHERE number = ?)').pluck().get(number)).toBe(1);
    } finally {
      check.close();
    }
  });
});
