import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-journal-cli-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, '--user', 'Ada Analyst', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
};

describe('the journal from the command line', { timeout: 60_000 }, () => {
  let number = '';
  beforeAll(() => {
    expect(cli('users', 'add', 'Ada Analyst', '--role', 'officer').code).toBe(0);
    number = cli('cases', 'create', '--title', 'Journal case').json().number;
  }, 60_000);

  it('adds and lists timeline entries oldest first as at, kind, text, source', () => {
    expect(cli('evidence', 'note', number, '--title', 'HR file', '--text', 'offer letter').code).toBe(0);
    const added = cli('timeline', 'add', number, '--at', '2020-01-15T09:30:00+09:00', '--text', 'Offer letter signed', '--exhibit', 'E-001');
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ at: '2020-01-15T00:30:00.000Z', exhibits: ['E-001'] });
    const list = cli('timeline', number);
    expect(list.code).toBe(0);
    const entries = list.json();
    expect(entries[0]).toEqual({ at: '2020-01-15T00:30:00.000Z', kind: 'officer', text: 'Offer letter signed', source: 'entry 1' });
    expect(Object.keys(entries[1]).sort()).toEqual(['at', 'kind', 'source', 'text']);
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['officer', 'status', 'evidence']);
    const bad = cli('timeline', 'add', number, '--at', '2020-01-15T09:30', '--text', 'No zone');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/needs its zone/);
  });

  it('adds and lists notes; cases list --search finds their words', () => {
    expect(cli('notes', 'add', number, '--text', 'The *recruiter* used a Quillfeather address').code).toBe(0);
    expect(cli('notes', 'list', number).json()[0]).toMatchObject({ author: 'Ada Analyst', body: 'The *recruiter* used a Quillfeather address' });
    expect(cli('cases', 'list', '--search', 'Quillfeather').json()).toMatchObject({ total: 1, rows: [{ number }] });
  });

  it('imports identifiers all or nothing, with the bad lines numbered, and exports them', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'dev@example.com\n300.1.1.1\n');
    const r = cli('identifiers', 'import', number, bad);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ added: 0, rejected: [{ line: 2, value: '300.1.1.1', reason: expect.stringMatching(/part above 255/) }], duplicates: [] });
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'kind,value\nemail,dev@example.com\ndevice,C02XK0JHJG5J\n');
    expect(cli('identifiers', 'import', number, good).json()).toEqual({ added: 2, rejected: [], duplicates: [] });
    const out = join(dir, 'out.csv');
    const e = cli('identifiers', 'export', number, '--out', out);
    expect(e.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\r\n').slice(1, 3)).toEqual(['device,C02XK0JHJG5J,,,,,,,not_screened,', 'email,dev@example.com,,,,,,,not_screened,']);
  });
});
