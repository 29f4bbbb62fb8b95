import { mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { HandlersFor } from '../handler.ts';
import type { bundleContract } from '../../../shared/contract/bundle.ts';
import { requireActor, type Ctx } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { unsharedReviewCount } from '../legal/repo.ts';
import { storeOf } from '../evidence/store.ts';
import { announceWriter } from '../db/holder.ts';
import { signerFor } from '../session/signing.ts';
import { fingerprintOf as fingerprintFromKey } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../db/handle.ts';
import { exportBundle } from './export.ts';
import { importBundle } from './import.ts';
import { readBundle } from './read.ts';
import { checkContent } from './check.ts';
import { BundleError } from './format.ts';
import { ensureIdentity, identityOf, knownKey, resolveRecipient } from './keys.ts';

const progress = (ctx: Pick<Ctx, 'emit'>, jobId: string, phase: string) => (done: number, total: number) => ctx.emit('progress', { jobId, phase, done, total });

const refused = (e: unknown, what: string): never => {
  if (e instanceof BundleError) {
    if (/cancelled/.test(e.reason)) throw new AppError('cancelled', `${what} was cancelled; nothing was imported.`);
    throw new AppError('invalid_input', `The bundle was refused: ${e.part} ${e.reason}. Nothing was imported.`, { details: { part: e.part, reason: e.reason } });
  }
  throw e;
};

export const bundleHandlers: HandlersFor<typeof bundleContract> = {
  'bundle.export': async (ctx, input) => {
    const actor = requireActor(ctx);
    const kase = getCase(ctx.db, input.number);
    const recipient = input.recipient ? resolveRecipient(ctx.db, input.recipient) : null;
    // Counsel's unshared reviews are privileged: the file would carry their text readable by anyone
    // who gets it, so it must be locked to the one person it is for.
    const privileged = unsharedReviewCount(ctx.db, kase.id);
    if (privileged > 0 && !recipient) {
      throw new AppError(
        'invalid_input',
        `This case holds ${privileged === 1 ? "a review by counsel that is" : `${privileged} reviews by counsel that are`} privileged and not shared with officers: the hand-over file would carry their text in the clear. Say whom it is for ("Only for"; --recipient on the command line), so that only they can open it.`,
        { issues: [{ path: 'recipient', message: 'required: the case holds privileged reviews' }] },
      );
    }
    const signer = signerFor(ctx, input.passphrase);
    const own = ensureIdentity(ctx.db, ctx.vault, actor.name);
    let to = input.to;
    if (!isAbsolute(to) && basename(to) !== to) {
      throw new AppError('invalid_input', `Give a full path or a plain file name for the bundle (got ${to}).`, { issues: [{ path: 'to', message: 'must be a full path or a file name' }] });
    }
    // A bare file name goes to the exports folder beside the database, never to wherever the app was started.
    if (!isAbsolute(to)) {
      mkdirSync(join(ctx.paths.dataDir, 'exports'), { recursive: true });
      to = join(ctx.paths.dataDir, 'exports', to);
    }
    const job = ctx.jobs.start(input.jobId);
    try {
      const r = await exportBundle(ctx.db, storeOf(ctx), input.number, to, signer, actor.name, {
        signal: job.signal,
        onProgress: progress(ctx, job.jobId, 'writing the bundle'),
        recipient,
        exporterRecipient: own,
        role: actor.role,
      });
      return { file: r.file, parts: r.parts, sha256: r.sha256, bytes: r.bytes, case: r.case, encryptedTo: recipient ? (recipient.name ?? recipient.key) : null };
    } finally {
      job.finish();
    }
  },
  'bundle.verify': async (ctx, input) => {
    const job = ctx.jobs.start(input.jobId);
    try {
      const r = await readBundle(input.path, {
        identity: () => (ctx.actor ? identityOf(ctx.db, ctx.vault, ctx.actor.name) : null),
        signal: job.signal,
        onProgress: progress(ctx, job.jobId, 'checking the bundle'),
      });
      const { signatures } = checkContent(r);
      const m = r.manifest;
      return {
        ok: true as const,
        case: m.case.number,
        title: m.case.title,
        parts: m.parts.length,
        bytes: m.parts.reduce((s, p) => s + p.size, 0),
        encrypted: r.encrypted,
        exportedAt: m.exportedAt,
        exporter: { user: m.exporter.user, fingerprint: m.exporter.fingerprint, known: knownKey(ctx.db, m.exporter.publicKey) !== null, database: m.database.id },
        signatures,
      };
    } catch (e) {
      if (e instanceof BundleError) {
        if (job.signal.aborted) throw new AppError('cancelled', 'Checking the bundle was cancelled.');
        return { ok: false as const, part: e.part, reason: e.reason };
      }
      throw e;
    } finally {
      job.finish();
    }
  },
  'bundle.import': async (ctx, input) => {
    const actor = requireActor(ctx);
    const job = ctx.jobs.start(input.jobId);
    const done = announceWriter(ctx.paths.dbFile, 'Importing a case bundle');
    try {
      return await importBundle(ctx.db, storeOf(ctx), input.path, actor.name, {
        identity: () => identityOf(ctx.db, ctx.vault, actor.name),
        trust: input.trust,
        signal: job.signal,
        onProgress: progress(ctx, job.jobId, 'importing the bundle'),
      });
    } catch (e) {
      return refused(e, 'The import');
    } finally {
      done();
      job.finish();
    }
  },
  'bundle.key': (ctx) => {
    const actor = requireActor(ctx);
    return { user: actor.name, recipient: ensureIdentity(ctx.db as Db, ctx.vault, actor.name) };
  },
  'bundle.history': (ctx, input) => {
    const c = getCase(ctx.db, input.number);
    const rows = ctx.db
      .prepare('SELECT direction, at, by_user, exported_by, exporter_key, exported_at, source_db, recipient, changes FROM bundle_exchanges WHERE case_id = ? ORDER BY id DESC')
      .all(c.id) as { direction: 'export' | 'import'; at: string; by_user: string; exported_by: string; exporter_key: string; exported_at: string; source_db: string; recipient: string | null; changes: string | null }[];
    return rows.map((r) => ({
      direction: r.direction,
      at: r.at,
      by: r.by_user,
      exportedBy: r.exported_by,
      fingerprint: knownKey(ctx.db, r.exporter_key)?.fingerprint ?? fingerprintFromKey(r.exporter_key),
      exportedAt: r.exported_at,
      database: r.source_db,
      recipient: r.recipient,
      changes: r.changes ? JSON.parse(r.changes) : null,
    }));
  },
};

