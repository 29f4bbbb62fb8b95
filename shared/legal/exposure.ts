/**
 * Counsel's sanctions-exposure arithmetic (31 CFR 501 App. A, section V.B.2.a; 31 CFR 510.701).
 * All money is integer US cents so that every band edge is exact. An estimate for counsel, never
 * legal advice.
 */

export const DISCLAIMER = 'Estimate for counsel, not legal advice.';

/**
 * The dated IEEPA amount (31 CFR 510.701(a)(2)), adjusted for inflation each year under the
 * Federal Civil Penalties Inflation Adjustment Act. Each figure applies to penalties assessed on
 * or after the effective date of the OFAC final rule that set it. The effective dates and FR
 * citations were checked against the notices themselves (their DATES lines). The amounts are the
 * IEEPA figures of Casebook's domain notes; 377,700 (2025) and 356,579 (2023) were also seen in
 * secondary sources, 330,947 (2022) and 368,136 (2024) were not re-read from the notice text:
 * counsel can correct any of them in the dated setting.
 */
export const PUBLISHED_STATUTORY_MAXIMUMS: readonly (StatutoryMaximum & { source: string })[] = [
  { effectiveFrom: '2022-02-09', amountCents: 33_094_700, source: 'OFAC final rule, 87 FR 7369 (2022-02-09), effective 2022-02-09' },
  { effectiveFrom: '2023-01-13', amountCents: 35_657_900, source: 'OFAC final rule, 88 FR 2229 (2023-01-13, FR Doc. 2023-00593), effective 2023-01-13' },
  { effectiveFrom: '2024-01-12', amountCents: 36_813_600, source: 'OFAC final rule, 89 FR 2139 (2024-01-12, FR Doc. 2024-00594), effective 2024-01-12' },
  { effectiveFrom: '2025-01-15', amountCents: 37_770_000, source: 'OFAC final rule, 90 FR 3687 (2025-01-15, FR Doc. 2025-00786), effective 2025-01-15' },
];

/** The latest published amount: USD 377,700 from 2025-01-15. */
export const DEFAULT_STATUTORY_MAXIMUM = { effectiveFrom: '2025-01-15', amountCents: 37_770_000 } as const;

/**
 * The base-penalty schedule (31 CFR 501 App. A, section V.B.2.a(ii)): a transaction value below
 * `below` gives `amount`; from the last edge up, the dated statutory amount.
 */
export const SCHEDULE_BANDS: readonly { below: number; amount: number }[] = [
  { below: 100_000, amount: 100_000 },
  { below: 1_000_000, amount: 1_000_000 },
  { below: 2_500_000, amount: 2_500_000 },
  { below: 5_000_000, amount: 5_000_000 },
  { below: 10_000_000, amount: 10_000_000 },
  { below: 20_000_000, amount: 20_000_000 },
];

const assertCents = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative whole number of cents (got ${n})`);
};

/** Halves cents, rounding a half cent up. */
const halfCents = (n: number) => Math.round(n / 2);

/** The schedule amount for a transaction value, never above the dated amount. */
export function scheduleAmountCents(valueCents: number, datedMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  const band = SCHEDULE_BANDS.find((b) => valueCents < b.below);
  return Math.min(band ? band.amount : datedMaxCents, datedMaxCents);
}

/**
 * The applicable statutory maximum for one violation (31 CFR 510.701(a)(2); App. A section I):
 * the greater of the dated amount and twice the transaction value.
 */
export function applicableMaximumCents(valueCents: number, datedMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  assertCents(datedMaxCents, 'statutory maximum');
  return Math.max(datedMaxCents, 2 * valueCents);
}

export type Culpability = { egregious: boolean; voluntarilySelfDisclosed: boolean };

export const CELL_KEYS = ['non_egregious_vsd', 'non_egregious_no_vsd', 'egregious_vsd', 'egregious_no_vsd'] as const;
export type CellKey = (typeof CELL_KEYS)[number];
export type Cells = Record<CellKey, number>;

export const cellOf = (c: Culpability): CellKey =>
  `${c.egregious ? 'egregious' : 'non_egregious'}_${c.voluntarilySelfDisclosed ? 'vsd' : 'no_vsd'}` as CellKey;

export const culpabilityOf = (k: CellKey): Culpability => ({ egregious: k.startsWith('egregious'), voluntarilySelfDisclosed: !k.endsWith('no_vsd') });

/** What each cell of the matrix is, in the words of 31 CFR 501 App. A section V.B.2.a. */
export const CELL_RULES: Record<CellKey, { label: string; rule: string; cite: string }> = {
  non_egregious_vsd: {
    label: 'Not egregious, voluntarily self-disclosed',
    rule: 'one-half of the transaction value, capped at one-half of the dated statutory amount per violation',
    cite: '31 CFR 501 App. A, V.B.2.a(i)',
  },
  non_egregious_no_vsd: {
    label: 'Not egregious, not self-disclosed',
    rule: 'the schedule amount for the transaction value, capped at the dated statutory amount',
    cite: '31 CFR 501 App. A, V.B.2.a(ii)',
  },
  egregious_vsd: {
    label: 'Egregious, voluntarily self-disclosed',
    rule: 'one-half of the applicable statutory maximum (the greater of the dated amount and twice the transaction value)',
    cite: '31 CFR 501 App. A, V.B.2.a(iii); 31 CFR 510.701(a)(2)',
  },
  egregious_no_vsd: {
    label: 'Egregious, not self-disclosed',
    rule: 'the applicable statutory maximum (the greater of the dated amount and twice the transaction value)',
    cite: '31 CFR 501 App. A, V.B.2.a(iv); 31 CFR 510.701(a)(2)',
  },
};

/**
 * The base penalty matrix (31 CFR 501 App. A, section V.B.2.a) for one violation, given the dated
 * IEEPA amount in force on the assessment date:
 * - not egregious, self-disclosed: half the value, capped at half the dated amount;
 * - not egregious, not self-disclosed: the schedule amount (top band: the dated amount);
 * - egregious, self-disclosed: half the applicable statutory maximum;
 * - egregious, not self-disclosed: the applicable statutory maximum.
 */
export function basePenaltyCents(valueCents: number, c: Culpability, datedMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  assertCents(datedMaxCents, 'statutory maximum');
  if (c.egregious) {
    const applicable = applicableMaximumCents(valueCents, datedMaxCents);
    return c.voluntarilySelfDisclosed ? halfCents(applicable) : applicable;
  }
  if (c.voluntarilySelfDisclosed) return Math.min(halfCents(valueCents), halfCents(datedMaxCents));
  return scheduleAmountCents(valueCents, datedMaxCents);
}

/** The base penalty of one violation in every cell of the matrix. */
export function allCellsCents(valueCents: number, datedMaxCents: number): Cells {
  return Object.fromEntries(CELL_KEYS.map((k) => [k, basePenaltyCents(valueCents, culpabilityOf(k), datedMaxCents)])) as Cells;
}

/**
 * Pub. L. 118-50 (2024-04-24) made the IEEPA limitation period 10 years for violations after
 * 2019-04-24; anything older had already passed its 5-year period when the law changed.
 */
export const TEN_YEAR_FROM = '2019-04-24';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The same calendar date `years` later; 29 February falls back to 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${isoDate}`);
  const y = Number(m[1]) + years;
  const month = Number(m[2]);
  const lastDay = new Date(Date.UTC(y, month, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${String(y).padStart(4, '0')}-${m[2]}-${String(day).padStart(2, '0')}`;
}

export type Limitation = { ends: string; years: 5 | 10 };

/** The last day on which a payment made on `paidOn` can still be penalised. */
export function limitationEnds(paidOn: string): Limitation {
  return paidOn > TEN_YEAR_FROM ? { ends: addYears(paidOn, 10), years: 10 } : { ends: addYears(paidOn, 5), years: 5 };
}

export type StatutoryMaximum = { effectiveFrom: string; amountCents: number };

export class NoMaximumInForce extends RangeError {}

/**
 * The dated amount in force on `asOf`: the latest one effective on or before it. A date before
 * the earliest known amount is refused: a later figure is never applied to an earlier date.
 */
export function statutoryMaximumOn(settings: readonly StatutoryMaximum[], asOf: string): StatutoryMaximum {
  const sorted = [...settings].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const inForce = sorted.filter((s) => s.effectiveFrom <= asOf).at(-1);
  if (!inForce) {
    throw new NoMaximumInForce(
      sorted.length === 0
        ? 'No statutory maximum is recorded; enter the dated IEEPA amount first.'
        : `No statutory maximum is known for an assessment on ${asOf}: the earliest recorded amount takes effect on ${sorted[0]!.effectiveFrom}. Enter the amount in force on that date, or assess on a later date.`,
    );
  }
  return inForce;
}

export type UnconvertedReason = 'no rate' | 'stale rate';

export type ExposureInput = { id: number; paidOn: string; usdCents: number | null; unconvertedReason?: UnconvertedReason | null };

export type ExposureLine = {
  id: number;
  paidOn: string;
  usdCents: number | null;
  /** Why the payment has no USD value (no rate, or none recent enough); null when converted. */
  unconvertedReason: UnconvertedReason | null;
  scheduleCents: number | null;
  /** The greater of the dated amount and twice the value (31 CFR 510.701(a)(2)). */
  applicableMaximumCents: number | null;
  /** The base penalty in each cell of the matrix. */
  cells: Cells | null;
  /** The base penalty in the chosen cell. */
  basePenaltyCents: number | null;
  /** Same as applicableMaximumCents: the most this violation can be penalised. */
  ceilingCents: number | null;
  limitation: Limitation;
  /** False once the limitation period has ended on the assessment date. */
  timely: boolean;
  /** In the totals: converted to USD and still within its limitation period. */
  counted: boolean;
};

export type Exposure = {
  culpability: Culpability;
  cell: CellKey;
  /** The dated amount in force on the assessment date. */
  statutoryMaximum: StatutoryMaximum;
  asOf: string;
  lines: ExposureLine[];
  /** Totals over the counted payments only (converted and not time-barred). */
  totalUsdCents: number;
  totalBasePenaltyCents: number;
  cells: Cells;
  totalCeilingCents: number;
  /** Converted payments whose limitation period ended on or before the assessment date: shown apart, out of the totals. */
  timeBarred: { ids: number[]; usdCents: number; basePenaltyCents: number };
  /** Payments without a USD value, with the reason; out of the totals. */
  unconverted: { id: number; reason: UnconvertedReason }[];
};

/** The worksheet: each payment is a separate violation, valued in USD on its date. */
export function computeExposure(payments: readonly ExposureInput[], culpability: Culpability, statutoryMaximum: StatutoryMaximum, asOf: string): Exposure {
  const max = statutoryMaximum.amountCents;
  const cell = cellOf(culpability);
  const lines = payments.map((p): ExposureLine => {
    const limitation = limitationEnds(p.paidOn);
    const v = p.usdCents;
    const cells = v === null ? null : allCellsCents(v, max);
    const applicable = v === null ? null : applicableMaximumCents(v, max);
    const timely = limitation.ends >= asOf;
    return {
      id: p.id,
      paidOn: p.paidOn,
      usdCents: v,
      unconvertedReason: v === null ? (p.unconvertedReason ?? 'no rate') : null,
      scheduleCents: v === null ? null : scheduleAmountCents(v, max),
      applicableMaximumCents: applicable,
      cells,
      basePenaltyCents: cells ? cells[cell] : null,
      ceilingCents: applicable,
      limitation,
      timely,
      counted: v !== null && timely,
    };
  });
  const counted = lines.filter((l) => l.counted);
  const sum = (ls: readonly ExposureLine[], f: (l: ExposureLine) => number | null) => ls.reduce((s, l) => s + (f(l) ?? 0), 0);
  const barred = lines.filter((l) => l.usdCents !== null && !l.timely);
  return {
    culpability,
    cell,
    statutoryMaximum,
    asOf,
    lines,
    totalUsdCents: sum(counted, (l) => l.usdCents),
    totalBasePenaltyCents: sum(counted, (l) => l.basePenaltyCents),
    cells: Object.fromEntries(CELL_KEYS.map((k) => [k, sum(counted, (l) => l.cells?.[k] ?? 0)])) as Cells,
    totalCeilingCents: sum(counted, (l) => l.applicableMaximumCents),
    timeBarred: { ids: barred.map((l) => l.id), usdCents: sum(barred, (l) => l.usdCents), basePenaltyCents: sum(barred, (l) => l.basePenaltyCents) },
    unconverted: lines.filter((l) => l.usdCents === null).map((l) => ({ id: l.id, reason: l.unconvertedReason ?? 'no rate' })),
  };
}

/** Cents as a JSON number of dollars with cents (123456 → 1234.56). */
export const centsToUsd = (cents: number): number => Math.round(cents) / 100;

export const formatUsd = (cents: number): string =>
  `USD ${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
