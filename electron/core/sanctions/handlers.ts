import type { HandlersFor } from '../handler.ts';
import type { sanctionsContract } from '../../../shared/contract/sanctions.ts';
import { requireActor, type Ctx } from '../context.ts';
import { timed } from '../db/connection.ts';
import { importList } from './import.ts';
import { screenBatch } from './batch.ts';
import { screenIdentifierIn, screenNameIn } from './screen.ts';
import { getEntry } from './entry.ts';
import { caseScreenings, decideHit, rescreenOpenCases, screenCase } from './cases.ts';
import { getSettings, listVersions, resolveVersion, screeningVersions, setThreshold } from './versions.ts';

/** Runs long work as a cancellable job that reports progress under its id. */
async function asJob<T>(ctx: Ctx, jobId: string | undefined, run: (signal: AbortSignal, progress: (phase: string, done: number, total: number | null) => void) => Promise<T> | T): Promise<T> {
  const job = ctx.jobs.start(jobId);
  try {
    return await run(job.signal, (phase, done, total) => ctx.emit('progress', { jobId: job.jobId, phase, done, total }));
  } finally {
    job.finish();
  }
}

export const sanctionsHandlers: HandlersFor<typeof sanctionsContract> = {
  'sanctions.import': (ctx, { jobId, ...files }) => {
    const actor = requireActor(ctx).name;
    return asJob(ctx, jobId, (signal, progress) => importList(ctx.db, actor, files, { signal, progress }));
  },
  'sanctions.versions': (ctx) => listVersions(ctx.db),
  'sanctions.screenName': (ctx, { name, type, limit, threshold, version, dob, nationality, gender }) => {
    const vs = screeningVersions(ctx.db, version);
    const t = threshold ?? getSettings(ctx.db).threshold;
    return { version: vs[0]!, versions: vs, query: name, threshold: t, hits: timed('sanctions.screenName', () => screenNameIn(ctx.db, vs, { name, type, limit, threshold: t, attributes: { dob, nationality, gender } })) };
  },
  'sanctions.screenIdentifier': (ctx, { value, version }) => {
    const vs = screeningVersions(ctx.db, version);
    return { version: vs[0]!, versions: vs, query: value, threshold: 1, hits: screenIdentifierIn(ctx.db, vs, value) };
  },
  'sanctions.screenFile': (ctx, { file, out, threshold, version, jobId }) => {
    const v = screeningVersions(ctx.db, version);
    const t = threshold ?? getSettings(ctx.db).threshold;
    return asJob(ctx, jobId, (signal, progress) => screenBatch(ctx.db, v, file, t, out, { signal, progress: (d, n) => progress('screening', d, n) }));
  },
  'sanctions.entry': (ctx, { entNum, version }) => {
    // Without a version, the entry is looked up in the latest SDN list, then in the latest Consolidated list.
    const vs = version === undefined ? screeningVersions(ctx.db) : [resolveVersion(ctx.db, version)];
    const at = vs.find((v) => ctx.db.prepare('SELECT 1 FROM sanctions_entries WHERE version_id = ? AND ent_num = ?').get(v.id, entNum) !== undefined);
    return getEntry(ctx.db, at ?? vs[0]!, entNum);
  },
  'sanctions.settings': (ctx) => getSettings(ctx.db),
  'sanctions.setThreshold': (ctx, { threshold }) => setThreshold(ctx.db, requireActor(ctx).name, threshold),
  'sanctions.screenCase': (ctx, { number, version }) => screenCase(ctx.db, requireActor(ctx).name, number, { version }),
  'sanctions.caseScreenings': (ctx, { number }) => caseScreenings(ctx.db, number),
  'sanctions.decideHit': (ctx, { number, hit, decision, reason }) => decideHit(ctx.db, requireActor(ctx).name, number, hit, decision, reason),
  'sanctions.rescreenOpenCases': (ctx, { version, jobId }) => {
    const actor = requireActor(ctx).name;
    return asJob(ctx, jobId, (signal, progress) => rescreenOpenCases(ctx.db, actor, version, { signal, progress: (d, n) => progress('screening cases', d, n) }));
  },
};
