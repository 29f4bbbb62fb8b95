import type { HandlersFor } from '../handler.ts';
import type { activityContract } from '../../../shared/contract/activity.ts';
import { requireActor, type Ctx } from '../context.ts';
import type { Finding } from '../../../shared/activity/types.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { importActivity, listImports, previewImport } from './import.ts';
import { withSourceFile } from '../evidence/source-file.ts';
import { acceptFinding, dismissFinding, listFindings } from './findings.ts';
import { warmImportWorkers, workerJob } from './worker-client.ts';
import { caseHeatmap } from './heatmap.ts';
import { activitySettings, saveActivitySettings } from './settings.ts';
import { importCidrList, listCidrLists } from './cidr.ts';
import { openGeoip } from './geoip.ts';
import { importDevices } from './devices.ts';
import { listDevices } from './device-findings.ts';

/** Analyses a case again (after a change of thresholds or range lists) in the import worker, with progress; a cancel saves nothing. */
const analyseInWorker = (ctx: Ctx, actor: string, caseId: number, jobId: string | undefined, zone: string | undefined): Promise<Finding[]> =>
  workerJob(ctx, jobId, (worker, job) => {
    ctx.emit('progress', { jobId: job.jobId, phase: 'analysing', done: 0, total: null });
    return worker.request<Finding[]>('analyse', { caseId, actor, zone: zone ?? null });
  });

export const activityHandlers: HandlersFor<typeof activityContract> = {
  'activity.preview': (ctx, src) => {
    warmImportWorkers(ctx);
    return withSourceFile(ctx.paths.dataDir, src, (path) => previewImport(path));
  },
  'activity.import': (ctx, input) => importActivity(ctx, input),
  'activity.imports': (ctx, { number }) => listImports(ctx.db, number),
  'activity.findings': (ctx, { number, status }) => listFindings(ctx.db, getCase(ctx.db, number).id, status),
  'activity.accept': (ctx, { number, finding, rationale }) => acceptFinding(ctx.db, requireActor(ctx).name, number, finding, rationale),
  'activity.dismiss': (ctx, { number, finding, reason }) => dismissFinding(ctx.db, requireActor(ctx).name, number, finding, reason),
  'activity.analyse': (ctx, { number, zone, jobId }) => {
    const c = getCase(ctx.db, number);
    assertCaseWritable(c);
    return analyseInWorker(ctx, requireActor(ctx).name, c.id, jobId, zone);
  },
  'activity.heatmap': (ctx, { number, account, zone }) => caseHeatmap(ctx.db, getCase(ctx.db, number).id, account, zone),
  'activity.settings': (ctx) => activitySettings(ctx.db),
  'activity.setSettings': async (ctx, patch) => {
    // A GeoIP path is opened before it is saved, so that a wrong file is refused here and not at the next import.
    if (patch.geoipPath) await openGeoip(patch.geoipPath);
    return saveActivitySettings(ctx.db, requireActor(ctx).name, patch);
  },
  'activity.cidrImport': (ctx, { name, kind, path }) => importCidrList(ctx.db, requireActor(ctx).name, name, kind, path),
  'activity.cidrLists': (ctx) => listCidrLists(ctx.db),
  'activity.devicesImport': (ctx, input) => importDevices(ctx, input),
  'activity.devices': (ctx, { number }) => listDevices(ctx.db, getCase(ctx.db, number).id),
};
