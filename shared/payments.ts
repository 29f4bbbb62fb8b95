import { z } from 'zod';
import { counted, hasControlChars } from './text.ts';
import type { WalletChain } from './identifiers.ts';

export const RAILS = ['bank_wire', 'ach', 'sepa', 'paypal', 'payoneer', 'wise', 'crypto', 'card', 'check', 'cash', 'platform', 'other'] as const;
export type Rail = (typeof RAILS)[number];

export const RAIL_LABELS: Record<Rail, string> = {
  bank_wire: 'Bank wire',
  ach: 'ACH',
  sepa: 'SEPA transfer',
  paypal: 'PayPal',
  payoneer: 'Payoneer',
  wise: 'Wise',
  crypto: 'Crypto',
  card: 'Card',
  check: 'Check',
  cash: 'Cash',
  platform: 'Freelance platform',
  other: 'Other',
};

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * ISO-4217 minor-unit digits (USD 2, JPY 0, KWD 3), as the platform's Intl knows them; 2 for a
 * text that is not a currency code (Intl throws on it), which the Currency check refuses anyway.
 */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export const Currency = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z]{3}$/.test(s) && KNOWN_CURRENCIES.has(s), 'must be an ISO-4217 currency code such as USD or EUR');

/**
 * The virtual assets a payment can be recorded in, with the smallest unit each chain counts in
 * (shown for reference) and the wallet chains (as the identifiers know them) its addresses are
 * validated on. Amounts are accepted to 18 decimals whatever the asset: an exchange's export may
 * value a transfer more finely than the chain counts.
 */
export const VIRTUAL_ASSETS = {
  BTC: { name: 'Bitcoin', decimals: 8, chains: ['BTC'] },
  ETH: { name: 'Ether', decimals: 18, chains: ['ETH'] },
  USDT: { name: 'Tether USD', decimals: 6, chains: ['USDT-ETH', 'USDT-TRON'] },
  USDC: { name: 'USD Coin', decimals: 6, chains: ['USDC-ETH', 'USDC-TRON'] },
  TRX: { name: 'Tron', decimals: 6, chains: ['TRX'] },
  LTC: { name: 'Litecoin', decimals: 8, chains: ['LTC'] },
} as const satisfies Record<string, { name: string; decimals: number; chains: readonly WalletChain[] }>;
export type VirtualAsset = keyof typeof VIRTUAL_ASSETS;
/** Other codes exchanges use for the same asset. */
const ASSET_ALIASES: Record<string, VirtualAsset> = { XBT: 'BTC' };

export const isVirtualAsset = (code: string): code is VirtualAsset => Object.hasOwn(VIRTUAL_ASSETS, code);

/** Upper-cases a currency or asset code and maps an alias (XBT) to its usual code (BTC). */
export const normaliseCode = (code: string): string => {
  const c = code.trim().toUpperCase();
  return ASSET_ALIASES[c] ?? c;
};

export const isKnownCode = (code: string): boolean => isVirtualAsset(code) || (/^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code));

/** An ISO-4217 currency or a virtual asset (BTC/XBT, ETH, USDT, USDC, TRX, LTC). */
export const CurrencyOrAsset = z
  .string()
  .transform(normaliseCode)
  .refine(isKnownCode, `must be an ISO-4217 currency code such as USD or EUR, or a virtual asset: ${Object.keys(VIRTUAL_ASSETS).join(', ')} (XBT for BTC)`);

const NATIVE_SCALE_DIGITS = 18;
/** The most decimals a virtual-asset amount may have (the finest any listed chain counts in: ETH's wei). */
export const MAX_NATIVE_DECIMALS = NATIVE_SCALE_DIGITS;
const NATIVE_SCALE = 10n ** BigInt(NATIVE_SCALE_DIGITS);

/**
 * Parses an amount of a virtual asset as typed ("0.5", "1,234.000000000000000001") into its
 * canonical decimal text, exactly (never through a float). Null when it is not a positive amount
 * with at most 18 decimals.
 */
export function parseNativeAmount(text: string): string | null {
  const m = /^(\d{1,20})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > MAX_NATIVE_DECIMALS) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  if (BigInt(int) === 0n && frac === '') return null;
  return frac ? `${int}.${frac}` : int;
}

/** A canonical native amount in units of 10^-18 (exact). */
const nativeUnits = (amount: string): bigint => {
  const [int, frac = ''] = amount.split('.');
  return BigInt(int!) * NATIVE_SCALE + BigInt(frac.padEnd(NATIVE_SCALE_DIGITS, '0') || '0');
};

/** Converts a native amount to US cents at a scaled rate (USD per unit × 10^10), rounding half a cent up. */
export function nativeToUsdCents(amount: string, rateScaled: number): number {
  const num = nativeUnits(amount) * BigInt(rateScaled) * 100n;
  const den = NATIVE_SCALE * RATE_SCALE_VALUE;
  const cents = (num * 2n + den) / (2n * den);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('the USD value is too large to compute exactly');
  return Number(cents);
}

/**
 * How many days before a payment an exchange rate may be dated and still count (the rate must be
 * dated on or before the payment). Older rates leave the payment unconverted ("stale rate").
 */
export const DEFAULT_RATE_MAX_AGE_DAYS = 7;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** True when a rate dated `rateDate` may value a payment made on `paidOn`. */
export const rateIsFresh = (rateDate: string, paidOn: string, maxAgeDays: number): boolean => {
  const age = daysBetween(rateDate, paidOn);
  return age >= 0 && age <= maxAgeDays;
};

/**
 * Parses a decimal amount as typed ("1,234.56", "1234.5") into integer minor units, exactly
 * (never through a float). Returns null when it is not an amount in that currency.
 */
export function parseAmount(text: string, currency: string): number | null {
  const t = text.trim().replace(/,/g, '');
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(t);
  if (!m) return null;
  const digits = minorDigits(currency);
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const value = (minor / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${currency} ${value}`;
}

/** Exchange rates are kept as USD per unit × 10^10, so conversion is exact integer arithmetic. */
export const RATE_SCALE = 10_000_000_000n;
const RATE_SCALE_VALUE = RATE_SCALE;

/** Parses "1.0834" (USD per one unit of the currency) into the scaled integer; null if not a positive decimal. */
export function parseRate(text: string): number | null {
  const m = /^(\d{1,8})(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!m) return null;
  const scaled = BigInt(m[1]!) * RATE_SCALE + BigInt((m[2] ?? '').padEnd(10, '0'));
  return scaled > 0n ? Number(scaled) : null;
}

export const formatRate = (scaled: number): string => {
  const s = BigInt(scaled);
  const frac = (s % RATE_SCALE).toString().padStart(10, '0').replace(/0+$/, '');
  return `${s / RATE_SCALE}${frac ? `.${frac}` : ''}`;
};

/** Converts minor units to US cents at a scaled rate, rounding half a cent up. */
export function toUsdCents(amountMinor: number, currency: string, rateScaled: number): number {
  if (currency === 'USD') return amountMinor;
  const shift = 2 - minorDigits(currency);
  let num = BigInt(amountMinor) * BigInt(rateScaled);
  let den = RATE_SCALE;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  return Number((num * 2n + den) / (2n * den));
}

const oneLine = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');

export const IsoDate = z.iso.date('must be a date like 2025-03-31');

export const CountryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => s === '' || /^[A-Z]{2}$/.test(s), 'must be a two-letter country code such as US or CN');

/** One payment as entered or imported: the amount already in minor units of its currency. */
export const PaymentFields = z.object({
  paidOn: IsoDate,
  /** The amount in minor units of an ISO currency (cents for USD). */
  amountMinor: z.number().int('must be whole minor units').positive('must be more than zero').max(Number.MAX_SAFE_INTEGER).optional(),
  /** The amount of a virtual asset as exact decimal text (up to 18 decimals), never a float. */
  amountNative: z.string().trim().max(60).optional(),
  currency: CurrencyOrAsset,
  rail: z.enum(RAILS),
  payeeName: oneLine(200).min(1, 'is required'),
  payeeAccount: oneLine(200).default(''),
  payeeCountry: CountryCode.default(''),
  intermediary: oneLine(200).default(''),
  reference: oneLine(500).default(''),
  /** Virtual currency: the transaction hash and the sending and receiving wallets. */
  txHash: oneLine(100).default(''),
  walletFrom: oneLine(120).default(''),
  walletTo: oneLine(120).default(''),
});
export type PaymentFields = z.output<typeof PaymentFields>;

/** Exact decimal text of a payment's amount in its own currency or asset. */
export function amountText(p: { amountMinor: number | null; amountNative: string | null; currency: string }): string {
  if (p.amountNative !== null) return p.amountNative;
  const digits = minorDigits(p.currency);
  const minor = String(p.amountMinor ?? 0).padStart(digits + 1, '0');
  return digits === 0 ? minor : `${minor.slice(0, -digits)}.${minor.slice(-digits)}`;
}

/** "EUR 1,234.50", "BTC 0.5": a payment's amount for people to read, exact. */
export function formatPaymentAmount(p: { amountMinor: number | null; amountNative: string | null; currency: string }): string {
  if (p.amountNative === null) return formatAmount(p.amountMinor ?? 0, p.currency);
  const [int, frac] = p.amountNative.split('.');
  return `${p.currency} ${BigInt(int!).toLocaleString('en-US')}${frac ? `.${frac}` : ''}`;
}

export type Payment = Omit<PaymentFields, 'amountMinor' | 'amountNative'> & {
  /** Minor units of an ISO currency; null for a virtual asset. */
  amountMinor: number | null;
  /** Exact decimal amount of a virtual asset; null for an ISO currency. */
  amountNative: string | null;
  id: number;
  caseId: number;
  source: 'manual' | 'import';
  importId: number | null;
  importLine: number | null;
  createdBy: string;
  createdAt: string;
  /** USD value at the latest rate dated on or before the payment and no older than the setting allows; null otherwise. */
  usdCents: number | null;
  /** The rate used (USD per unit) and its date; for an unconverted payment, the stale rate found, if any. */
  rate: string | null;
  rateDate: string | null;
  /** Why there is no USD value: no rate on or before the date, or only one older than the setting allows. */
  unconvertedReason: 'no rate' | 'stale rate' | null;
};

export type FxRate = { currency: string; date: string; usdPerUnit: string; enteredBy: string; enteredAt: string };

export type Totals = {
  byRail: { key: string; usdCents: number; count: number }[];
  byPayee: { key: string; usdCents: number; count: number }[];
  byYear: { key: string; usdCents: number; count: number }[];
  totalUsdCents: number;
  unconverted: number;
};

export function totalsOf(payments: readonly Payment[]): Totals {
  const group = (key: (p: Payment) => string) => {
    const m = new Map<string, { key: string; usdCents: number; count: number }>();
    for (const p of payments) {
      const k = key(p);
      const g = m.get(k) ?? { key: k, usdCents: 0, count: 0 };
      g.usdCents += p.usdCents ?? 0;
      g.count++;
      m.set(k, g);
    }
    return [...m.values()].sort((a, b) => b.usdCents - a.usdCents || a.key.localeCompare(b.key));
  };
  return {
    byRail: group((p) => p.rail),
    byPayee: group((p) => p.payeeName),
    byYear: group((p) => p.paidOn.slice(0, 4)).sort((a, b) => a.key.localeCompare(b.key)),
    totalUsdCents: payments.reduce((s, p) => s + (p.usdCents ?? 0), 0),
    unconverted: payments.filter((p) => p.usdCents === null).length,
  };
}

/** Payment services and banks whose presence links a payment to China (PY-02). */
export const CHINA_LINKED_SERVICES = ['alipay', 'wechat pay', 'weixin', 'unionpay', 'lianlian', 'pingpong', 'bank of china', 'icbc', 'china construction bank', 'agricultural bank of china', 'china merchants bank'];

export type PaymentFinding = { indicator: 'PY-01' | 'PY-02' | 'ID-10' | 'PY-07'; paymentIds: number[]; summary: string };

/** Names compared regardless of case, accents, punctuation and word order ("KIM, Sang Man" = "Sang-Man Kim"). */
export const normaliseName = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');

/**
 * The machine-checkable payment red flags. `subjectNames` are the names the subject is known by;
 * `sanctionedAccounts` are normalised payee accounts that screening matched to the SDN list.
 */
export function detectPaymentFindings(payments: readonly Payment[], subjectNames: readonly string[], sanctionedAccounts: ReadonlySet<string> = new Set()): PaymentFinding[] {
  const findings: PaymentFinding[] = [];
  const ids = (f: (p: Payment) => boolean) => payments.filter(f).map((p) => p.id);
  const crypto = ids((p) => p.rail === 'crypto');
  if (crypto.length) findings.push({ indicator: 'PY-01', paymentIds: crypto, summary: `${counted(crypto.length, 'payment')} made in virtual currency.` });
  const china = ids((p) => {
    const text = `${p.intermediary} ${p.payeeName} ${p.reference}`.toLowerCase();
    return p.payeeCountry === 'CN' || p.payeeCountry === 'HK' || CHINA_LINKED_SERVICES.some((s) => text.includes(s));
  });
  if (china.length) findings.push({ indicator: 'PY-02', paymentIds: china, summary: `${counted(china.length, 'payment')} to a payee in China or Hong Kong, or through a China-linked service.` });
  const known = new Set(subjectNames.map(normaliseName).filter(Boolean));
  if (known.size) {
    const other = ids((p) => !known.has(normaliseName(p.payeeName)));
    if (other.length) {
      const names = [...new Set(payments.filter((p) => other.includes(p.id)).map((p) => p.payeeName))];
      findings.push({ indicator: 'ID-10', paymentIds: other, summary: `${counted(other.length, 'payment')} to a payee whose name differs from the subject's: ${names.slice(0, 5).join('; ')}${names.length > 5 ? '; …' : ''}.` });
    }
  }
  const matched = (a: string) => a !== '' && sanctionedAccounts.has(a.trim().toLowerCase());
  const hits = ids((p) => matched(p.payeeAccount) || matched(p.walletTo) || matched(p.walletFrom));
  if (hits.length) findings.push({ indicator: 'PY-07', paymentIds: hits, summary: `${counted(hits.length, 'payment')} to an account or wallet that screening matched to the SDN list.` });
  return findings;
}
