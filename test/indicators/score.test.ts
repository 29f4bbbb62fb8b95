import { describe, expect, it } from 'vitest';
import { CATALOG_VERSION, INDICATORS, catalog, catalogDiff, indicatorById } from '../../shared/indicators/catalog.ts';
import { bandFor, defaultWeights, riskScore } from '../../shared/indicators/score.ts';
import { DILIGENCE_STEPS } from '../../shared/indicators/diligence.ts';

describe('the indicator catalog', () => {
  it('cites a dated source for every indicator and has unique ids', () => {
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    expect(INDICATORS).toHaveLength(41);
    for (const i of INDICATORS) {
      expect(i.sources.length).toBeGreaterThan(0);
      expect(i.id.slice(0, 2)).toBe(i.category);
    }
    expect(indicatorById('NA-01')!.sources.map((s) => [s.key, s.date])).toEqual([['A22', '2022-05-16'], ['P25', '2025-01-23']]);
    expect(DILIGENCE_STEPS.map((s) => s.id)).toContain('DD-02');
  });

  it('reports what upgrading from catalog 1 changes', () => {
    expect(CATALOG_VERSION).toBe(3);
    expect(catalogDiff(2, 3).map((c) => `${c.kind} ${c.indicator.id}${c.kind === 'changed' ? ` ${c.fields.join(',')}` : ''}`)).toEqual([
      'added ID-11', 'changed CM-01 description,sources', 'added NA-08', 'changed WP-05 sources',
    ]);
    expect(indicatorById('WP-05')!.sources.map((s) => [s.key, s.date])).toEqual([['P25', '2025-01-23']]);
    expect(indicatorById('NA-08')!.checkable).toBe(true);
    const changes = catalogDiff(1, 2).map((c) => `${c.kind} ${c.indicator.id}${c.kind === 'changed' ? ` ${c.fields.join(',')}` : ''}`);
    expect(changes).toEqual(['added ID-07', 'added ID-08', 'changed NA-01 sources', 'added NA-06', 'added NA-07', 'added WP-05', 'changed EN-01 sources']);
    expect(catalog(1)).toHaveLength(34);
  });
});

describe('the risk score', () => {
  const w = defaultWeights(INDICATORS);

  it('adds the weight of present indicators and half the weight of inconclusive ones', () => {
    const r = riskScore(INDICATORS, { 'NA-01': 'present', 'CM-01': 'inconclusive', 'ID-03': 'absent', 'PY-01': 'not_applicable' }, w);
    expect(r.score).toBe(23); // 15 + 7.5 → 22.5 rounds to 23
    expect(r.band).toBe('low');
    expect(r.contributions).toEqual([
      { indicator: 'NA-01', status: 'present', weight: 15, points: 15 },
      { indicator: 'CM-01', status: 'inconclusive', weight: 15, points: 7.5 },
    ]);
  });

  it('caps at 100 and puts a sanctioned counterparty alone in the critical band', () => {
    expect(riskScore(INDICATORS, { 'EN-01': 'present' }, w)).toMatchObject({ score: 75, band: 'critical', capped: false });
    const r = riskScore(INDICATORS, { 'EN-01': 'present', 'PY-07': 'present' }, w);
    expect(r).toMatchObject({ score: 100, band: 'critical', capped: true });
  });

  it('uses the weights it is given and records them', () => {
    const r = riskScore(INDICATORS, { 'NA-03': 'present' }, { ...w, 'NA-03': 40 });
    expect(r.score).toBe(40);
    expect(r.band).toBe('medium');
    expect(r.weights['NA-03']).toBe(40);
  });

  it('bands at 25, 50 and 75', () => {
    expect([0, 24, 25, 49, 50, 74, 75, 100].map(bandFor)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});
