import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestDb } from '../helpers/core.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-cli-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
};

describe('the casebook CLI', () => {
  // A database is started by the first registration; every other command refuses a missing one.
  beforeAll(() => expect(cli('users', 'add', 'Ada Analyst', '--role', 'officer').code).toBe(0));

  it('creates, lists, shows and moves cases, JSON on stdout', () => {
    const created = cli('--user', 'Ada Analyst', 'cases', 'create', '--title', 'CLI case', '--priority', 'high', '--tag', 'upwork', '--tag', 'payroll', '--summary', 'From the terminal');
    expect(created.code).toBe(0);
    const c = created.json();
    expect(c).toMatchObject({ id: 1, title: 'CLI case', priority: 'high', tags: ['payroll', 'upwork'], createdBy: 'Ada Analyst' });
    expect(c.number).toMatch(/^CB-\d{4}-0001$/);

    const list = cli('cases', 'list', '--search', 'CLI', '--sort', 'title:desc', '--limit', '5');
    expect(list.code).toBe(0);
    expect(list.json()).toMatchObject({ total: 1, rows: [{ number: c.number }] });

    expect(cli('--user', 'Ada Analyst', 'cases', 'status', c.number, '--to', 'investigating').code).toBe(0);
    const shown = cli('cases', 'show', c.number).json();
    expect(shown.status).toBe('investigating');
    expect(shown.audit.map((e: { action: string }) => e.action)).toEqual(['created', 'status_changed']);
    expect(shown.audit[1].actor).toBe('Ada Analyst');
  });

  it('exits 2 on bad usage or invalid input, with the reason on stderr', () => {
    const noTitle = cli('cases', 'create');
    expect(noTitle.code).toBe(2);
    expect(noTitle.out).toBe('');
    expect(noTitle.err).toMatch(/title/);
    const badSort = cli('cases', 'list', '--sort', 'colour');
    expect(badSort.code).toBe(2);
    expect(badSort.err).toMatch(/--sort must be one of/);
    const badFlag = cli('cases', 'list', '--bogus');
    expect(badFlag.code).toBe(2);
    const badMove = cli('cases', 'status', 'CB-2020-0001', '--to', 'closed');
    expect(badMove.code).toBe(2);
    expect(badMove.err).toMatch(/There is no case CB-2020-0001/);
    expect(cli('frobnicate').code).toBe(2);
  });

  it('verifies the audit chain: exit 0 when intact, 1 naming the broken event', () => {
    const ok = cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, events: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const raw = openTestDb(db);
    raw.exec("DROP TRIGGER audit_no_update; UPDATE audit_events SET actor = 'Mallory' WHERE seq = 2;");
    raw.close();
    const broken = cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.json()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('seeds realistic cases for demos', () => {
    const seeded = cli('--user', 'Ada Analyst', 'seed', '--cases', '200');
    expect(seeded.code).toBe(0);
    const list = cli('cases', 'list', '--status', 'closed', '--limit', '3').json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.rows[0].status).toBe('closed');
  });
});
