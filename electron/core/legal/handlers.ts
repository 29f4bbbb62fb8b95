import type { HandlersFor } from '../handler.ts';
import type { legalContract } from '../../../shared/contract/legal.ts';
import { requireActor } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { addReview, caseExposure, listFactors, listReviews, listStatutoryMaximums, setFactor, setStatutoryMaximum, signReview } from './repo.ts';

export const legalHandlers: HandlersFor<typeof legalContract> = {
  'legal.statutoryMaximums': (ctx) => listStatutoryMaximums(ctx.db),
  'legal.setStatutoryMaximum': (ctx, { effectiveFrom, amountUsd, note }) => {
    const actor = requireActor(ctx);
    if (actor.role !== 'counsel') throw new AppError('forbidden', 'Only counsel changes the statutory maximum.');
    return setStatutoryMaximum(ctx.db, actor.name, effectiveFrom, amountUsd, note);
  },
  'legal.exposure': (ctx, { number, egregious, voluntarilySelfDisclosed, asOf }) =>
    caseExposure(ctx.db, number, { ...(egregious !== undefined && { egregious }), ...(voluntarilySelfDisclosed !== undefined && { voluntarilySelfDisclosed }) }, asOf),
  'legal.reviews': (ctx, { number }) => listReviews(ctx.db, getCase(ctx.db, number).id),
  'legal.review': (ctx, { number, supersedes, ...fields }) => addReview(ctx.db, requireActor(ctx), number, fields, supersedes),
  'legal.signReview': (ctx, { number, id }) => signReview(ctx.db, requireActor(ctx), number, id),
  'legal.factors': (ctx, { number }) => listFactors(ctx.db, getCase(ctx.db, number).id),
  'legal.setFactor': (ctx, { number, ...f }) => setFactor(ctx.db, requireActor(ctx), number, f),
};
