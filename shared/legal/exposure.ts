/**
 * Counsel's sanctions-exposure arithmetic (31 CFR 501 App. A, section V.B.2.a; 31 CFR 510.701).
 * All money is integer US cents so that every band edge is exact. An estimate for counsel, never
 * legal advice.
 */

export const DISCLAIMER = 'Estimate for counsel, not legal advice.';

/** The statutory maximum civil penalty per violation when no setting was entered: USD 377,700 from 2025-01-15. */
export const DEFAULT_STATUTORY_MAXIMUM = { effectiveFrom: '2025-01-15', amountCents: 37_770_000 } as const;

/** The base-penalty schedule: a transaction value below `below` gives `amount`; from the last edge up, the statutory maximum. */
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

export function scheduleAmountCents(valueCents: number, statutoryMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  const band = SCHEDULE_BANDS.find((b) => valueCents < b.below);
  return Math.min(band ? band.amount : statutoryMaxCents, statutoryMaxCents);
}

export type Culpability = { egregious: boolean; voluntarilySelfDisclosed: boolean };

/** The base penalty matrix: egregious or not × voluntarily self-disclosed or not. */
export function basePenaltyCents(valueCents: number, c: Culpability, statutoryMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  assertCents(statutoryMaxCents, 'statutory maximum');
  if (c.egregious) return c.voluntarilySelfDisclosed ? halfCents(statutoryMaxCents) : statutoryMaxCents;
  if (c.voluntarilySelfDisclosed) return Math.min(halfCents(valueCents), halfCents(statutoryMaxCents));
  return scheduleAmountCents(valueCents, statutoryMaxCents);
}

/** The most a violation can be penalised: the greater of the statutory maximum and twice the transaction value. */
export function ceilingCents(valueCents: number, statutoryMaxCents: number): number {
  assertCents(valueCents, 'transaction value');
  return Math.max(statutoryMaxCents, 2 * valueCents);
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

/** The statutory maximum in force on `asOf`: the latest setting effective on or before it (else the earliest known). */
export function statutoryMaximumOn(settings: readonly StatutoryMaximum[], asOf: string): StatutoryMaximum {
  const sorted = [...settings].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (sorted.length === 0) return DEFAULT_STATUTORY_MAXIMUM;
  return sorted.filter((s) => s.effectiveFrom <= asOf).at(-1) ?? sorted[0]!;
}

export type ExposureInput = { id: number; paidOn: string; usdCents: number | null };

export type ExposureLine = {
  id: number;
  paidOn: string;
  usdCents: number | null;
  scheduleCents: number | null;
  basePenaltyCents: number | null;
  ceilingCents: number | null;
  limitation: Limitation;
  /** False once the limitation period has ended on the assessment date. */
  timely: boolean;
};

export type Exposure = {
  culpability: Culpability;
  statutoryMaximum: StatutoryMaximum;
  asOf: string;
  lines: ExposureLine[];
  totalUsdCents: number;
  totalBasePenaltyCents: number;
  /** Base penalties of the payments still within their limitation period on the assessment date. */
  timelyBasePenaltyCents: number;
  totalCeilingCents: number;
  /** Payments without a USD value (no exchange rate entered); they are left out of the totals. */
  unconverted: number[];
};

/** The worksheet: each payment is a separate violation, valued in USD on its date. */
export function computeExposure(payments: readonly ExposureInput[], culpability: Culpability, statutoryMaximum: StatutoryMaximum, asOf: string): Exposure {
  const max = statutoryMaximum.amountCents;
  const lines = payments.map((p): ExposureLine => {
    const limitation = limitationEnds(p.paidOn);
    const v = p.usdCents;
    return {
      id: p.id,
      paidOn: p.paidOn,
      usdCents: v,
      scheduleCents: v === null ? null : scheduleAmountCents(v, max),
      basePenaltyCents: v === null ? null : basePenaltyCents(v, culpability, max),
      ceilingCents: v === null ? null : ceilingCents(v, max),
      limitation,
      timely: limitation.ends >= asOf,
    };
  });
  const sum = (f: (l: ExposureLine) => number | null, only: (l: ExposureLine) => boolean = () => true) =>
    lines.filter(only).reduce((s, l) => s + (f(l) ?? 0), 0);
  return {
    culpability,
    statutoryMaximum,
    asOf,
    lines,
    totalUsdCents: sum((l) => l.usdCents),
    totalBasePenaltyCents: sum((l) => l.basePenaltyCents),
    timelyBasePenaltyCents: sum((l) => l.basePenaltyCents, (l) => l.timely),
    totalCeilingCents: sum((l) => l.ceilingCents),
    unconverted: lines.filter((l) => l.usdCents === null).map((l) => l.id),
  };
}

/** Cents as a JSON number of dollars with cents (123456 → 1234.56). */
export const centsToUsd = (cents: number): number => Math.round(cents) / 100;

export const formatUsd = (cents: number): string =>
  `USD ${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
