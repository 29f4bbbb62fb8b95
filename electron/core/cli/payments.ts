import { resolve } from 'node:path';
import { isKnownCode, isVirtualAsset, normaliseCode, parseAmount, RAILS, VIRTUAL_ASSETS } from '../../../shared/payments.ts';
import { parseRail } from '../payments/import.ts';
import { str, UsageError, type CliCommand, type CliValues } from './types.ts';

function required(v: CliValues, flag: string): string {
  const s = str(v[flag]);
  if (s === undefined) throw new UsageError(`--${flag} is required`);
  return s;
}

export const paymentsCommands: CliCommand[] = [
  {
    path: ['payments', 'add'],
    usage: `payments add CASE --date YYYY-MM-DD --amount 1234.56 --currency USD|EUR|…|BTC|ETH|USDT|USDC|TRX|LTC [--rail ${RAILS.join('|')}] --payee NAME [--account A] [--country CC] [--intermediary I] [--reference R] [--tx HASH] [--wallet-from A] [--wallet-to A]   (virtual currency: the rail is crypto, the amount exact, up to 18 decimals)`,
    positionals: { min: 1, max: 1 },
    options: {
      date: { type: 'string' }, amount: { type: 'string' }, currency: { type: 'string' }, rail: { type: 'string' }, payee: { type: 'string' },
      account: { type: 'string' }, country: { type: 'string' }, intermediary: { type: 'string' }, reference: { type: 'string' },
      tx: { type: 'string' }, 'wallet-from': { type: 'string' }, 'wallet-to': { type: 'string' },
    },
    run: async (_ctx, io, v, [number]) => {
      const currency = normaliseCode(required(v, 'currency'));
      const amountText = required(v, 'amount');
      const virtual = isVirtualAsset(currency);
      let amountMinor: number | null = null;
      if (!virtual) {
        if (!isKnownCode(currency)) throw new UsageError(`--currency must be an ISO-4217 code such as USD or EUR, or a virtual asset (${Object.keys(VIRTUAL_ASSETS).join(', ')}); got "${currency}"`);
        amountMinor = parseAmount(amountText, currency);
        if (amountMinor === null) throw new UsageError(`--amount "${amountText}" is not an amount in ${currency} (digits, at most one decimal point)`);
      }
      const railText = str(v.rail) ?? (virtual ? 'crypto' : required(v, 'rail'));
      const rail = parseRail(railText);
      if (!rail) throw new UsageError(`--rail must be one of ${RAILS.join(', ')}; got "${railText}"`);
      return {
        value: await io.call('payments.add', {
          number: number!,
          paidOn: required(v, 'date'),
          ...(virtual ? { amountNative: amountText } : { amountMinor: amountMinor! }),
          currency,
          rail,
          payeeName: required(v, 'payee'),
          ...(v.account !== undefined && { payeeAccount: str(v.account) }),
          ...(v.country !== undefined && { payeeCountry: str(v.country) }),
          ...(v.intermediary !== undefined && { intermediary: str(v.intermediary) }),
          ...(v.reference !== undefined && { reference: str(v.reference) }),
          ...(v.tx !== undefined && { txHash: str(v.tx) }),
          ...(v['wallet-from'] !== undefined && { walletFrom: str(v['wallet-from']) }),
          ...(v['wallet-to'] !== undefined && { walletTo: str(v['wallet-to']) }),
        }),
      };
    },
  },
  {
    path: ['payments', 'import'],
    usage: 'payments import CASE FILE.csv   (header: date,amount,currency,rail,payee[,payee_account,payee_country,intermediary,reference])',
    positionals: { min: 2, max: 2 },
    run: async (_ctx, io, _v, [number, file]) => ({ value: await io.call('payments.import', { number: number!, path: resolve(file!) }) }),
  },
  {
    path: ['payments', 'list'],
    usage: 'payments list CASE   (the ledger, totals by rail, payee and year, and the payment red flags)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('payments.list', { number: number! }) }),
  },
  {
    path: ['rates', 'set'],
    usage: 'rates set CURRENCY|ASSET YYYY-MM-DD USD_PER_UNIT   (e.g. rates set EUR 2025-03-01 1.0834; rates set BTC 2025-03-01 86000)',
    positionals: { min: 3, max: 3 },
    run: async (_ctx, io, _v, [currency, date, rate]) => ({ value: await io.call('rates.set', { currency: currency!, date: date!, usdPerUnit: rate! }) }),
  },
  {
    path: ['rates', 'list'],
    usage: 'rates list [CURRENCY]',
    positionals: { min: 0, max: 1 },
    run: async (_ctx, io, _v, [currency]) => ({ value: await io.call('rates.list', currency ? { currency } : {}) }),
  },
  {
    path: ['rates', 'max-age'],
    usage: 'rates max-age [DAYS]   (how many days before a payment its rate may be dated; default 7)',
    positionals: { min: 0, max: 1 },
    run: async (_ctx, io, _v, [days]) => {
      if (days === undefined) return { value: await io.call('rates.settings', {}) };
      if (!/^\d+$/.test(days)) throw new UsageError(`DAYS must be a whole number of days; got "${days}"`);
      return { value: await io.call('rates.setSettings', { maxAgeDays: Number(days) }) };
    },
  },
  {
    path: ['payments', 'block'],
    usage: 'payments block CASE ID --kind blocked|rejected --note T [--date YYYY-MM-DD]   (counsel; opens a task to report it to OFAC within 10 business days, 31 CFR 501.603/501.604)',
    positionals: { min: 2, max: 2 },
    options: { kind: { type: 'string' }, note: { type: 'string' }, date: { type: 'string' } },
    run: async (_ctx, io, v, [number, id]) => {
      const kind = required(v, 'kind');
      if (kind !== 'blocked' && kind !== 'rejected') throw new UsageError(`--kind must be blocked or rejected; got "${kind}"`);
      if (!/^\d+$/.test(id!)) throw new UsageError(`ID must be a payment number; got "${id}"`);
      return {
        value: await io.call('payments.block', { number: number!, id: Number(id), kind, note: required(v, 'note'), ...(v.date !== undefined && { onDate: str(v.date) }) }),
      };
    },
  },
];
