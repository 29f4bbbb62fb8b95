import type { HandlersFor } from '../handler.ts';
import type { ratesContract } from '../../../shared/contract/rates.ts';
import { requireActor } from '../context.ts';
import { listRates, rateMaxAgeDays, setRate, setRateMaxAgeDays } from './repo.ts';

export const ratesHandlers: HandlersFor<typeof ratesContract> = {
  'rates.list': (ctx, { currency }) => listRates(ctx.db, currency),
  'rates.set': (ctx, { currency, date, usdPerUnit }) => setRate(ctx.db, requireActor(ctx).name, currency, date, usdPerUnit),
  'rates.settings': (ctx) => ({ maxAgeDays: rateMaxAgeDays(ctx.db) }),
  'rates.setSettings': (ctx, { maxAgeDays }) => setRateMaxAgeDays(ctx.db, requireActor(ctx).name, maxAgeDays),
};
