import { isVirtualAsset, minorDigits, parseRate, RATE_SCALE } from './payments.ts';

/**
 * Bounds on what a user may enter for a payment and an exchange rate, so that every value the legal
 * arithmetic derives from them stays an exact integer of US cents (below 2^53, JavaScript's largest
 * exact integer, about 90 trillion dollars in cents):
 * - an ISO-currency payment is at most one billion units of its currency, at a rate of at most
 *   10,000 USD per unit (the most valuable currency is worth a few dollars): at most 10^15 cents;
 * - a virtual-asset payment is at most 100 million units, at a rate of at most 900,000 USD per unit:
 *   at most 9 × 10^15 cents;
 * - a rate keeps exactly the decimals entered (at most 10), which the 900,000 cap keeps exact once
 *   scaled by 10^10.
 * A single payment larger than these is not a plausible record of wages; it is refused at entry, as a
 * typing error would be, instead of breaking the case's legal report later.
 */
export const MAX_PAYMENT_UNITS = 1_000_000_000n;
export const MAX_ASSET_UNITS = 100_000_000n;
export const MAX_CURRENCY_RATE = 10_000n;
export const MAX_ASSET_RATE = 900_000n;

/** Why an amount in minor units (ISO currency) or exact decimal text (virtual asset) is out of bounds, or null. */
export function amountBoundProblem(currency: string, amountMinor: number | undefined, amountNative: string | undefined): string | null {
  if (isVirtualAsset(currency)) {
    const int = /^\s*(\d+)/.exec(amountNative?.replace(/,/g, '') ?? '')?.[1];
    if (int !== undefined && BigInt(int) >= MAX_ASSET_UNITS) return `must be less than ${MAX_ASSET_UNITS.toLocaleString('en-US')} ${currency}`;
    return null;
  }
  if (amountMinor === undefined) return null;
  const max = MAX_PAYMENT_UNITS * 10n ** BigInt(minorDigits(currency));
  if (BigInt(amountMinor) > max) return `must be at most ${MAX_PAYMENT_UNITS.toLocaleString('en-US')} ${currency} in one payment`;
  return null;
}

/** Why a rate (USD per unit, as text) is out of bounds or not exact, or null. */
export function rateBoundProblem(currency: string, usdPerUnit: string): string | null {
  const scaled = parseRate(usdPerUnit);
  if (scaled === null) return 'must be a positive decimal number with at most 8 digits before the point and 10 after, such as 1.0834';
  const max = isVirtualAsset(currency) ? MAX_ASSET_RATE : MAX_CURRENCY_RATE;
  if (BigInt(scaled) > max * RATE_SCALE) return `must be at most ${max.toLocaleString('en-US')} USD per ${currency}`;
  return null;
}
