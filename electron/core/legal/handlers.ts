import type { HandlersFor } from '../handler.ts';
import type { legalContract } from '../../../shared/contract/legal.ts';
import { requireActor } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { addReview, caseExposure, listFactors, listReviews, listStatutoryMaximums, setFactor, setStatutoryMaximum, signReview, reviewFor, shareReview } from './repo.ts';
import { signerFor } from '../session/signing.ts';

export const legalHandlers: HandlersFor<typeof legalContract> = {
  'legal.statutoryMaximums': (ctx) => listStatutoryMaximums(ctx.db),
  'legal.setStatutoryMaximum': (ctx, { effectiveFrom, amountUsd, note }) => {
    const actor = requireActor(ctx);
    if (actor.role !== 'counsel') throw new AppError('forbidden', 'Only counsel changes the statutory maximum.');
    return setStatutoryMaximum(ctx.db, actor.name, effectiveFrom, amountUsd, note);
  },
  'legal.exposure': (ctx, { number, egregious, voluntarilySelfDisclosed, asOf }) =>
    caseExposure(ctx.db, number, { ...(egregious !== undefined && { egregious }), ...(voluntarilySelfDisclosed !== undefined && { voluntarilySelfDisclosed }) }, asOf),
  // Privileged: an officer gets each review's outcome, not its text, until counsel shares it.
  'legal.reviews': (ctx, { number }) => listReviews(ctx.db, getCase(ctx.db, number).id).map((r) => reviewFor(r, ctx.actor)),
  'legal.review': (ctx, { number, supersedes, ...fields }) => addReview(ctx.db, requireActor(ctx), number, fields, supersedes),
  'legal.signReview': (ctx, { number, id, reason, passphrase }) => {
    const actor = requireActor(ctx);
    if (actor.role !== 'counsel') throw new AppError('forbidden', 'Only counsel signs the legal review; you are signed in as an officer.');
    return signReview(ctx.db, actor, number, id, reason, signerFor(ctx, passphrase));
  },
  'legal.shareReview': (ctx, { number, id }) => shareReview(ctx.db, requireActor(ctx), number, id),
  'legal.factors': (ctx, { number }) => listFactors(ctx.db, getCase(ctx.db, number).id),
  'legal.setFactor': (ctx, { number, ...f }) => setFactor(ctx.db, requireActor(ctx), number, f),
};
