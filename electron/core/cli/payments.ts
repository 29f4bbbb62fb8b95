import { resolve } from 'node:path';
import { parseAmount, RAILS } from '../../../shared/payments.ts';
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
    usage: `payments add CASE --date YYYY-MM-DD --amount 1234.56 --currency USD --rail ${RAILS.join('|')} --payee NAME [--account A] [--country CC] [--intermediary I] [--reference R]`,
    positionals: { min: 1, max: 1 },
    options: {
      date: { type: 'string' }, amount: { type: 'string' }, currency: { type: 'string' }, rail: { type: 'string' }, payee: { type: 'string' },
      account: { type: 'string' }, country: { type: 'string' }, intermediary: { type: 'string' }, reference: { type: 'string' },
    },
    run: async (_ctx, io, v, [number]) => {
      const currency = required(v, 'currency').trim().toUpperCase();
      const amountText = required(v, 'amount');
      let amountMinor: number | null;
      try {
        amountMinor = parseAmount(amountText, currency);
      } catch {
        throw new UsageError(`--currency must be an ISO-4217 code such as USD or EUR; got "${currency}"`);
      }
      if (amountMinor === null) throw new UsageError(`--amount "${amountText}" is not an amount in ${currency} (digits, at most one decimal point)`);
      const rail = parseRail(required(v, 'rail'));
      if (!rail) throw new UsageError(`--rail must be one of ${RAILS.join(', ')}; got "${str(v.rail)}"`);
      return {
        value: await io.call('payments.add', {
          number: number!,
          paidOn: required(v, 'date'),
          amountMinor,
          currency,
          rail,
          payeeName: required(v, 'payee'),
          ...(v.account !== undefined && { payeeAccount: str(v.account) }),
          ...(v.country !== undefined && { payeeCountry: str(v.country) }),
          ...(v.intermediary !== undefined && { intermediary: str(v.intermediary) }),
          ...(v.reference !== undefined && { reference: str(v.reference) }),
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
    usage: 'rates set CURRENCY YYYY-MM-DD USD_PER_UNIT   (e.g. rates set EUR 2025-03-01 1.0834)',
    positionals: { min: 3, max: 3 },
    run: async (_ctx, io, _v, [currency, date, rate]) => ({ value: await io.call('rates.set', { currency: currency!, date: date!, usdPerUnit: rate! }) }),
  },
  {
    path: ['rates', 'list'],
    usage: 'rates list [CURRENCY]',
    positionals: { min: 0, max: 1 },
    run: async (_ctx, io, _v, [currency]) => ({ value: await io.call('rates.list', currency ? { currency } : {}) }),
  },
];
