import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { fx, REPO_ROOT } from './paths.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const importSdn = () => core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), comments: fx('sdn_comments.csv'), published: '2026-01-15' });
const importCons = () =>
  core.call('sanctions.import', { list: 'CONS', sdn: fx('cons_prim.csv'), alt: fx('cons_alt.csv'), add: fx('cons_add.csv'), comments: fx('cons_comments.csv'), published: '2026-01-20' });

describe('the whole OFAC list set', () => {
  it('joins sdn_comments.csv to the remarks on ent_num (as written, across rows) and screens its identifiers', async () => {
    const r = await importSdn();
    expect(r).toMatchObject({ list: 'SDN', orphans: { comments: 1 } });
    expect(r.files.comments).toMatch(/^[0-9a-f]{64}$/);
    expect(r.orphanList).toContainEqual({ file: 'comments', line: 3, entNum: 9999, refNum: 0, text: 'Passport 4400009 (Korea, North).' });
    const gim = await core.call('sanctions.entry', { entNum: 1006 });
    expect(gim.remarks).toBe('Digital Currency Address - XBT 1GimSongAeFixtureAddr9xYz; alt. Passport 745600001 (Korea, North).');
    const passport = await core.call('sanctions.screenIdentifier', { value: '745600001' });
    expect(passport.hits[0]).toMatchObject({ list: 'SDN', ent_num: 1006, score: 1 });
    const wallet = await core.call('sanctions.screenIdentifier', { value: '1GimSongAeFixtureAddr9xYz' });
    expect(wallet.hits[0]).toMatchObject({ ent_num: 1006 });
  });

  it('imports the Consolidated list as its own list and screens both, each hit naming its list', async () => {
    await importSdn();
    const cons = await importCons();
    expect(cons).toMatchObject({ list: 'CONS', entries: 3, aliases: 3, addresses: 1, orphans: { alt: 0, add: 0, comments: 0 } });
    const versions = await core.call('sanctions.versions', {});
    expect(versions.map((v) => v.list)).toEqual(['CONS', 'SDN']);

    const bank = await core.call('sanctions.screenName', { name: 'Vostok Fixture Bank' });
    expect(bank.versions.map((v) => v.list)).toEqual(['SDN', 'CONS']);
    expect(bank.hits[0]).toMatchObject({ list: 'CONS', ent_num: 2001, matchedKind: 'aka' });
    expect(bank.hits[0]!.why).toMatch(/^Consolidated \(non-SDN\) list: alias/);
    const pak = await core.call('sanctions.screenName', { name: 'Pak Chol Su' });
    expect(pak.hits[0]).toMatchObject({ list: 'SDN', ent_num: 1001 });
    // The passport number continues in cons_comments.csv ("Pass" + "port 750000001 (Russia).").
    const passport = await core.call('sanctions.screenIdentifier', { value: '750000001' });
    expect(passport.hits[0]).toMatchObject({ list: 'CONS', ent_num: 2002, name: 'SOKOLOV, Ivan Petrovich' });
    expect((await core.call('sanctions.entry', { entNum: 2002 })).identifiers.map((i) => i.kind)).toContain('passport');
  });

  it('a case screening and a re-screen cover both lists and store the list of each hit', async () => {
    await importSdn();
    const c = await core.call('cases.create', { title: 'Vendor paid through a Russian bank' });
    await core.call('subjects.add', { number: c.number, name: 'Eastline Fixture Bank' });
    const first = await core.call('sanctions.screenCase', { number: c.number });
    expect(first.consolidated).toBeNull();
    expect(first.hits).toEqual([]);
    const cons = await importCons();
    const again = await core.call('sanctions.rescreenOpenCases', { version: cons.version });
    expect(again.cases).toHaveLength(1);
    const [latest] = await core.call('sanctions.caseScreenings', { number: c.number });
    expect(latest!.consolidated).toMatchObject({ id: cons.version, list: 'CONS' });
    expect(latest!.version.list).toBe('SDN');
    expect(latest!.hits[0]).toMatchObject({ list: 'CONS', ent_num: 2001, isNew: true });
  });

  it('refuses a file of the wrong shape, naming the file', async () => {
    await expect(core.call('sanctions.import', { list: 'CONS', sdn: fx('cons_alt.csv') })).rejects.toThrow(/cons_prim\.csv .* expected 12 columns, found 5/);
    await expect(core.call('sanctions.import', { sdn: fx('sdn.csv'), comments: fx('alt.csv') })).rejects.toThrow(/sdn_comments\.csv .* expected 2 columns/);
  });

  it('has CLI flags for the comments file and the Consolidated list', () => {
    const dir = core.dir;
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'casebook.mjs'), '--db', join(dir, 'cli.db'), '--user', 'Cli Officer', ...args], { encoding: 'utf8', cwd: dir });
    // A database is started by the first registration; every other command refuses a missing one.
    expect(cli('users', 'add', 'Cli Officer', '--role', 'officer').status).toBe(0);
    const sdn = cli('sanctions', 'import', '--sdn', fx('sdn.csv'), '--comments', fx('sdn_comments.csv'), '--published', '2026-01-15');
    expect(sdn.status, sdn.stderr).toBe(0);
    expect(JSON.parse(sdn.stdout)).toMatchObject({ list: 'SDN', orphans: { comments: 1 } });
    const cons = cli('sanctions', 'import', '--consolidated', '--prim', fx('cons_prim.csv'), '--alt', fx('cons_alt.csv'), '--add', fx('cons_add.csv'), '--comments', fx('cons_comments.csv'));
    expect(cons.status, cons.stderr).toBe(0);
    expect(JSON.parse(cons.stdout)).toMatchObject({ list: 'CONS', entries: 3 });
    const hit = JSON.parse(cli('sanctions', 'screen', '--name', 'Pioneer Fixture Mining').stdout) as { hits: { list: string; ent_num: number }[] };
    expect(hit.hits[0]).toMatchObject({ list: 'CONS', ent_num: 2003 });
    const wrong = cli('sanctions', 'import', '--consolidated', '--sdn', fx('cons_prim.csv'));
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/--consolidated takes --prim/);
  });
});
