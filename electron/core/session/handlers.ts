import type { HandlersFor } from '../handler.ts';
import type { sessionContract } from '../../../shared/contract/session.ts';
import { currentUser, findUser, listUsers, registerUser, signIn } from './users.ts';
import { requireActor } from '../context.ts';
import { settingsEvents, verifyChain } from '../audit/chain.ts';

export const sessionHandlers: HandlersFor<typeof sessionContract> = {
  // The acting user as registered; an actor who never signed in (e.g. the CLI's OS user) has no record.
  'session.current': (ctx) => (ctx.actor ? (findUser(ctx.db, ctx.actor.name) ?? null) : currentUser(ctx.db)),
  'session.signIn': (ctx, { name, role }) => {
    const user = signIn(ctx.db, name, role);
    ctx.actor = { name: user.name, role: user.role };
    return user;
  },
  'users.add': (ctx, { name, role }) => registerUser(ctx.db, requireActor(ctx).name, name, role),
  'users.list': (ctx) => listUsers(ctx.db),
  'jobs.cancel': (ctx, { jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
  'audit.verify': (ctx) => verifyChain(ctx.db),
  'audit.settings': (ctx, { limit }) => settingsEvents(ctx.db, limit),
};
