import { resolve } from 'node:path';
import { humanSize } from '../../../shared/evidence.ts';
import type { Ctx } from '../context.ts';
import { str, UsageError, type CliCommand, type CliIo } from './types.ts';

/** Shows a long job's progress on stderr while it runs. */
async function withProgress<T>(ctx: Ctx, io: CliIo, run: (jobId: string) => Promise<T>): Promise<T> {
  const jobId = `cli-bundle-${process.pid}`;
  const off = ctx.emit;
  ctx.emit = (_e, p) => io.progress(`${p.phase}: ${humanSize(p.done)}${p.total ? ` of ${humanSize(p.total)}` : ''}   `);
  try {
    return await run(jobId);
  } finally {
    ctx.emit = off;
  }
}

export const bundleCommands: CliCommand[] = [
  {
    path: ['bundle', 'export'],
    usage: 'bundle export CASE --to FILE.casebook [--recipient USER|AGE-PUBLIC-KEY]   (signed with your key: your passphrase is asked again on a terminal, else taken from CASEBOOK_PASSPHRASE)',
    positionals: { min: 1, max: 1 },
    options: { to: { type: 'string' }, recipient: { type: 'string' } },
    run: async (ctx, io, v, [number]) => {
      if (!v.to) throw new UsageError('--to FILE is required');
      const passphrase = await io.signingPassphrase();
      const r = await withProgress(ctx, io, (jobId) =>
        io.call('bundle.export', { number: number!, to: resolve(str(v.to)!), passphrase, jobId, ...(v.recipient !== undefined && { recipient: str(v.recipient)! }) }),
      );
      return { value: { file: r.file, parts: r.parts, sha256: r.sha256, bytes: r.bytes, case: r.case, encryptedTo: r.encryptedTo } };
    },
  },
  {
    path: ['bundle', 'verify'],
    usage: 'bundle verify FILE   (exit 1 naming the part that fails)',
    positionals: { min: 1, max: 1 },
    run: async (ctx, io, _v, [file]) => {
      const r = await withProgress(ctx, io, (jobId) => io.call('bundle.verify', { path: resolve(file!), jobId }));
      return { value: r, exitCode: r.ok ? 0 : 1 };
    },
  },
  {
    path: ['bundle', 'import'],
    usage: 'bundle import FILE [--trust "FINGERPRINT"]   (--trust: the sender\'s key fingerprint, as they read it to you, the first time)',
    positionals: { min: 1, max: 1 },
    options: { trust: { type: 'string' } },
    run: async (ctx, io, v, [file]) => {
      const r = await withProgress(ctx, io, (jobId) => io.call('bundle.import', { path: resolve(file!), jobId, ...(v.trust !== undefined && { trust: str(v.trust)! }) }));
      return { value: r };
    },
  },
  {
    path: ['bundle', 'key'],
    usage: 'bundle key   (your key for bundles encrypted to you: give it to the sender for --recipient)',
    positionals: { min: 0, max: 0 },
    run: async (_ctx, io) => ({ value: await io.call('bundle.key', {}) }),
  },
  {
    path: ['bundle', 'history'],
    usage: 'bundle history CASE   (every hand-over of the case: exports and imports)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('bundle.history', { number: number! }) }),
  },
];
