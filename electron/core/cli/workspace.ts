import { INVESTIGATION_STATUSES, type InvestigationStatus } from '../../../shared/workspace.ts';
import { int, str, UsageError, type CliCommand } from './types.ts';

const positive = (s: string | undefined, what: string): number => {
  const n = int(s, what);
  if (n === undefined || n < 1) throw new UsageError(`${what} must be a positive whole number`);
  return n;
};

export const workspaceCommands: CliCommand[] = [
  {
    path: ['dashboard'],
    usage: 'dashboard   (what needs attention: cases by status and risk band, overdue tasks by owner, hits and findings awaiting a decision, cases pending legal review, the last backup)',
    positionals: { min: 0, max: 0 },
    run: async (_ctx, io) => ({ value: await io.call('dashboard.get', {}) }),
  },
  {
    path: ['cases', 'overview'],
    usage: 'cases overview NUMBER   (risk, counts, the next step and what blocks it, overdue tasks, latest activity)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('cases.overview', { number: number! }) }),
  },
  {
    path: ['templates', 'list'],
    usage: 'templates list [--all]   (--all: retired templates too)',
    options: { all: { type: 'boolean' } },
    positionals: { min: 0, max: 0 },
    run: async (_ctx, io, v) => ({ value: await io.call('templates.list', { includeRetired: v.all === true }) }),
  },
  {
    path: ['templates', 'versions'],
    usage: 'templates versions ID',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [id]) => ({ value: await io.call('templates.versions', { id: positive(id, 'ID') }) }),
  },
  {
    path: ['investigation', 'list'],
    usage: 'investigation list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('investigation.list', { number: number! }) }),
  },
  {
    path: ['investigation', 'update'],
    usage: `investigation update CASE ID [--status ${INVESTIGATION_STATUSES.join('|')}] [--owner NAME] [--due YYYY-MM-DD] [--notes T] [--title T]`,
    positionals: { min: 2, max: 2 },
    options: { status: { type: 'string' }, owner: { type: 'string' }, due: { type: 'string' }, notes: { type: 'string' }, title: { type: 'string' } },
    run: async (_ctx, io, v, [number, task]) => {
      const id = positive(task, 'ID');
      const status = str(v.status);
      if (status !== undefined && !(INVESTIGATION_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${INVESTIGATION_STATUSES.join(', ')}; got "${status}"`);
      const current = (await io.call('investigation.list', { number: number! })).find((t) => t.id === id);
      return {
        value: await io.call('investigation.update', {
          number: number!,
          id,
          version: current?.version ?? 1,
          patch: {
            ...(status !== undefined && { status: status as InvestigationStatus }),
            ...(v.owner !== undefined && { owner: str(v.owner) }),
            ...(v.due !== undefined && { dueOn: str(v.due) }),
            ...(v.notes !== undefined && { notes: str(v.notes) }),
            ...(v.title !== undefined && { title: str(v.title) }),
          },
        }),
      };
    },
  },
];
