import type { HandlersFor } from '../handler.ts';
import type { paymentsContract } from '../../../shared/contract/payments.ts';
import { requireActor, type Ctx } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { totalsOf } from '../../../shared/payments.ts';
import { addPayment, listPayments } from './repo.ts';
import { importPayments, type ImportSource, type KeepAsExhibit } from './import.ts';
import { basename, resolve } from 'node:path';
import { withSourceFile } from '../evidence/source-file.ts';
import { ingestBytes, ingestFile, storeOf } from '../evidence/store.ts';
import { insertExhibits } from '../evidence/repo.ts';
import { discardUnfiled, safeOriginalName } from '../evidence/service.ts';
import { paymentFindings } from './detect.ts';
import { blockPayment, listBlocks } from './blocks.ts';

export const paymentsHandlers: HandlersFor<typeof paymentsContract> = {
  'payments.list': (ctx, { number }) => {
    const c = getCase(ctx.db, number);
    const payments = listPayments(ctx.db, c.id);
    return { payments, totals: totalsOf(payments), findings: paymentFindings(ctx.db, c.id, payments) };
  },
  'payments.add': (ctx, { number, ...fields }) => addPayment(ctx.db, requireActor(ctx).name, number, fields),
  'payments.blocks': (ctx, { number }) => listBlocks(ctx.db, getCase(ctx.db, number).id),
  'payments.block': (ctx, { number, ...input }) => blockPayment(ctx.db, requireActor(ctx), number, input),
  'payments.import': async (ctx, { number, path, fileName, text, file, jobId }) => {
    const actor = requireActor(ctx).name;
    const job = ctx.jobs.start(jobId);
    const run = (source: ImportSource) =>
      importPayments(ctx.db, actor, number, source, {
        signal: job.signal,
        onProgress: (done) => ctx.emit('progress', { jobId: job.jobId, phase: 'reading', done, total: null }),
        // An upload is kept from its own bytes under its own name, not from the temporary copy.
        keepAsExhibit: keepLedgerAsExhibit(ctx, actor, number, file ? { upload: file } : source, 'fileName' in source && source.fileName ? source.fileName : 'path' in source ? basename(source.path) : 'payments.csv', job.signal),
      });
    try {
      if (file) return await withSourceFile(ctx.paths.dataDir, { file }, (tmp, name) => run({ path: tmp, fileName: name }));
      return await run(path !== undefined ? { path } : { fileName: fileName ?? 'payments.csv', text: text ?? '' });
    } finally {
      job.finish();
    }
  },
};

/**
 * Keeps the imported ledger as evidence: its bytes are stored before the import's transaction, its
 * exhibit is filed inside it (with the payments), and a refused import discards the stored file.
 */
function keepLedgerAsExhibit(ctx: Ctx, actor: string, number: string, source: ImportSource | { upload: { name: string; base64: string } }, fileName: string, signal: AbortSignal): KeepAsExhibit {
  const name = safeOriginalName(fileName);
  return {
    store: () =>
      'path' in source
        ? ingestFile(storeOf(ctx), resolve(source.path), `"${name}"`, { signal })
        : ingestBytes(storeOf(ctx), 'upload' in source ? Buffer.from(source.upload.base64, 'base64') : Buffer.from(source.text, 'utf8'), `"${name}"`, { signal }),
    file: (blob) => {
      const r = insertExhibits(ctx.db, actor, number, [{
        kind: 'file', title: `Payment ledger: ${name}`.slice(0, 200), description: '', source: 'Payments import', acquiredAt: undefined,
        originalName: name, size: blob.size, mime: blob.mime, sha256: blob.sha256, url: null, body: null,
      }]);
      return r.added[0]?.number ?? r.duplicates[0]!.exhibit;
    },
    discard: (blob) => discardUnfiled(ctx, [blob]),
  };
}
