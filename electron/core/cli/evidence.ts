import { resolve } from 'node:path';
import { humanSize } from '../../../shared/evidence.ts';
import { str, UsageError, type CliCommand } from './types.ts';

const metaOptions = { title: { type: 'string' as const }, source: { type: 'string' as const }, description: { type: 'string' as const }, 'acquired-at': { type: 'string' as const } };
const meta = (v: Record<string, unknown>) => ({
  ...(v.title !== undefined && { title: str(v.title) }),
  ...(v.source !== undefined && { source: str(v.source) }),
  ...(v.description !== undefined && { description: str(v.description) }),
  ...(v['acquired-at'] !== undefined && { acquiredAt: str(v['acquired-at']) }),
});

export const evidenceCommands: CliCommand[] = [
  {
    path: ['evidence', 'add'],
    usage: 'evidence add CASE FILE... [--title T] [--source S] [--description D] [--acquired-at ISO]',
    positionals: { min: 2, max: Infinity },
    options: metaOptions,
    run: async (ctx, io, v, [number, ...files]) => {
      const jobId = `cli-evidence-${process.pid}`;
      const off = ctx.emit;
      ctx.emit = (_e, p) => io.progress(`${p.phase}: ${humanSize(p.done)}${p.total ? ` of ${humanSize(p.total)}` : ''}   `);
      try {
        return { value: await io.call('evidence.addFiles', { number: number!, paths: files.map((f) => resolve(f)), jobId, ...meta(v) }) };
      } finally {
        ctx.emit = off;
      }
    },
  },
  {
    path: ['evidence', 'note'],
    usage: 'evidence note CASE --title T --text TEXT [--source S]',
    positionals: { min: 1, max: 1 },
    options: { ...metaOptions, text: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.title || !v.text) throw new UsageError('--title and --text are required');
      return { value: await io.call('evidence.addNote', { number: number!, ...meta(v), title: str(v.title)!, text: str(v.text)! }) };
    },
  },
  {
    path: ['evidence', 'url'],
    usage: 'evidence url CASE URL [--title T] [--description WHAT-WAS-SEEN] [--acquired-at ISO]   (recorded, never fetched)',
    positionals: { min: 2, max: 2 },
    options: metaOptions,
    run: async (_ctx, io, v, [number, url]) => ({ value: await io.call('evidence.addUrl', { number: number!, url: url!, ...meta(v) }) }),
  },
  {
    path: ['evidence', 'list'],
    usage: 'evidence list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('evidence.list', { number: number! }) }),
  },
  {
    path: ['evidence', 'custody'],
    usage: 'evidence custody CASE E-001',
    positionals: { min: 2, max: 2 },
    run: async (_ctx, io, _v, [number, exhibit]) => ({ value: await io.call('evidence.custody', { number: number!, exhibit: exhibit! }) }),
  },
  {
    path: ['evidence', 'export'],
    usage: 'evidence export CASE E-001 --to DIR',
    positionals: { min: 2, max: 2 },
    options: { to: { type: 'string' } },
    run: async (_ctx, io, v, [number, exhibit]) => {
      if (!v.to) throw new UsageError('--to DIR is required');
      return { value: await io.call('evidence.export', { number: number!, exhibit: exhibit!, directory: resolve(str(v.to)!) }) };
    },
  },
  {
    path: ['evidence', 'retract'],
    usage: 'evidence retract CASE E-001 --reason R   (the record, its hash and the reason are kept)',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, exhibit]) => {
      if (!v.reason) throw new UsageError('--reason is required');
      return { value: await io.call('evidence.retract', { number: number!, exhibit: exhibit!, reason: str(v.reason)! }) };
    },
  },
  {
    path: ['evidence', 'verify'],
    usage: 'evidence verify [CASE] [--exhibit E-001]   (re-hashes stored files; exit 1 on any finding)',
    positionals: { min: 0, max: 1 },
    options: { exhibit: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      if (v.exhibit !== undefined && !number) throw new UsageError('--exhibit needs the CASE it belongs to');
      const result = await io.call('evidence.verify', { ...(number && { number }), ...(v.exhibit !== undefined && { exhibit: str(v.exhibit) }) });
      return { value: result, exitCode: result.ok ? 0 : 1 };
    },
  },
  {
    path: ['verify'],
    usage: 'verify [--repair]   (the audit chain, every exhibit file, and files a crash left behind; exit 1 naming what is wrong; --repair removes the left-behind files)',
    options: { repair: { type: 'boolean' } },
    run: async (_ctx, io, v) => {
      const audit = await io.call('audit.verify', {});
      const evidence = await io.call('evidence.verify', {});
      const orphans = await io.call('evidence.orphans', { repair: v.repair === true });
      const left = orphans.orphans.filter((o) => !o.removed);
      const broken = [
        ...(audit.ok ? [] : [`audit chain: ${audit.reason}`]),
        ...evidence.findings.map((f) => f.message),
        ...(left.length ? [`${left.length} file(s) left behind by an interrupted operation (${left.length === orphans.count ? orphans.bytes : left.reduce((n, o) => n + o.bytes, 0)} bytes; no exhibit names them): run "casebook verify --repair" to remove them`] : []),
      ];
      return { value: { ok: broken.length === 0, broken, audit, evidence, orphans }, exitCode: broken.length ? 1 : 0 };
    },
  },
];
