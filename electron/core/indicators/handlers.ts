import type { HandlersFor } from '../handler.ts';
import type { indicatorsContract } from '../../../shared/contract/indicators.ts';
import { requireActor } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { CATALOGS, CATALOG_VERSION, CATEGORIES } from '../../../shared/indicators/catalog.ts';
import { DILIGENCE_STEPS } from '../../../shared/indicators/diligence.ts';
import { SOURCES } from '../../../shared/indicators/sources.ts';
import { assess, checklist, recordDiligence, rescoreOpenCases, storedRisk, upgradeCatalog } from './repo.ts';
import { currentWeights, DEFAULT_WEIGHTS, saveWeights } from './weights.ts';

export const indicatorsHandlers: HandlersFor<typeof indicatorsContract> = {
  'indicators.catalog': (_ctx, { version }) => {
    const c = CATALOGS[version ?? CATALOG_VERSION];
    if (!c) throw new AppError('not_found', `There is no catalog version ${version}; the latest is ${CATALOG_VERSION}.`);
    return { version: c.version, date: c.date, indicators: c.indicators, categories: CATEGORIES, sources: SOURCES, diligence: DILIGENCE_STEPS };
  },
  'indicators.checklist': (ctx, { number }) => checklist(ctx.db, number),
  'indicators.assess': (ctx, { number, ...input }) => assess(ctx.db, requireActor(ctx).name, number, input),
  'indicators.assessMany': (ctx, { number, indicators, status, rationale }) => {
    const actor = requireActor(ctx).name;
    return ctx.db.transaction(() => indicators.map((indicator) => assess(ctx.db, actor, number, { indicator, status, rationale, exhibits: [] }))).immediate();
  },
  'indicators.diligence': (ctx, { number, ...input }) => recordDiligence(ctx.db, requireActor(ctx).name, number, input),
  'indicators.upgrade': (ctx, { number }) => upgradeCatalog(ctx.db, requireActor(ctx).name, number),
  'indicators.risk': (ctx, { number }) => storedRisk(ctx.db, getCase(ctx.db, number)),
  'indicators.weights': (ctx) => ({ weights: currentWeights(ctx.db), defaults: DEFAULT_WEIGHTS }),
  'indicators.setWeights': (ctx, { weights, reset }) => {
    const actor = requireActor(ctx).name;
    return ctx.db.transaction(() => {
      const after = saveWeights(ctx.db, actor, weights, reset);
      return { weights: after, defaults: DEFAULT_WEIGHTS, rescored: rescoreOpenCases(ctx.db) };
    }).immediate();
  },
};
