import type { HandlersFor } from '../handler.ts';
import type { decisionsContract } from '../../../shared/contract/decisions.ts';
import { requireActor } from '../context.ts';
import { signerFor } from '../session/signing.ts';
import { getCase } from '../cases/repo.ts';
import { addDecision, listDecisions, signDecision } from './repo.ts';
import { addTask, listTasks, updateTask } from './tasks.ts';

export const decisionsHandlers: HandlersFor<typeof decisionsContract> = {
  'decisions.list': (ctx, { number }) => listDecisions(ctx.db, getCase(ctx.db, number).id),
  'decisions.add': (ctx, { number, ...input }) => addDecision(ctx.db, requireActor(ctx), number, input),
  'decisions.sign': (ctx, { number, id, reason, passphrase }) => signDecision(ctx.db, requireActor(ctx), number, id, reason, signerFor(ctx, passphrase)),
  'tasks.list': (ctx, { number }) => listTasks(ctx.db, getCase(ctx.db, number).id),
  'tasks.add': (ctx, { number, ...task }) => addTask(ctx.db, requireActor(ctx).name, number, task),
  'tasks.update': (ctx, { number, id, version, patch }) => updateTask(ctx.db, requireActor(ctx).name, number, id, version, patch),
};
