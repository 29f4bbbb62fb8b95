import { CELL_KEYS, centsToUsd, DISCLAIMER, type CellKey, type Cells } from '../../../shared/legal/exposure.ts';
import { ASSESSMENTS, FACTOR_KEYS, FACTORS_NOTE, type Assessment, type FactorKey } from '../../../shared/legal/factors.ts';
import { PRIVILEGE_MARKINGS, RECOMMENDATIONS, type PrivilegeMarking, type Recommendation } from '../../../shared/decisions.ts';
import { amountText } from '../../../shared/payments.ts';
import { int, str, UsageError, type CliCommand, type CliValues } from './types.ts';

function oneOf<T extends string>(v: unknown, allowed: readonly T[], flag: string): T {
  const s = str(v);
  if (s === undefined) throw new UsageError(`--${flag} is required (one of ${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(s)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${s}"`);
  return s as T;
}

function yesNo(v: unknown, flag: string): boolean | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (s === 'yes' || s === 'no') return s === 'yes';
  throw new UsageError(`--${flag} must be yes or no; got "${s}"`);
}

function required(v: CliValues, flag: string): string {
  const s = str(v[flag]);
  if (s === undefined) throw new UsageError(`--${flag} is required`);
  return s;
}

const id = (s: string | undefined, what: string): number => {
  const n = int(s, what);
  if (n === undefined || n < 1) throw new UsageError(`${what} must be a positive whole number`);
  return n;
};

export const legalCommands: CliCommand[] = [
  {
    path: ['exposure'],
    usage: 'exposure CASE [--egregious yes|no] [--vsd yes|no] [--as-of YYYY-MM-DD]   (an estimate for counsel, not legal advice)',
    positionals: { min: 1, max: 1 },
    options: { egregious: { type: 'string' }, vsd: { type: 'string' }, 'as-of': { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      const egregious = yesNo(v.egregious, 'egregious');
      const vsd = yesNo(v.vsd, 'vsd');
      const x = await io.call('legal.exposure', {
        number: number!,
        ...(egregious !== undefined && { egregious }),
        ...(vsd !== undefined && { voluntarilySelfDisclosed: vsd }),
        ...(v['as-of'] !== undefined && { asOf: str(v['as-of']) }),
      });
      const usd = (c: number | null) => (c === null ? null : centsToUsd(c));
      const cells = (c: Cells) => Object.fromEntries(CELL_KEYS.map((k) => [k, centsToUsd(c[k])])) as Record<CellKey, number>;
      return {
        value: {
          payments: x.lines.map((l) => {
            const p = x.payments.find((q) => q.id === l.id)!;
            return {
              id: l.id,
              date: l.paidOn,
              amount: amountText(p),
              currency: p.currency,
              usd: usd(l.usdCents),
              rate_usd_per_unit: p.usdCents !== null ? p.rate : null,
              rate_date: p.usdCents !== null ? p.rateDate : null,
              base_penalty_usd: usd(l.basePenaltyCents),
              applicable_maximum_usd: usd(l.applicableMaximumCents),
              cells: l.cells ? cells(l.cells) : null,
              schedule_usd: usd(l.scheduleCents),
              ceiling_usd: usd(l.ceilingCents),
              limitation_ends: l.limitation.ends,
              limitation_years: l.limitation.years,
              time_barred: !l.timely,
              counted: l.counted,
              ...(l.unconvertedReason && { unconverted_reason: l.unconvertedReason }),
            };
          }),
          cell: x.cell,
          cells: cells(x.cells),
          total_usd: centsToUsd(x.totalUsdCents),
          total_base_penalty_usd: centsToUsd(x.totalBasePenaltyCents),
          total_ceiling_usd: centsToUsd(x.totalCeilingCents),
          timely_base_penalty_usd: centsToUsd(x.totalBasePenaltyCents),
          time_barred: { ids: x.timeBarred.ids, usd: centsToUsd(x.timeBarred.usdCents), base_penalty_usd: centsToUsd(x.timeBarred.basePenaltyCents) },
          unconverted: x.unconverted,
          statutory_maximum_usd: centsToUsd(x.statutoryMaximum.amountCents),
          statutory_maximum_effective: x.statutoryMaximum.effectiveFrom,
          statutory_maximum_rule: 'per violation: the greater of the dated amount and twice the transaction value (31 CFR 510.701(a)(2))',
          egregious: x.culpability.egregious,
          voluntarily_self_disclosed: x.culpability.voluntarilySelfDisclosed,
          culpability_source: x.culpabilitySource,
          as_of: x.asOf,
          rate_max_age_days: x.rateMaxAgeDays,
          missing_rates: x.missingRates,
          note: `${DISCLAIMER} Totals leave out time-barred and unconverted payments. ${FACTORS_NOTE}`,
        },
      };
    },
  },
  {
    path: ['review', 'add'],
    usage: `review add CASE --privilege ${PRIVILEGE_MARKINGS.join('|')} --egregious yes|no --vsd yes|no --culpability T --determination T --recommendation ${RECOMMENDATIONS.join('|')} --why T [--supersedes ID]   (counsel)`,
    positionals: { min: 1, max: 1 },
    options: {
      privilege: { type: 'string' }, egregious: { type: 'string' }, vsd: { type: 'string' }, culpability: { type: 'string' }, determination: { type: 'string' },
      recommendation: { type: 'string' }, why: { type: 'string' }, supersedes: { type: 'string' },
    },
    run: async (_ctx, io, v, [number]) => {
      const egregious = yesNo(v.egregious, 'egregious');
      const vsd = yesNo(v.vsd, 'vsd');
      if (egregious === undefined || vsd === undefined) throw new UsageError('--egregious and --vsd are required (yes or no)');
      return {
        value: await io.call('legal.review', {
          number: number!,
          privilege: oneOf<PrivilegeMarking>(v.privilege, PRIVILEGE_MARKINGS, 'privilege'),
          egregious,
          voluntarilySelfDisclosed: vsd,
          culpabilityRationale: required(v, 'culpability'),
          determination: required(v, 'determination'),
          recommendation: oneOf<Recommendation>(v.recommendation, RECOMMENDATIONS, 'recommendation'),
          recommendationRationale: required(v, 'why'),
          ...(v.supersedes !== undefined && { supersedes: id(str(v.supersedes), 'supersedes') }),
        }),
      };
    },
  },
  {
    path: ['review', 'sign'],
    usage: 'review sign CASE ID --reason TEXT   (counsel; signs with your key, asks your passphrase again on a terminal)',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, review]) => {
      const reason = str(v.reason);
      if (!reason) throw new UsageError('--reason is required: say why you sign');
      return { value: await io.call('legal.signReview', { number: number!, id: id(review, 'ID'), reason, passphrase: await io.signingPassphrase() }) };
    },
  },
  {
    path: ['review', 'share'],
    usage: 'review share CASE ID   (counsel: lets officers read the review\'s text)',
    positionals: { min: 2, max: 2 },
    run: async (_ctx, io, _v, [number, review]) => ({ value: await io.call('legal.shareReview', { number: number!, id: id(review, 'ID') }) }),
  },
  {
    path: ['review', 'list'],
    usage: 'review list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('legal.reviews', { number: number! }) }),
  },
  {
    path: ['statutory-max', 'set'],
    usage: 'statutory-max set --effective YYYY-MM-DD --amount USD [--note T]   (counsel)',
    options: { effective: { type: 'string' }, amount: { type: 'string' }, note: { type: 'string' } },
    run: async (_ctx, io, v) => ({
      value: await io.call('legal.setStatutoryMaximum', { effectiveFrom: required(v, 'effective'), amountUsd: required(v, 'amount'), ...(v.note !== undefined && { note: str(v.note) }) }),
    }),
  },
  {
    path: ['statutory-max', 'list'],
    usage: 'statutory-max list',
    run: async (_ctx, io) => ({ value: await io.call('legal.statutoryMaximums', {}) }),
  },
  {
    path: ['review', 'factors'],
    usage: `review factors CASE [--set FACTOR=aggravating|mitigating|neutral --note T [--exhibit E-001 ...]]   (counsel; FACTOR one of ${FACTOR_KEYS.join(', ')}; 31 CFR 501 App. A section III. Without --set, lists them.)`,
    positionals: { min: 1, max: 1 },
    options: { set: { type: 'string' }, note: { type: 'string' }, exhibit: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => {
      const set = str(v.set);
      if (set === undefined) return { value: await io.call('legal.factors', { number: number! }) };
      const m = /^([a-z_]+)=([a-z]+)$/.exec(set.trim());
      if (!m || !(FACTOR_KEYS as readonly string[]).includes(m[1]!)) throw new UsageError(`--set must be FACTOR=ASSESSMENT with FACTOR one of ${FACTOR_KEYS.join(', ')}; got "${set}"`);
      if (!(ASSESSMENTS as readonly string[]).includes(m[2]!)) throw new UsageError(`--set ${m[1]}= must be one of ${ASSESSMENTS.join(', ')}; got "${m[2]}"`);
      const exhibits = v.exhibit === undefined ? [] : (Array.isArray(v.exhibit) ? v.exhibit : [v.exhibit]).filter((e): e is string => typeof e === 'string');
      return {
        value: await io.call('legal.setFactor', { number: number!, factor: m[1] as FactorKey, assessment: m[2] as Assessment, note: required(v, 'note'), exhibits }),
      };
    },
  },
];
