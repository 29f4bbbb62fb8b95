import type { HandlersFor } from '../handler.ts';
import type { workspaceContract } from '../../../shared/contract/workspace.ts';
import { requireActor } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { backupStatus } from '../backup/service.ts';
import { dashboardCounts } from './counts.ts';
import { caseOverview } from './overview.ts';
import { listTemplates, retireTemplate, saveTemplate, templateVersions } from '../templates/repo.ts';
import { addInvestigationTask, listInvestigationTasks, updateInvestigationTask } from '../investigations/repo.ts';

export const workspaceHandlers: HandlersFor<typeof workspaceContract> = {
  'dashboard.get': (ctx) => {
    const b = backupStatus(ctx.paths.dbFile);
    return dashboardCounts(ctx.db, { lastSuccess: b.lastSuccess, lastError: b.lastError, stale: b.stale, configured: b.folder !== null });
  },
  'cases.overview': (ctx, { number }) => caseOverview(ctx.db, number),
  'templates.list': (ctx, { includeRetired }) => listTemplates(ctx.db, includeRetired),
  'templates.versions': (ctx, { id }) => templateVersions(ctx.db, id),
  'templates.save': (ctx, input) => saveTemplate(ctx.db, requireActor(ctx).name, input),
  'templates.retire': (ctx, { id, retired }) => retireTemplate(ctx.db, requireActor(ctx).name, id, retired),
  'investigation.list': (ctx, { number }) => listInvestigationTasks(ctx.db, getCase(ctx.db, number).id),
  'investigation.add': (ctx, { number, ...t }) => addInvestigationTask(ctx.db, requireActor(ctx).name, number, t),
  'investigation.update': (ctx, { number, id, version, patch }) => updateInvestigationTask(ctx.db, requireActor(ctx).name, number, id, version, patch),
};
