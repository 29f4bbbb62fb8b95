import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { fx } from './paths.ts';
let core: TestCore;
beforeEach(async () => {
  core = makeTestCore();
  await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
});
afterEach(() => core.cleanup());

const top = async (name: string, extra: { type?: 'individual' | 'entity'; threshold?: number } = {}) => (await core.call('sanctions.screenName', { name, ...extra })).hits[0];

describe('name screening', () => {
  it.each([
    ['Chol Su Pak', 1001, 'words in another order'],
    ['Cholsu Park', 1001, 'Korean name in another romanisation (park = pak)'],
    ['Chol-Su Bak', 1001, 'Korean name in another romanisation (bak = pak)'],
    ['Jong Hyok Lee', 1003, 'words in another order'],
    ['Yi Jonghyok', 1003, 'Korean name in another romanisation (yi = ri)'],
    ['Myong Hui Oh', 1004, 'Korean name in another romanisation (oh = o)'],
    ['Choi Kyong-il', 1005, 'Korean name in another romanisation (choi = choe)'],
    ['Kim Song Ae', 1006, 'Korean name in another romanisation (kim = gim)'],
    ['Chung Un Chol', 1012, 'Korean name in another romanisation (chung = jong)'],
    ['José André Müller', 1007, 'words in another order'],
    ['Sunrise Maritime Limited Liability Company', 1008, 'legal form written another way (limited liability company = llc)'],
    ['Haebit Software Trading Co., Ltd.', 1002, 'legal form written another way'],
    ['Alpha Byte LLC', 1011, 'legal form written another way (llc = limited liability company)'],
  ])('finds "%s" as ent_num %i with score 1 and says why (%s)', async (name, ent, rule) => {
    const hit = await top(name);
    expect(hit).toMatchObject({ ent_num: ent, score: 1 });
    expect(hit!.why).toContain(rule);
  });

  it('finds a listed alias and names it', async () => {
    const hit = await top('Park Cheol-soo');
    expect(hit).toMatchObject({ ent_num: 1001, matched: 'PARK, Cheol-soo', matchedKind: 'aka', score: 1 });
    expect(hit!.why).toMatch(/^alias \(a\.k\.a\.\) "PARK, Cheol-soo"/);
    expect((await top('Chollima General Trading'))).toMatchObject({ ent_num: 1010, matchedKind: 'fka' });
    expect((await top('Yi Jong Hyok'))!.why).toContain('Korean name in another romanisation (yi = ri)');
  });

  it('finds misspellings with a score below 1', async () => {
    const hit = await top('Pakk Chol Su');
    expect(hit!.ent_num).toBe(1001);
    expect(hit!.score).toBeGreaterThan(0.9);
    expect(hit!.score).toBeLessThan(1);
    expect(hit!.why).toContain('spelling variant (pakk = pak)');
    expect((await top('Rhee Jong Hyuk'))!.ent_num).toBe(1003);
  });

  it('finds nothing for unrelated names or a lone surname', async () => {
    for (const name of ['John Smith', 'Kim', 'Acme Widgets Inc', 'Zzyzx']) expect((await core.call('sanctions.screenName', { name })).hits).toEqual([]);
  });

  it('returns hits best first, one per entry, scores within 0..1, naming the list version', async () => {
    const r = await core.call('sanctions.screenName', { name: 'Sang Man', threshold: 0.5 });
    expect(r.version).toEqual({ id: 1, published: '2026-01-15', list: 'SDN' });
    const scores = r.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(r.hits.map((h) => h.ent_num)).size).toBe(r.hits.length);
    for (const s of scores) expect(s >= 0.5 && s <= 1).toBe(true);
  });

  it('filters by type', async () => {
    expect((await top('Northern Star', { type: 'individual' }))).toBeUndefined();
    expect((await top('Northern Star', { type: 'entity' }))!.ent_num).toBe(1009);
    expect((await top('Chol Su Pak', { type: 'entity' }))).toBeUndefined();
  });

  it('uses the threshold setting (default 0.85) and audits a change', async () => {
    expect(await core.call('sanctions.settings', {})).toEqual({ threshold: 0.85 });
    expect((await core.call('sanctions.screenName', { name: 'Pak Chol Sue Kang' })).hits).toEqual([]);
    await core.call('sanctions.setThreshold', { threshold: 0.6 });
    const r = await core.call('sanctions.screenName', { name: 'Pak Chol Sue Kang' });
    expect(r.threshold).toBe(0.6);
    expect(r.hits[0]!.ent_num).toBe(1001);
    const audit = core.db.prepare("SELECT before, after FROM audit_events WHERE entity = 'setting'").get() as { before: string; after: string };
    expect(JSON.parse(audit.before)).toEqual({ threshold: 0.85 });
    expect(JSON.parse(audit.after)).toEqual({ threshold: 0.6 });
  });

  it('treats hostile text as data', async () => {
    for (const name of ["'; DROP TABLE sanctions_names; --", '%_%', '" OR 1=1 --', '<script>alert(1)</script>']) {
      expect((await core.call('sanctions.screenName', { name })).hits).toEqual([]);
    }
    expect(core.db.prepare('SELECT count(*) FROM sanctions_names').pluck().get()).toBeGreaterThan(0);
  });

  it('asks for an import first when no list is there', async () => {
    const empty = makeTestCore();
    try {
      await expect(empty.call('sanctions.screenName', { name: 'x' })).rejects.toThrow(/No sanctions list is imported yet/);
    } finally {
      empty.cleanup();
    }
  });
});

describe('identifier screening', () => {
  it('matches an ETH address in any letter case with score 1', async () => {
    for (const v of ['0xabcdef0123456789abcdef0123456789abcdef01', '0XABCDEF0123456789ABCDEF0123456789ABCDEF01', ' 0xAbCdEf0123456789aBcDeF0123456789AbCdEf01 ']) {
      const r = await core.call('sanctions.screenIdentifier', { value: v });
      expect(r.hits).toHaveLength(1);
      expect(r.hits[0]).toMatchObject({ ent_num: 1001, score: 1, matchedKind: 'identifier', matched: '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01' });
      expect(r.hits[0]!.why).toContain('Digital Currency Address - ETH');
    }
  });

  it('matches a base58 XBT address only as written', async () => {
    expect((await core.call('sanctions.screenIdentifier', { value: '1FixTuReBase58AddrXyZ9aBcDeFgHiJk' })).hits[0]!.ent_num).toBe(1001);
    expect((await core.call('sanctions.screenIdentifier', { value: '1fixturebase58addrxyz9abcdefghijk' })).hits).toEqual([]);
  });

  it('matches documents and registration numbers regardless of spaces and dashes', async () => {
    const cases: [string, number, string][] = [
      ['912 345 678', 1001, 'Passport (Korea, North)'],
      ['81031212345', 1001, 'National ID No. (Korea, North)'],
      ['1101052233', 1002, 'Registration Number (China)'],
      ['91210100ma0fixt01x', 1002, 'Tax ID No. (China)'],
      ['brn 0042', 1005, 'Business Registration Number (Russia)'],
      ['12345678', 1007, 'Cedula No. (Colombia)'],
      ['9123456', 1009, 'Vessel Registration Identification IMO'],
    ];
    for (const [value, ent, label] of cases) {
      const hit = (await core.call('sanctions.screenIdentifier', { value })).hits[0];
      expect(hit, value).toMatchObject({ ent_num: ent, score: 1 });
      expect(hit!.why).toContain(label);
    }
  });

  it('does not match a DOB, a nationality or a near-miss', async () => {
    for (const value of ['12 Mar 1981', 'Korea, North', '91234567', '0xabcdef0123456789abcdef0123456789abcdef02']) {
      expect((await core.call('sanctions.screenIdentifier', { value })).hits, value).toEqual([]);
    }
  });
});

describe('batch screening', () => {
  it('screens a CSV of names and identifiers and exports neutralised CSV', async () => {
    const input = join(core.dir, 'applicants.csv');
    const out = join(core.dir, 'results.csv');
    writeFileSync(input, [
      'ref,name,wallet',
      'A-1,Cholsu Park,',
      'A-2,Jane Doe,0XABCDEF0123456789ABCDEF0123456789ABCDEF01',
      'A-3,"=HYPERLINK(""http://evil.example"",""x"")",',
      'A-4,Ada Lovelace,',
      'A-5,"-Haebit Software Trading Co., Ltd.",',
    ].join('\r\n'));
    const r = await core.call('sanctions.screenFile', { file: input, out });
    expect(r.rows).toBe(5);
    expect(r.rowsWithHits).toBe(3);
    expect(r.results.map((x) => [x.ref, x.hits.map((h) => h.ent_num)])).toEqual([['A-1', [1001]], ['A-2', [1001]], ['A-3', []], ['A-4', []], ['A-5', [1002]]]);
    expect(r.results[1]!.hits[0]!.matchedKind).toBe('identifier');
    const csv = readFileSync(out, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('row,ref,name,identifiers,result,score,ent_num,sdn_name,matched,why,list_version,list_published,list');
    expect(lines).toHaveLength(6);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain(`"'-Haebit Software Trading Co., Ltd."`);
    expect(lines.find((l) => l.startsWith('4,'))).toContain('no match');
    expect(lines.find((l) => l.startsWith('1,'))).toMatch(/match,1\.000,1001,"PAK, Chol Su"/);
  });

  it('refuses a file without a name or identifier column', async () => {
    const input = join(core.dir, 'bad.csv');
    writeFileSync(input, 'foo,bar\n1,2\n');
    await expect(core.call('sanctions.screenFile', { file: input })).rejects.toThrow(/no "name" or "identifier" column/);
  });
});
