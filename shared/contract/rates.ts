import { z } from 'zod';
import { op } from './define.ts';
import { Currency, IsoDate, type FxRate } from '../payments.ts';

const Decimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,10})?$/, 'must be a positive decimal number such as 1.0834');

/** Exchange rates: the USD value of one unit of a currency on a date, entered by the user. */
export const ratesContract = {
  'rates.list': op(z.object({ currency: Currency.optional() })).returns<FxRate[]>(),
  'rates.set': op(z.object({ currency: Currency, date: IsoDate, usdPerUnit: Decimal })).returns<FxRate>(),
};
