import { describe, expect, it } from 'vitest';
import { foldText, indexTokens, nameKeys, normaliseName } from '../../shared/sanctions/normalize.ts';
import { compareNames, explain } from '../../electron/core/sanctions/similarity.ts';

const score = (a: string, b: string) => {
  const [q, c] = [normaliseName(a), normaliseName(b)];
  const r = compareNames(q, c);
  return { score: r.score, rules: explain(q, c, r.pairs) };
};

describe('name normalisation', () => {
  it('folds case, accents and punctuation; an apostrophe joins', () => {
    expect(foldText('José-André MÜLLER, Jr.')).toBe('jose andre muller jr');
    expect(foldText("O'Brien")).toBe('obrien');
    expect(foldText('Straße Ærø')).toBe('strasse aero');
  });

  it('maps Korean romanisation variants to one spelling', () => {
    expect(nameKeys('Chong Song Hwa')).toEqual(nameKeys('Jong Song Hwa'));
    expect(new Set(['Ri', 'Lee', 'Yi', 'Rhee'].map((s) => nameKeys(s)[0])).size).toBe(1);
    expect(new Set(['Pak', 'Park', 'Bak'].map((s) => nameKeys(s)[0])).size).toBe(1);
    expect(nameKeys('Choi')).toEqual(nameKeys('Choe'));
    expect(nameKeys('Gim')).toEqual(nameKeys('Kim'));
    expect(nameKeys('Oh')).toEqual(nameKeys('O'));
    expect(nameKeys('Smith')).toEqual(['smith']);
  });

  it('drops company words, but not when they are the whole name', () => {
    expect(nameKeys('Chinyong IT Cooperation Co., Ltd.')).toEqual(['chinyong', 'information', 'technology', 'cooperation']);
    expect(nameKeys('LIMITED LIABILITY COMPANY ALIS')).toEqual(['alis']);
    expect(nameKeys('Volasys Silver Star Corporation')).toEqual(['volasys', 'silver', 'star']);
    expect(nameKeys('Limited')).toEqual(['limited']);
  });

  it('files a person under the given names joined, and a company only under its words', () => {
    expect(indexTokens('KIM, Sang Man', true)).toContain('sangman');
    expect(indexTokens('SILVER STAR TRADING', false)).toEqual(['silver', 'star', 'trading']);
  });
});

describe('name scores', () => {
  it('is 1 for the same name in another order, case or punctuation', () => {
    expect(score('Sang Man Kim', 'KIM, Sang Man').score).toBe(1);
    expect(score('kim sang-man', 'KIM, Sang Man').score).toBe(1);
    expect(score('KIM, Sang Man', 'KIM, Sang Man')).toEqual({ score: 1, rules: [] });
  });

  it('is 1 for joined or hyphenated given names and says so', () => {
    const r = score('Sangman Kim', 'KIM, Sang Man');
    expect(r.score).toBe(1);
    expect(r.rules).toContain('given names joined or split');
    expect(score('Kim Sang-Man', 'KIM, Sangman').score).toBe(1);
  });

  it('is 1 across romanisation variants and names the variant', () => {
    const r = score('Chong Song Hwa', 'JONG, Song Hwa');
    expect(r.score).toBe(1);
    expect(r.rules).toContain('romanisation chong~jong');
  });

  it('is high but below 1 for a misspelling, with the Jaro-Winkler figure', () => {
    const r = score('Kim Sang Mann', 'KIM, Sang Man');
    expect(r.score).toBeGreaterThan(0.9);
    expect(r.score).toBeLessThan(1);
    expect(r.rules.join(' ')).toMatch(/spelling mann~man \(Jaro-Winkler 0\.9\d\)/);
  });

  it('is low for part of a name or a different name', () => {
    expect(score('Kim', 'KIM, Sang Man').score).toBeLessThan(0.5);
    expect(score('John Smith', 'KIM, Sang Man').score).toBeLessThan(0.3);
    expect(score('Kim Jong Un', 'KIM, Sang Man').score).toBeLessThan(0.85);
  });

  it('ignores company suffixes on either side', () => {
    const r = score('Yanbian Silverstar Network Technology Co Ltd', 'YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.');
    expect(r.score).toBe(1);
    expect(score('Alis LLC', 'LIMITED LIABILITY COMPANY ALIS').score).toBe(1);
  });

  it('always lies between 0 and 1', () => {
    for (const [a, b] of [['', 'X'], ['a', 'b'], ['Ri Ri Ri', 'Ri'], ['Pak', 'Park Park']]) {
      const s = score(a!, b!).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });
});
