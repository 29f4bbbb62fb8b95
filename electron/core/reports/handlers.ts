import type { HandlersFor } from '../handler.ts';
import type { reportsContract } from '../../../shared/contract/reports.ts';
import { requireActor } from '../context.ts';
import { sessionSigner } from '../session/signing.ts';
import { getCase } from '../cases/repo.ts';
import { exportReport, listExports, recordExport, renderCaseReport } from './export.ts';

export const reportsHandlers: HandlersFor<typeof reportsContract> = {
  'reports.render': (ctx, { number, kind, paper, notifiedOn }) => renderCaseReport(ctx, number, kind, paper, { notifiedOn }),
  'reports.export': async (ctx, { number, kind, paper, out, jobId, notifiedOn }) => {
    const actor = requireActor(ctx).name;
    const job = ctx.jobs.start(jobId);
    try {
      return await exportReport(ctx, actor, number, kind, paper, out, job.signal, { notifiedOn });
    } finally {
      job.finish();
    }
  },
  'reports.recordExport': (ctx, { number, kind, paper, sha256, bytes, pages }) => recordExport(ctx.db, requireActor(ctx).name, number, { kind, paper, sha256, bytes, pages }, sessionSigner(ctx)),
  'reports.exports': (ctx, { number }) => listExports(ctx.db, getCase(ctx.db, number).id),
};
