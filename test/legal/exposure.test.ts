import { describe, expect, it } from 'vitest';
import {
  addYears,
  basePenaltyCents,
  allCellsCents,
  applicableMaximumCents,
  computeExposure,
  DEFAULT_STATUTORY_MAXIMUM,
  PUBLISHED_STATUTORY_MAXIMUMS,
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

describe('the dated statutory amount', () => {
  it('ships the published history with the effective dates of the Federal Register notices', () => {
    expect(DEFAULT_STATUTORY_MAXIMUM).toEqual({ effectiveFrom: '2025-01-15', amountCents: MAX });
    expect(PUBLISHED_STATUTORY_MAXIMUMS.map((m) => [m.effectiveFrom, m.amountCents / 100])).toEqual([
      ['2022-02-09', 330_947],
      ['2023-01-13', 356_579],
      ['2024-01-12', 368_136],
      ['2025-01-15', 377_700],
    ]);
  });
  it('applies the amount in force on the assessment date', () => {
    const h = PUBLISHED_STATUTORY_MAXIMUMS;
    expect(statutoryMaximumOn(h, '2023-01-12').amountCents).toBe(usd(330_947));
    expect(statutoryMaximumOn(h, '2023-01-13').amountCents).toBe(usd(356_579));
    expect(statutoryMaximumOn(h, '2024-01-11').amountCents).toBe(usd(356_579));
    expect(statutoryMaximumOn(h, '2024-06-01').amountCents).toBe(usd(368_136));
    expect(statutoryMaximumOn(h, '2025-01-14').amountCents).toBe(usd(368_136));
    expect(statutoryMaximumOn(h, '2025-01-15').amountCents).toBe(MAX);
    expect(statutoryMaximumOn(h, '2030-06-01').amountCents).toBe(MAX);
  });
  it('refuses a date before the earliest known amount instead of applying a later one', () => {
    expect(() => statutoryMaximumOn(PUBLISHED_STATUTORY_MAXIMUMS, '2022-02-08')).toThrow(/earliest recorded amount takes effect on 2022-02-09/);
    expect(() => statutoryMaximumOn([{ effectiveFrom: '2024-01-12', amountCents: usd(368_136) }], '2023-06-01')).toThrow(/2024-01-12/);
    expect(() => statutoryMaximumOn([], '2025-06-01')).toThrow(/No statutory maximum/);
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
  it('egregious, self-disclosed: half the applicable statutory maximum (the greater of the dated amount and twice the value)', () => {
    expect(basePenaltyCents(usd(10), EG_VSD, MAX)).toBe(usd(188_850));
    expect(basePenaltyCents(usd(188_850), EG_VSD, MAX)).toBe(usd(188_850));
    expect(basePenaltyCents(usd(250_000), EG_VSD, MAX)).toBe(usd(250_000));
    expect(basePenaltyCents(usd(1_000_000), EG_VSD, MAX)).toBe(usd(1_000_000));
  });
  it('egregious, not self-disclosed: the applicable statutory maximum', () => {
    expect(basePenaltyCents(usd(10), EG_NOVSD, MAX)).toBe(usd(377_700));
    expect(basePenaltyCents(usd(250_000), EG_NOVSD, MAX)).toBe(usd(500_000));
    expect(basePenaltyCents(usd(1_000_000), EG_NOVSD, MAX)).toBe(usd(2_000_000));
  });
  it('follows the 2024 amount (368,136)', () => {
    const max2024 = usd(368_136);
    expect(basePenaltyCents(usd(500), EG_VSD, max2024)).toBe(usd(184_068));
    expect(basePenaltyCents(usd(500), EG_NOVSD, max2024)).toBe(usd(368_136));
    expect(basePenaltyCents(usd(900_000), NE_VSD, max2024)).toBe(usd(184_068));
    expect(basePenaltyCents(usd(200_000), NE_NOVSD, max2024)).toBe(usd(368_136));
    expect(basePenaltyCents(usd(900_000), EG_NOVSD, max2024)).toBe(usd(1_800_000));
  });
  it('halves an odd dated amount to the cent (2023: 356,579 → 178,289.50)', () => {
    const max2023 = usd(356_579);
    expect(basePenaltyCents(usd(1), EG_VSD, max2023)).toBe(usd(178_289.5));
    expect(basePenaltyCents(usd(400_000), NE_VSD, max2023)).toBe(usd(178_289.5));
  });
  it('refuses a value that is not whole cents', () => {
    expect(() => basePenaltyCents(10.5, NE_VSD, MAX)).toThrow(/whole number of cents/);
    expect(() => basePenaltyCents(-1, NE_VSD, MAX)).toThrow(/non-negative/);
  });
});

describe('the applicable statutory maximum: the greater of the dated amount and twice the value', () => {
  it.each([
    [100_000, 377_700],
    [188_850, 377_700],
    [188_850.01, 377_700.02],
    [200_000, 400_000],
  ])('USD %d → USD %d', (value, expected) => {
    expect(applicableMaximumCents(usd(value), MAX)).toBe(usd(expected));
  });
});

/**
 * Every cell below, at and above half the dated amount (the crossover where twice the value
 * exceeds it), for each dated amount. Expected figures worked by hand from App. A V.B.2.a.
 */
describe('every cell around the crossover, per dated amount', () => {
  const table: [string, number, [number, [number, number, number, number]][]][] = [
    // [year, dated amount, [value, [NE VSD, NE no VSD, EG VSD, EG no VSD]]]
    ['2023', 356_579, [
      [178_289, [89_144.5, 200_000, 178_289.5, 356_579]],
      [178_289.5, [89_144.75, 200_000, 178_289.5, 356_579]],
      [178_290, [89_145, 200_000, 178_290, 356_580]],
      [356_579, [178_289.5, 356_579, 356_579, 713_158]],
    ]],
    ['2024', 368_136, [
      [184_067.99, [92_034, 200_000, 184_068, 368_136]],
      [184_068, [92_034, 200_000, 184_068, 368_136]],
      [184_068.01, [92_034.01, 200_000, 184_068.01, 368_136.02]],
      [400_000, [184_068, 368_136, 400_000, 800_000]],
    ]],
    ['2025', 377_700, [
      [188_849.99, [94_425, 200_000, 188_850, 377_700]],
      [188_850, [94_425, 200_000, 188_850, 377_700]],
      [188_850.01, [94_425.01, 200_000, 188_850.01, 377_700.02]],
      [199_999.99, [100_000, 200_000, 199_999.99, 399_999.98]],
      [200_000, [100_000, 377_700, 200_000, 400_000]],
    ]],
  ];
  for (const [year, dated, rows] of table) {
    it.each(rows)(`${year} (USD ${dated.toLocaleString('en-US')}): a payment of USD %d`, (value, [neVsd, neNo, egVsd, egNo]) => {
      expect(allCellsCents(usd(value), usd(dated))).toEqual({
        non_egregious_vsd: usd(neVsd),
        non_egregious_no_vsd: usd(neNo),
        egregious_vsd: usd(egVsd),
        egregious_no_vsd: usd(egNo),
      });
    });
  }
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
  it("works the issue's example: 500, 1,000, 9,000, 30,000 and 250,000 USD assessed in 2025", () => {
    const values = [500, 1_000, 9_000, 30_000, 250_000];
    const x = computeExposure(
      values.map((v, i) => ({ id: i + 1, paidOn: '2025-03-0' + (i + 1), usdCents: usd(v) })),
      EG_VSD,
      DEFAULT_STATUTORY_MAXIMUM,
      '2025-06-30',
    );
    expect(x.cells).toEqual({
      non_egregious_vsd: usd(145_250),
      non_egregious_no_vsd: usd(448_700),
      egregious_vsd: usd(1_005_400),
      egregious_no_vsd: usd(2_010_800),
    });
    expect(x.cell).toBe('egregious_vsd');
    expect(x.totalBasePenaltyCents).toBe(usd(1_005_400));
    expect(x.lines.map((l) => l.applicableMaximumCents)).toEqual([MAX, MAX, MAX, MAX, usd(500_000)]);
    expect(x.lines.at(-1)!.cells).toEqual({ non_egregious_vsd: usd(125_000), non_egregious_no_vsd: usd(377_700), egregious_vsd: usd(250_000), egregious_no_vsd: usd(500_000) });
    expect(x.totalCeilingCents).toBe(4 * MAX + usd(500_000));
  });

  it('the same payments assessed in 2024 use the 2024 amount', () => {
    const values = [500, 1_000, 9_000, 30_000, 250_000];
    const x = computeExposure(values.map((v, i) => ({ id: i + 1, paidOn: '2023-11-0' + (i + 1), usdCents: usd(v) })), EG_NOVSD, statutoryMaximumOn(PUBLISHED_STATUTORY_MAXIMUMS, '2024-06-01'), '2024-06-01');
    // 4 × 368,136 + 500,000; not egregious: 1,000 + 10,000 + 10,000 + 50,000 + 368,136
    expect(x.cells.egregious_no_vsd).toBe(usd(4 * 368_136 + 500_000));
    expect(x.cells.egregious_vsd).toBe(usd(2 * 368_136 + 250_000));
    expect(x.cells.non_egregious_no_vsd).toBe(usd(439_136));
    expect(x.cells.non_egregious_vsd).toBe(usd(145_250));
  });

  it('leaves time-barred and unconverted payments out of every total and reports them apart', () => {
    const x = computeExposure(
      [
        { id: 1, paidOn: '2024-05-01', usdCents: usd(4_200) },
        { id: 2, paidOn: '2024-06-01', usdCents: usd(12_000.5) },
        { id: 3, paidOn: '2024-07-01', usdCents: null, unconvertedReason: 'stale rate' },
        { id: 4, paidOn: '2014-07-01', usdCents: usd(999.99) },
        { id: 5, paidOn: '2024-08-01', usdCents: null },
      ],
      NE_NOVSD,
      DEFAULT_STATUTORY_MAXIMUM,
      '2025-06-30',
    );
    expect(x.lines.map((l) => l.basePenaltyCents)).toEqual([usd(10_000), usd(25_000), null, usd(1_000), null]);
    expect(x.lines.map((l) => l.counted)).toEqual([true, true, false, false, false]);
    expect(x.totalUsdCents).toBe(usd(4_200 + 12_000.5));
    expect(x.totalBasePenaltyCents).toBe(usd(35_000));
    expect(x.cells.non_egregious_no_vsd).toBe(usd(35_000));
    expect(x.cells.egregious_no_vsd).toBe(2 * MAX);
    expect(x.totalCeilingCents).toBe(2 * MAX);
    expect(x.timeBarred).toEqual({ ids: [4], usdCents: usd(999.99), basePenaltyCents: usd(1_000) }); // its period ended in 2019
    expect(x.unconverted).toEqual([{ id: 3, reason: 'stale rate' }, { id: 5, reason: 'no rate' }]);
    expect(x.lines[3]!.timely).toBe(false);
    expect(x.lines[0]!.limitation.ends).toBe('2034-05-01');
  });
});
