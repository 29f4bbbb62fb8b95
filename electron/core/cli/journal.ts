import { resolve } from 'node:path';
import { TIMELINE_KINDS, type TimelineKind } from '../../../shared/journal.ts';
import { int, str, strs, UsageError, type CliCommand } from './types.ts';

const kindsOf = (v: unknown): TimelineKind[] => {
  const kinds = strs(v);
  for (const k of kinds) if (!(TIMELINE_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kind must be one of ${TIMELINE_KINDS.join(', ')}; got "${k}"`);
  return kinds as TimelineKind[];
};

export const journalCommands: CliCommand[] = [
  {
    path: ['timeline'],
    usage: `timeline CASE [--kind ${TIMELINE_KINDS.join('|')} ...]   (entries oldest first: at, kind, text, source)`,
    positionals: { min: 1, max: 1 },
    options: { kind: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => {
      const kinds = kindsOf(v.kind);
      const entries = await io.call('timeline.list', { number: number!, ...(kinds.length && { kinds }) });
      return { value: entries.map((e) => ({ at: e.at, kind: e.kind, text: e.text, source: e.source })) };
    },
  },
  {
    path: ['timeline', 'add'],
    usage: 'timeline add CASE --at ISO --text T [--zone ZONE] [--exhibit E-001 ...]   (--at with its offset, like 2024-03-01T09:30:00+09:00; or a local time with --zone Asia/Seoul)',
    positionals: { min: 1, max: 1 },
    options: { at: { type: 'string' }, text: { type: 'string' }, zone: { type: 'string' }, exhibit: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.at) throw new UsageError('--at is required (a date and time with its offset, like 2024-03-01T09:30:00+09:00)');
      if (!v.text) throw new UsageError('--text is required');
      return {
        value: await io.call('timeline.add', { number: number!, at: str(v.at)!, text: str(v.text)!, exhibits: strs(v.exhibit), ...(v.zone !== undefined && { zone: str(v.zone) }) }),
      };
    },
  },
  {
    path: ['timeline', 'export'],
    usage: `timeline export CASE --out FILE.csv [--kind ${TIMELINE_KINDS.join('|')} ...]`,
    positionals: { min: 1, max: 1 },
    options: { out: { type: 'string' }, kind: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.out) throw new UsageError('--out is required');
      const kinds = kindsOf(v.kind);
      return { value: await io.call('timeline.export', { number: number!, out: resolve(str(v.out)!), ...(kinds.length && { kinds }) }) };
    },
  },
  {
    path: ['notes', 'add'],
    usage: 'notes add CASE --text T [--exhibit E-001 ...] [--identifier ID ...] [--indicator NA-01 ...]   (Markdown)',
    positionals: { min: 1, max: 1 },
    options: { text: { type: 'string' }, exhibit: { type: 'string', multiple: true }, identifier: { type: 'string', multiple: true }, indicator: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.text) throw new UsageError('--text is required');
      return {
        value: await io.call('notes.add', {
          number: number!, body: str(v.text)!, exhibits: strs(v.exhibit), indicators: strs(v.indicator),
          identifiers: strs(v.identifier).map((x) => int(x, 'identifier')!),
        }),
      };
    },
  },
  {
    path: ['notes', 'list'],
    usage: 'notes list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('notes.list', { number: number! }) }),
  },
  {
    path: ['identifiers', 'import'],
    usage: 'identifiers import CASE FILE [--subject ID] [--evidence E-001]   (one value per line, or a CSV with a header kind,value[,qualifier][,subject]; all or nothing)',
    positionals: { min: 2, max: 2 },
    options: { subject: { type: 'string' }, evidence: { type: 'string' } },
    run: async (_ctx, io, v, [number, file]) => {
      const subject = int(v.subject, 'subject');
      const r = await io.call('identifiers.import', {
        number: number!, path: resolve(file!), ...(subject !== undefined && { subjectId: subject }), ...(v.evidence !== undefined && { evidence: str(v.evidence) }),
      });
      return { value: { added: r.added, rejected: r.rejected, duplicates: r.duplicates }, exitCode: r.rejected.length ? 1 : 0 };
    },
  },
  {
    path: ['identifiers', 'export'],
    usage: 'identifiers export CASE --out FILE.csv',
    positionals: { min: 1, max: 1 },
    options: { out: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.out) throw new UsageError('--out is required');
      return { value: await io.call('identifiers.export', { number: number!, out: resolve(str(v.out)!) }) };
    },
  },
];
