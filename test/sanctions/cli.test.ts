import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fx, REPO_ROOT } from './paths.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'casebook-sanctions-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'casebook.mjs'), '--db', join(dir, 'c.db'), '--user', 'Cli Officer', ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
};

describe('casebook sanctions (subprocess)', () => {
  // A database is started by the first registration; every other command refuses a missing one.
  beforeEach(() => expect(cli('users', 'add', 'Cli Officer', '--role', 'officer').code).toBe(0));

  it('imports, lists versions, screens names, identifiers and a file', () => {
    const imp = cli('sanctions', 'import', '--sdn', fx('sdn.csv'), '--alt', fx('alt.csv'), '--add', fx('add.csv'), '--published', '2026-01-15');
    expect(imp.code, imp.err).toBe(0);
    expect(imp.json()).toMatchObject({ version: 1, entries: 13, aliases: 7, addresses: 3, orphans: { alt: 2, add: 1 } });
    expect(imp.json().identifiers).toBeGreaterThan(0);
    expect(imp.json().orphanList).toHaveLength(3);

    const versions = cli('sanctions', 'versions');
    expect(versions.json()).toHaveLength(1);

    const byName = cli('sanctions', 'screen', '--name', 'Sang-man Kim');
    expect(byName.code).toBe(0);
    expect(byName.json().hits).toEqual([]);
    const pak = cli('sanctions', 'screen', '--name', 'Cholsu Park', '--type', 'individual', '--limit', '5').json();
    expect(pak.version).toEqual({ id: 1, published: '2026-01-15', list: 'SDN' });
    expect(pak.hits[0].list).toBe('SDN');
    expect(pak.hits[0]).toMatchObject({ ent_num: 1001, name: 'PAK, Chol Su', score: 1 });
    expect(typeof pak.hits[0].why).toBe('string');

    const wallet = cli('sanctions', 'screen', '--identifier', '0XABCDEF0123456789ABCDEF0123456789ABCDEF01').json();
    expect(wallet.hits[0]).toMatchObject({ ent_num: 1001, score: 1 });

    writeFileSync(join(dir, 'in.csv'), 'name,passport\nChol Su Pak,\nNobody Here,912345678\nAda Lovelace,\n');
    const batch = cli('sanctions', 'screen-file', 'in.csv', '--out', 'out.csv');
    expect(batch.code, batch.err).toBe(0);
    expect(batch.json()).toMatchObject({ rows: 3, rowsWithHits: 2 });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').split('\r\n')[0]).toMatch(/^row,ref,name,/);

    const kase = cli('cases', 'create', '--title', 'Applicant check').json().number as string;
    expect(cli('subjects', 'add', kase, '--name', 'Pak Chol Su').code).toBe(0);
    const screened = cli('sanctions', 'screen-case', kase);
    expect(screened.code, screened.err).toBe(0);
    const hit = screened.json().hits[0];
    expect(hit).toMatchObject({ ent_num: 1001, status: 'open' });
    const confirmed = cli('sanctions', 'confirm', kase, String(hit.id), '--reason', 'Same person.');
    expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
    // A dozen subprocesses, each starting tsx: slow on a busy machine, so a generous limit.
  }, 180_000);

  it('exits 2 with a reason on a bad file or bad usage', () => {
    writeFileSync(join(dir, 'bad.csv'), 'just,some,columns\r\n');
    const bad = cli('sanctions', 'import', '--sdn', 'bad.csv');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err).error.message).toContain('at line 1: expected 12 columns, found 3');
    expect(cli('sanctions', 'screen', '--name', 'x', '--type', 'ship').code).toBe(2);
    expect(cli('sanctions', 'screen').code).toBe(2);
    expect(cli('sanctions', 'import').code).toBe(2);
  }, 120_000);
});
