import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import type { Progress } from '../../shared/contract/index.ts';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import Database from 'better-sqlite3';
import { fx } from './paths.ts';


let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const importFixtures = () => core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });

/** Writes a variant of a fixture into the test's folder. */
const variant = (name: string, content: Buffer | string) => {
  const p = join(core.dir, name);
  writeFileSync(p, content);
  return p;
};

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err as { code: string; message: string });
  expect(e, 'the import should have been refused').not.toBeNull();
  return e!;
};

describe('importing an OFAC list version', () => {
  it('counts entries, aliases, addresses and typed identifiers, and reports orphans by line', async () => {
    const r = await importFixtures();
    expect(r).toMatchObject({ version: 1, published: '2026-01-15', publishedSource: 'entered', entries: 13, addresses: 3, orphans: { alt: 2, add: 1 } });
    // 5 alt.csv aliases of listed entries, plus 2 remark aliases not in alt.csv (the f.k.a. repeated in alt.csv counts once).
    expect(r.aliases).toBe(7);
    expect(r.identifiers).toBeGreaterThan(30);
    expect(r.orphanList).toEqual([
      { file: 'alt', line: 5, entNum: 9999, refNum: 5005, text: 'GHOST ALIAS TRADING' },
      { file: 'alt', line: 7, entNum: 9998, refNum: 5007, text: 'ANOTHER ORPHAN' },
      { file: 'add', line: 3, entNum: 8888, refNum: 6003, text: 'Vladivostok, Russia' },
    ]);
    expect(r.files.sdn).toMatch(/^[0-9a-f]{64}$/);
    const ents = core.db.prepare('SELECT ent_num FROM sanctions_entries ORDER BY ent_num').pluck().all();
    expect(ents).not.toContain(9999);
    expect(ents).not.toContain(8888);
  });

  it('stores -0- as empty, splits programs, and keeps the vessel fields', async () => {
    await importFixtures();
    const vessel = core.db.prepare('SELECT * FROM sanctions_entries WHERE ent_num = 1009').get() as Record<string, unknown>;
    expect(vessel).toMatchObject({ type: 'vessel', call_sign: 'HMFX1', vessel_flag: 'Korea, North', title: null });
    const pak = await core.call('sanctions.entry', { entNum: 1001 });
    expect(pak.programs).toEqual(['DPRK3', 'DPRK4']);
    expect(pak.type).toBe('individual');
    expect(pak.title).toBeNull();
    expect(pak.names.map((n) => n.name)).toEqual(['PAK, Chol Su', 'PARK, Chol-su', 'BAK CHOLSU', 'PARK, Cheol-soo']);
    expect(pak.identifiers.filter((i) => i.kind === 'crypto').map((i) => i.chain)).toEqual(['XBT', 'ETH', 'TRX']);
    expect(pak.addresses).toEqual([{ address: null, city: 'Pyongyang', country: 'Korea, North' }]);
    const entity = await core.call('sanctions.entry', { entNum: 1002 });
    expect(entity.type).toBe('entity');
  });

  it('handles CRLF and the trailing Ctrl-Z, and imports the same rows without them', async () => {
    const raw = readFileSync(fx('sdn.csv'));
    expect(raw.at(-1)).toBe(0x1a);
    expect(raw.includes('\r\n')).toBe(true);
    const lf = variant('sdn-lf.csv', raw.subarray(0, -1).toString('utf8').replaceAll('\r\n', '\n'));
    const a = await core.call('sanctions.import', { sdn: fx('sdn.csv') });
    const b = await core.call('sanctions.import', { sdn: lf });
    expect(b.entries).toBe(a.entries);
    expect(b.identifiers).toBe(a.identifiers);
  });

  it('keeps earlier versions, and refuses the same files twice', async () => {
    await importFixtures();
    const v2 = await core.call('sanctions.import', { sdn: fx('sdn-v2.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-02-01' });
    expect(v2.version).toBe(2);
    const versions = await core.call('sanctions.versions', {});
    expect(versions.map((v) => [v.id, v.published, v.entries])).toEqual([[2, '2026-02-01', 14], [1, '2026-01-15', 13]]);
    const again = await refusal(importFixtures());
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('already imported as list version 1');
    expect((await core.call('sanctions.screenName', { name: 'Kang Sang Man', version: 1 })).hits).toEqual([]);
    expect((await core.call('sanctions.screenName', { name: 'Kang Sang Man' })).hits[0]).toMatchObject({ ent_num: 1014, score: 1 });
  });

  it('takes the file date when no publication date is entered, and audits the import', async () => {
    const r = await core.call('sanctions.import', { sdn: fx('sdn.csv') });
    expect(r.publishedSource).toBe('file-date');
    expect(r.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const audit = core.db.prepare("SELECT actor, action, after FROM audit_events WHERE entity = 'sanctions_list'").all() as { actor: string; action: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'Olivia Officer', action: 'imported' });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ entries: 13, files: { sdn: r.files.sdn } });
    expect((await core.call('audit.verify', {})).ok).toBe(true);
  });

  it('reports progress under the job id', async () => {
    const events: Progress[] = [];
    core.ctx.emit = (_e, p) => events.push(p);
    await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), jobId: 'import-1' });
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.jobId === 'import-1')).toBe(true);
    expect(events.map((e) => e.phase)).toContain('reading');
    expect(events.at(-1)).toMatchObject({ phase: 'done' });
  });

  it('stops on cancel and writes nothing', async () => {
    const pending = core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), jobId: 'import-2' });
    expect(core.ctx.jobs.cancel('import-2')).toBe(true);
    const e = await refusal(pending);
    expect(e.code).toBe('cancelled');
    expect(await core.call('sanctions.versions', {})).toEqual([]);
  });
});

describe('refusing files that are not OFAC CSV', () => {
  const good = () => readFileSync(fx('sdn.csv'));

  it.each([
    ['a wrong column count', () => good().toString('utf8').replace('1004,"O, Myong Hui","individual","DPRK3",', '1004,"O, Myong Hui","individual",'), 'at line 4: expected 12 columns, found 11'],
    [
      'a wrong column count after a quoted line end',
      () => good().toString('utf8').replace('"DOB circa 1975;', '"DOB circa 1975;\r\n').replace('1004,"O, Myong Hui","individual","DPRK3",', '1004,"O, Myong Hui","individual",'),
      'at line 5: expected 12 columns, found 11',
    ],
    ['alt.csv given as sdn.csv', () => readFileSync(fx('alt.csv')), 'at line 1: expected 12 columns, found 5'],
    ['a header row', () => `ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,Remarks\r\n${good().toString('utf8')}`, 'at line 1: the first column (ent_num) must be a number'],
    ['binary content', () => Buffer.concat([good().subarray(0, 400), Buffer.from([0x00, 0x01, 0x02, 0xff]), good().subarray(400)]), 'binary control byte 0x00'],
    ['an empty file', () => '', 'the file is empty'],
    ['a file cut off mid-line', () => good().subarray(0, 1500), 'the last line has no line end, so the file looks truncated'],
    ['an unclosed quote', () => good().toString('utf8').replace('"GIM, Song Ae"', '"GIM, Song Ae'), 'not valid CSV'],
    ['a repeated ent_num', () => good().toString('utf8').replace('1006,"GIM', '1005,"GIM'), 'ent_num 1005 appears twice'],
  ])('refuses %s whole, with line and reason', async (_label, make, reason) => {
    const path = variant('bad.csv', make());
    const e = await refusal(core.call('sanctions.import', { sdn: path, alt: fx('alt.csv'), add: fx('add.csv') }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain(reason);
    expect(e.message).toContain('Nothing was imported');
    expect(await core.call('sanctions.versions', {})).toEqual([]);
    expect(core.db.prepare('SELECT count(*) FROM sanctions_names').pluck().get()).toBe(0);
  });

  it('refuses a bad alt.csv after a good sdn.csv, leaving nothing behind', async () => {
    const alt = variant('alt-bad.csv', readFileSync(fx('alt.csv')).toString('utf8').replace('"aka","BAK CHOLSU"', '"aka"'));
    const e = await refusal(core.call('sanctions.import', { sdn: fx('sdn.csv'), alt }));
    expect(e.message).toMatch(/^alt\.csv .* at line 2: expected 5 columns, found 4/);
    expect(core.db.prepare('SELECT count(*) FROM sanctions_entries').pluck().get()).toBe(0);
  });

  it('refuses a file that does not exist', async () => {
    const e = await refusal(core.call('sanctions.import', { sdn: join(core.dir, 'missing.csv') }));
    expect(e.message).toContain('cannot be read (ENOENT)');
  });
});

describe('migration 004', () => {
  it('creates STRICT tables and looks identifiers up through the index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name LIKE 'sanctions_%' AND type = 'table'").pluck().all().every((s) => s === 1)).toBe(true);
    db.prepare("INSERT INTO sanctions_versions (published, published_source, imported_at, imported_by, sdn_sha256, entries, aliases, addresses, identifiers, orphans_alt, orphans_add) VALUES ('2026-01-01', 'entered', 'now', 'me', 'x', 1, 0, 0, 1, 0, 0)").run();
    db.prepare("INSERT INTO sanctions_identifiers (version_id, norm, ent_num, kind, label, value) VALUES (1, '0xab', 7, 'crypto', 'Digital Currency Address - ETH', '0xAB')").run();
    expect(db.prepare("SELECT ent_num FROM sanctions_identifiers WHERE version_id = 1 AND norm = '0xab'").pluck().get()).toBe(7);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT ent_num FROM sanctions_identifiers WHERE version_id = 1 AND norm IN ('0xab', 'X')").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?(INDEX|PRIMARY KEY)/);
    const vocabPlan = db.prepare("EXPLAIN QUERY PLAN SELECT token FROM sanctions_vocab WHERE version_id = 1 AND len = 5 AND rev >= 'ab' AND rev < 'ac'").all() as { detail: string }[];
    expect(vocabPlan.map((p) => p.detail).join(' ')).toContain('sanctions_vocab_rev');
    db.close();
  });
});
