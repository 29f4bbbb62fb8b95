import type { HandlersFor } from '../handler.ts';
import type { casesContract } from '../../../shared/contract/cases.ts';
import type { CaseListView } from '../../../shared/cases.ts';
import { requireActor } from '../context.ts';
import { caseEvents } from '../audit/chain.ts';
import { distinctAssignees, distinctTags, getCase, updateCase } from './repo.ts';
import { setStatus } from './status.ts';
import { listCases } from './list.ts';
import { getPreference, setPreference } from '../session/users.ts';
import { createCaseWithTemplate } from '../templates/apply.ts';

export const casesHandlers: HandlersFor<typeof casesContract> = {
  'cases.create': (ctx, input) => createCaseWithTemplate(ctx.db, requireActor(ctx).name, input),
  'cases.get': (ctx, { number }) => getCase(ctx.db, number),
  'cases.list': (ctx, query) => listCases(ctx.db, query),
  'cases.update': (ctx, { number, version, patch }) => updateCase(ctx.db, requireActor(ctx).name, number, version, patch),
  'cases.setStatus': (ctx, { number, to, note }) => setStatus(ctx.db, requireActor(ctx).name, number, to, note || undefined),
  'cases.audit': (ctx, { number }) => caseEvents(ctx.db, getCase(ctx.db, number).id),
  'cases.assignees': (ctx) => distinctAssignees(ctx.db),
  'cases.tags': (ctx) => distinctTags(ctx.db),
  'cases.getView': (ctx) => getPreference<CaseListView>(ctx.db, requireActor(ctx).name, 'view.cases'),
  'cases.saveView': (ctx, view) => {
    setPreference(ctx.db, requireActor(ctx).name, 'view.cases', view);
    return { saved: true as const };
  },
};
