import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import type { ImportResult } from '../../shared/sanctions/types.ts';
import { REAL_OFAC } from './paths.ts';

// The real OFAC files live beside the checkout, not in it; without them there is nothing to test here.
describe.skipIf(!existsSync(join(REAL_OFAC, 'sdn.csv')))('the real OFAC SDN list', () => {
  let core: TestCore;
  let imported: ImportResult;
  beforeAll(async () => {
    core = makeTestCore();
    imported = await core.call('sanctions.import', { sdn: join(REAL_OFAC, 'sdn.csv'), alt: join(REAL_OFAC, 'alt.csv'), add: join(REAL_OFAC, 'add.csv'), published: '2024-05-03' });
  }, 120_000);
  afterAll(() => core.cleanup());

  it('imports every sdn.csv row and reports the newer alt/add rows as orphans', () => {
    expect(imported.entries).toBe(14965);
    expect(imported.orphans.alt).toBeGreaterThan(0);
    expect(imported.orphans.add).toBeGreaterThan(0);
    expect(imported.orphanList[0]).toMatchObject({ file: 'alt', line: expect.any(Number), entNum: expect.any(Number) });
    expect(core.db.prepare('SELECT count(*) FROM sanctions_entries WHERE ent_num = ?').pluck().get(imported.orphanList[0]!.entNum)).toBe(0);
  });

  it('finds KIM, Sang Man (43377) by his alias, in any letter case and word order', async () => {
    for (const name of ['KIM, Sangman', 'kim sangman', 'Sangman KIM', 'Kim Sang-man', 'Gim Sang Man']) {
      const r = await core.call('sanctions.screenName', { name });
      expect(r.hits[0], name).toMatchObject({ ent_num: 43377, name: 'KIM, Sang Man', score: 1 });
    }
    const alias = (await core.call('sanctions.screenName', { name: 'KIM, Sangman' })).hits[0]!;
    expect(alias.matched === 'KIM, Sangman' || alias.matched === 'KIM, Sang Man').toBe(true);
  });

  it('finds KIM, Sang Man by one of his ETH addresses in any letter case', async () => {
    for (const value of ['0x97b1043abd9e6fc31681635166d430a458d14f9c', '0X97B1043ABD9E6FC31681635166D430A458D14F9C', '0x97B1043aBd9E6Fc31681635166D430A458D14F9C']) {
      const r = await core.call('sanctions.screenIdentifier', { value });
      expect(r.hits.map((h) => h.ent_num), value).toEqual([43377]);
      expect(r.hits[0]!.score).toBe(1);
    }
    const shared = (await core.call('sanctions.screenIdentifier', { value: '0xB6F5EC1A0A9CD1526536D3F0426C429529471F40' })).hits[0]!;
    for (const chain of ['ETH', 'USDT', 'USDC']) expect(shared.why).toContain(`Digital Currency Address - ${chain}`);
  });

  it('finds the DPRK IT-worker fronts by their names', async () => {
    expect((await core.call('sanctions.screenName', { name: 'Yanbian Silverstar Network Technology Co Ltd' })).hits[0]!.ent_num).toBe(24977);
    expect((await core.call('sanctions.screenName', { name: 'Chong Song Hwa' })).hits.map((h) => h.ent_num)).toContain(24979);
    expect((await core.call('sanctions.screenName', { name: 'Alis LLC' })).hits.map((h) => h.ent_num)).toContain(48260);
  });

  describe('the examples of the screening review', () => {
    const hitsOf = async (name: string) => (await core.call('sanctions.screenName', { name })).hits;
    it('finds JON, Yun Gun (48262) written "Jon Yon Gun", through the romanisation of his alias', async () => {
      const hits = await hitsOf('Jon Yon Gun');
      expect(hits[0]).toMatchObject({ ent_num: 48262 });
      expect(hits[0]!.score).toBeGreaterThanOrEqual(0.85);
    });
    it('finds PIONEER BENCONT STAR REAL ESTATE (48261) from its distinctive words', async () => {
      const hits = await hitsOf('Pioneer Bencont Star');
      expect(hits[0]).toMatchObject({ ent_num: 48261 });
      expect(hits[0]!.why).toContain('distinctive part');
    });
    it('finds KIM, Sang Man (43377) typed in Hangul', async () => {
      const hits = await hitsOf('김상만');
      expect(hits[0]).toMatchObject({ ent_num: 43377 });
      expect(hits[0]!.why).toContain('written in Hangul');
    });
    it('scores a hit down when the subject was born in another year, and up when the year agrees', async () => {
      const plain = (await hitsOf('Jon Yun Gun'))[0]!;
      const other = (await core.call('sanctions.screenName', { name: 'Jon Yun Gun', dob: '1990-01-01' })).hits[0]!;
      const same = (await core.call('sanctions.screenName', { name: 'Jon Yun Gun', dob: '1973', nationality: 'KP' })).hits[0]!;
      expect(other.ent_num).toBe(48262);
      expect(other.score).toBeLessThan(plain.score);
      expect(other.why).toContain('born 22 Apr 1973 on the list, the subject 1990-01-01: scored down');
      expect(same.why).toContain('nationality Korea, North on the list, as the subject (KP)');
    });
    it('finds listed people from their names in Cyrillic and Arabic script through the index', async () => {
      expect((await hitsOf('Владимир Путин'))[0]).toMatchObject({ ent_num: 35096 });
      expect((await hitsOf('قاسم سليماني')).map((h) => h.ent_num)).toContain(10481);
      expect((await hitsOf('حسن نصر الله')).map((h) => h.ent_num)).toContain(2686);
    });
    it('does not raise the one-word alias SANAI for "Sang-man Kim"', async () => {
      const hits = await hitsOf('Sang-man Kim');
      expect(hits.map((h) => h.matched)).not.toContain('SANAI');
      expect(hits[0]).toMatchObject({ ent_num: 43377 });
    });
  });
});
