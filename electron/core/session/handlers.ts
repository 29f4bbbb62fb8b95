import type { HandlersFor } from '../handler.ts';
import type { sessionContract } from '../../../shared/contract/session.ts';
import { currentUser, findUser, listUsers } from './users.ts';
import { addUser, giveRole, resetPassphrase, setUpFirstUser, signInUser } from './accounts.ts';
import { settingsEvents } from '../audit/chain.ts';
import { verifyRecord } from '../signing/records.ts';

export const sessionHandlers: HandlersFor<typeof sessionContract> = {
  // The acting user as registered; an actor who never signed in has no record.
  'session.current': (ctx) => (ctx.actor ? (findUser(ctx.db, ctx.actor.name) ?? null) : currentUser(ctx.db)),
  'session.signIn': (ctx, { name, passphrase }) => signInUser(ctx, name, passphrase),
  'session.setUp': (ctx, { name, role, passphrase }) => setUpFirstUser(ctx, name, role, passphrase),
  'users.add': (ctx, input) => addUser(ctx, input),
  'users.setRole': (ctx, { name, role }) => giveRole(ctx, name, role),
  'users.resetPassphrase': (ctx, { name, passphrase }) => resetPassphrase(ctx, name, passphrase),
  'users.list': (ctx) => listUsers(ctx.db),
  'jobs.cancel': (ctx, { jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
  'audit.verify': (ctx) => verifyRecord(ctx.db),
  'audit.settings': (ctx, { limit }) => settingsEvents(ctx.db, limit),
};
