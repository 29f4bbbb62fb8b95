import { describe, expect, it } from 'vitest';
import {
  addYears,
  basePenaltyCents,
  ceilingCents,
  computeExposure,
  DEFAULT_STATUTORY_MAXIMUM,
  limitationEnds,
  scheduleAmountCents,
  statutoryMaximumOn,
} from '../../shared/legal/exposure.ts';

const MAX = 37_770_000; // USD 377,700.00
const usd = (dollars: number) => Math.round(dollars * 100);
const NE_NOVSD = { egregious: false, voluntarilySelfDisclosed: false };
const NE_VSD = { egregious: false, voluntarilySelfDisclosed: true };
const EG_NOVSD = { egregious: true, voluntarilySelfDisclosed: false };
const EG_VSD = { egregious: true, voluntarilySelfDisclosed: true };

describe('the statutory maximum setting', () => {
  it('defaults to USD 377,700 effective 2025-01-15', () => {
    expect(DEFAULT_STATUTORY_MAXIMUM).toEqual({ effectiveFrom: '2025-01-15', amountCents: MAX });
  });
  it('applies the figure in force on the assessment date', () => {
    const settings = [
      { effectiveFrom: '2024-01-12', amountCents: usd(368_136) },
      { effectiveFrom: '2025-01-15', amountCents: MAX },
    ];
    expect(statutoryMaximumOn(settings, '2025-01-14').amountCents).toBe(usd(368_136));
    expect(statutoryMaximumOn(settings, '2025-01-15').amountCents).toBe(MAX);
    expect(statutoryMaximumOn(settings, '2030-06-01').amountCents).toBe(MAX);
    expect(statutoryMaximumOn(settings, '2020-01-01').amountCents).toBe(usd(368_136));
  });
});

describe('the schedule amount at every band edge (not egregious, not self-disclosed)', () => {
  const cases: [number, number][] = [
    [0.01, 1_000],
    [999.99, 1_000],
    [1_000, 10_000],
    [9_999.99, 10_000],
    [10_000, 25_000],
    [24_999.99, 25_000],
    [25_000, 50_000],
    [49_999.99, 50_000],
    [50_000, 100_000],
    [99_999.99, 100_000],
    [100_000, 200_000],
    [199_999.99, 200_000],
    [200_000, 377_700],
    [5_000_000, 377_700],
  ];
  it.each(cases)('a transaction of USD %d scores USD %d', (value, expected) => {
    expect(scheduleAmountCents(usd(value), MAX)).toBe(usd(expected));
    expect(basePenaltyCents(usd(value), NE_NOVSD, MAX)).toBe(usd(expected));
  });
  it('never exceeds a statutory maximum below the top band', () => {
    expect(basePenaltyCents(usd(150_000), NE_NOVSD, usd(150_000))).toBe(usd(150_000));
  });
});

describe('the base penalty matrix, every cell', () => {
  it('not egregious, self-disclosed: half the value, capped at half the maximum (188,850)', () => {
    expect(basePenaltyCents(usd(10_000), NE_VSD, MAX)).toBe(usd(5_000));
    expect(basePenaltyCents(usd(999.99), NE_VSD, MAX)).toBe(usd(500)); // 499.995 rounds up to the cent
    expect(basePenaltyCents(usd(377_700), NE_VSD, MAX)).toBe(usd(188_850));
    expect(basePenaltyCents(usd(377_700.02), NE_VSD, MAX)).toBe(usd(188_850));
    expect(basePenaltyCents(usd(2_000_000), NE_VSD, MAX)).toBe(usd(188_850));
  });
  it('not egregious, not self-disclosed: the schedule amount', () => {
    expect(basePenaltyCents(usd(4_200), NE_NOVSD, MAX)).toBe(usd(10_000));
    expect(basePenaltyCents(usd(250_000), NE_NOVSD, MAX)).toBe(usd(377_700));
  });
  it('egregious, self-disclosed: half the statutory maximum, whatever the value', () => {
    expect(basePenaltyCents(usd(10), EG_VSD, MAX)).toBe(usd(188_850));
    expect(basePenaltyCents(usd(1_000_000), EG_VSD, MAX)).toBe(usd(188_850));
  });
  it('egregious, not self-disclosed: the statutory maximum, whatever the value', () => {
    expect(basePenaltyCents(usd(10), EG_NOVSD, MAX)).toBe(usd(377_700));
    expect(basePenaltyCents(usd(1_000_000), EG_NOVSD, MAX)).toBe(usd(377_700));
  });
  it('follows an edited statutory maximum (2024: 368,136)', () => {
    const max2024 = usd(368_136);
    expect(basePenaltyCents(usd(500), EG_VSD, max2024)).toBe(usd(184_068));
    expect(basePenaltyCents(usd(500), EG_NOVSD, max2024)).toBe(usd(368_136));
    expect(basePenaltyCents(usd(900_000), NE_VSD, max2024)).toBe(usd(184_068));
    expect(basePenaltyCents(usd(200_000), NE_NOVSD, max2024)).toBe(usd(368_136));
  });
  it('refuses a value that is not whole cents', () => {
    expect(() => basePenaltyCents(10.5, NE_VSD, MAX)).toThrow(/whole number of cents/);
    expect(() => basePenaltyCents(-1, NE_VSD, MAX)).toThrow(/non-negative/);
  });
});

describe('the ceiling: the greater of the statutory maximum and twice the value', () => {
  it.each([
    [100_000, 377_700],
    [188_850, 377_700],
    [188_850.01, 377_700.02],
    [200_000, 400_000],
  ])('USD %d → USD %d', (value, expected) => {
    expect(ceilingCents(usd(value), MAX)).toBe(usd(expected));
  });
});

describe('the limitation period', () => {
  it('ends ten years after a payment made after 2019-04-24', () => {
    expect(limitationEnds('2025-03-10')).toEqual({ ends: '2035-03-10', years: 10 });
    expect(limitationEnds('2019-04-25')).toEqual({ ends: '2029-04-25', years: 10 });
  });
  it('kept five years for a payment already time-barred when the 2024 law took effect', () => {
    expect(limitationEnds('2019-04-24')).toEqual({ ends: '2024-04-24', years: 5 });
    expect(limitationEnds('2016-07-01')).toEqual({ ends: '2021-07-01', years: 5 });
  });
  it('moves 29 February to 28 February in a common year', () => {
    expect(addYears('2020-02-29', 10)).toBe('2030-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });
});

describe('the worksheet', () => {
  it('totals each payment as a separate violation and leaves unconverted payments out', () => {
    const x = computeExposure(
      [
        { id: 1, paidOn: '2024-05-01', usdCents: usd(4_200) },
        { id: 2, paidOn: '2024-06-01', usdCents: usd(12_000.5) },
        { id: 3, paidOn: '2024-07-01', usdCents: null },
        { id: 4, paidOn: '2014-07-01', usdCents: usd(999.99) },
      ],
      NE_NOVSD,
      DEFAULT_STATUTORY_MAXIMUM,
      '2025-06-30',
    );
    expect(x.lines.map((l) => l.basePenaltyCents)).toEqual([usd(10_000), usd(25_000), null, usd(1_000)]);
    expect(x.totalUsdCents).toBe(usd(4_200 + 12_000.5 + 999.99));
    expect(x.totalBasePenaltyCents).toBe(usd(36_000));
    expect(x.timelyBasePenaltyCents).toBe(usd(35_000)); // the 2014 payment's period ended in 2019
    expect(x.totalCeilingCents).toBe(3 * MAX);
    expect(x.unconverted).toEqual([3]);
    expect(x.lines[3]!.timely).toBe(false);
    expect(x.lines[0]!.limitation.ends).toBe('2034-05-01');
  });
});
