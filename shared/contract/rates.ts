import { z } from 'zod';
import { op } from './define.ts';
import { rateBoundProblem } from '../bounds.ts';
import { CurrencyOrAsset, IsoDate, type FxRate } from '../payments.ts';

const Decimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,10})?$/, 'must be a positive decimal number such as 1.0834');

/** Exchange rates: the USD value of one unit of a currency or virtual asset on a date, entered by the user. */
export const ratesContract = {
  'rates.list': op(z.object({ currency: CurrencyOrAsset.optional() })).reads<FxRate[]>(),
  'rates.set': op(
    z.object({ currency: CurrencyOrAsset, date: IsoDate, usdPerUnit: Decimal }).superRefine((r, ctx) => {
      const problem = rateBoundProblem(r.currency, r.usdPerUnit);
      if (problem) ctx.addIssue({ code: 'custom', path: ['usdPerUnit'], message: problem });
    }),
  ).returns<FxRate>(),
  'rates.settings': op(z.object({})).reads<{ maxAgeDays: number }>(),
  'rates.setSettings': op(z.object({ maxAgeDays: z.number().int('must be a whole number of days').min(0).max(366) })).returns<{ maxAgeDays: number }>(),
};
