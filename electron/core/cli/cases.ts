import { CASE_STATUSES, SORT_FIELDS, type CaseStatus, type SortField } from '../../../shared/cases.ts';
import { seedCases } from '../cases/seed.ts';
import { requireActor } from '../context.ts';
import { int, str, strs, UsageError, type CliCommand } from './types.ts';

function parseSort(v: string | undefined): { sort?: SortField; desc?: boolean } {
  if (!v) return {};
  const [field, dir] = v.split(':');
  if (!(SORT_FIELDS as readonly string[]).includes(field!)) throw new UsageError(`--sort must be one of ${SORT_FIELDS.join(', ')} (optionally :desc or :asc); got "${v}"`);
  if (dir !== undefined && dir !== 'desc' && dir !== 'asc') throw new UsageError(`--sort direction must be :asc or :desc; got "${dir}"`);
  return { sort: field as SortField, desc: dir === 'desc' };
}

export const casesCommands: CliCommand[] = [
  {
    path: ['cases', 'create'],
    usage: 'cases create --title T [--template NAME] [--priority low|medium|high|critical] [--assignee A] [--tag X ...] [--summary S]   (--template: see `templates list`)',
    options: { title: { type: 'string' }, template: { type: 'string' }, priority: { type: 'string' }, assignee: { type: 'string' }, tag: { type: 'string', multiple: true }, summary: { type: 'string' } },
    run: async (_ctx, io, v) => ({
      value: await io.call('cases.create', {
        title: str(v.title) ?? '',
        ...(v.template !== undefined && { template: str(v.template) }),
        ...(v.priority !== undefined && { priority: str(v.priority) as 'low' }),
        ...(v.assignee !== undefined && { assignee: str(v.assignee) }),
        ...(v.summary !== undefined && { summary: str(v.summary) }),
        tags: strs(v.tag),
      }),
    }),
  },
  {
    path: ['cases', 'list'],
    usage: 'cases list [--status S ...] [--priority P ...] [--assignee A] [--tag X] [--search Q] [--band low|medium|high|critical ...] [--open-hits] [--open-findings] [--overdue] [--task-owner NAME] [--sort FIELD[:desc]] [--limit N] [--offset N]',
    options: {
      band: { type: 'string', multiple: true }, 'open-hits': { type: 'boolean' }, 'open-findings': { type: 'boolean' }, overdue: { type: 'boolean' }, 'task-owner': { type: 'string' },
      status: { type: 'string', multiple: true }, priority: { type: 'string', multiple: true }, assignee: { type: 'string' }, tag: { type: 'string' },
      search: { type: 'string' }, sort: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' },
      'opened-from': { type: 'string' }, 'opened-to': { type: 'string' },
    },
    run: async (_ctx, io, v) => {
      const statuses = strs(v.status);
      for (const s of statuses) if (!(CASE_STATUSES as readonly string[]).includes(s)) throw new UsageError(`--status must be one of ${CASE_STATUSES.join(', ')}; got "${s}"`);
      const limit = int(v.limit, 'limit');
      const offset = int(v.offset, 'offset');
      return {
        value: await io.call('cases.list', {
          ...(statuses.length && { status: statuses as CaseStatus[] }),
          ...(strs(v.priority).length && { priority: strs(v.priority) as 'low'[] }),
          ...(v.assignee !== undefined && { assignee: str(v.assignee) }),
          ...(v.tag !== undefined && { tag: str(v.tag) }),
          ...(v.search !== undefined && { search: str(v.search) }),
          ...(v['opened-from'] !== undefined && { openedFrom: str(v['opened-from']) }),
          ...(v['opened-to'] !== undefined && { openedTo: str(v['opened-to']) }),
          ...(strs(v.band).length && { band: strs(v.band) as 'low'[] }),
          ...(v['open-hits'] && { openHits: true }),
          ...(v['open-findings'] && { openFindings: true }),
          ...(v.overdue && { overdue: true }),
          ...(v['task-owner'] !== undefined && { taskOwner: str(v['task-owner']) }),
          ...parseSort(str(v.sort)),
          ...(limit !== undefined && { limit }),
          ...(offset !== undefined && { offset }),
        }),
      };
    },
  },
  {
    path: ['cases', 'show'],
    usage: 'cases show NUMBER',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => {
      const record = await io.call('cases.get', { number: number! });
      const audit = await io.call('cases.audit', { number: number! });
      return { value: { ...record, audit } };
    },
  },
  {
    path: ['cases', 'edit'],
    usage: 'cases edit NUMBER [--title T] [--summary S] [--priority P] [--assignee A] [--tag X ...]',
    positionals: { min: 1, max: 1 },
    options: { title: { type: 'string' }, priority: { type: 'string' }, assignee: { type: 'string' }, tag: { type: 'string', multiple: true }, summary: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      const current = await io.call('cases.get', { number: number! });
      return {
        value: await io.call('cases.update', {
          number: number!,
          version: current.version,
          patch: {
            ...(v.title !== undefined && { title: str(v.title) }),
            ...(v.summary !== undefined && { summary: str(v.summary) }),
            ...(v.priority !== undefined && { priority: str(v.priority) as 'low' }),
            ...(v.assignee !== undefined && { assignee: str(v.assignee) }),
            ...(v.tag !== undefined && { tags: strs(v.tag) }),
          },
        }),
      };
    },
  },
  {
    path: ['cases', 'status'],
    usage: `cases status NUMBER --to ${CASE_STATUSES.join('|')} [--note TEXT]`,
    positionals: { min: 1, max: 1 },
    options: { to: { type: 'string' }, note: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      if (!v.to) throw new UsageError('--to is required');
      return { value: await io.call('cases.setStatus', { number: number!, to: str(v.to) as CaseStatus, ...(v.note !== undefined && { note: str(v.note) }) }) };
    },
  },
  {
    path: ['seed'],
    usage: 'seed --cases N',
    options: { cases: { type: 'string' } },
    run: (ctx, io, v) => {
      const n = int(v.cases, 'cases');
      if (n === undefined || n < 1 || n > 1_000_000) throw new UsageError('--cases must be a whole number from 1 to 1000000');
      const actor = requireActor(ctx).name;
      const started = performance.now();
      seedCases(ctx.db, actor, n, (done) => io.progress(`seeded ${done} of ${n} cases`));
      return { value: { seeded: n, ms: Math.round(performance.now() - started) } };
    },
  },
];
