import type { HandlersFor } from '../handler.ts';
import type { paymentsContract } from '../../../shared/contract/payments.ts';
import { requireActor, type Ctx } from '../context.ts';
import { getCase } from '../cases/repo.ts';
import { totalsOf } from '../../../shared/payments.ts';
import { AppError } from '../../../shared/errors.ts';
import { addPayment, listPayments } from './repo.ts';
import { importPayments, type ImportSource } from './import.ts';
import { withSourceFile } from '../evidence/source-file.ts';
import { addBytes, addFiles } from '../evidence/service.ts';
import { evidenceContract } from '../../../shared/contract/evidence.ts';
import { toErrorBody } from '../errors.ts';
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
        keepAsExhibit: (src, name) => keepLedgerAsExhibit(ctx, number, file ? { upload: file } : src, name),
      });
    try {
      if (file) return await withSourceFile(ctx.paths.dataDir, { file }, (tmp, name) => run({ path: tmp, fileName: name }));
      return await run(path !== undefined ? { path } : { fileName: fileName ?? 'payments.csv', text: text ?? '' });
    } finally {
      job.finish();
    }
  },
};

/** Stores the imported ledger in the evidence store and returns its exhibit number. */
async function keepLedgerAsExhibit(ctx: Ctx, number: string, source: ImportSource | { upload: { name: string; base64: string } }, fileName: string): Promise<string | null> {
  const meta = { number, title: `Payment ledger: ${fileName}`.slice(0, 200), source: 'Payments import' };
  try {
    const r =
      'path' in source
        ? await addFiles(ctx, evidenceContract['evidence.addFiles'].input.parse({ ...meta, paths: [source.path] }))
        : await addBytes(ctx, evidenceContract['evidence.addBytes'].input.parse({
            ...meta,
            files: ['upload' in source ? source.upload : { name: fileName, base64: Buffer.from(source.text, 'utf8').toString('base64') }],
          }));
    return r.added[0]?.number ?? r.duplicates[0]?.exhibit ?? null;
  } catch (e) {
    const body = toErrorBody(e);
    throw new AppError(body.code, `The ledger could not be kept as evidence, so nothing was imported: ${body.message}`);
  }
}
