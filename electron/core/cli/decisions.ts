import { resolve } from 'node:path';
import { DECISION_KINDS, TASK_KINDS, TASK_STATUSES, type DecisionKind, type TaskKind, type TaskStatus } from '../../../shared/decisions.ts';
import { PAPERS, REPORT_KINDS, type Paper, type ReportKind } from '../../../shared/contract/reports.ts';
import { int, str, strs, UsageError, type CliCommand, type CliIo, type CliValues } from './types.ts';

function oneOf<T extends string>(v: unknown, allowed: readonly T[], flag: string): T {
  const s = str(v);
  if (s === undefined) throw new UsageError(`--${flag} is required (one of ${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(s)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${s}"`);
  return s as T;
}

function required(v: CliValues, flag: string): string {
  const s = str(v[flag]);
  if (s === undefined) throw new UsageError(`--${flag} is required`);
  return s;
}

const id = (s: string | undefined, what: string): number => {
  const n = int(s, what);
  if (n === undefined || n < 1) throw new UsageError(`${what} must be a positive whole number`);
  return n;
};

/** `tasks add CASE --kind investigate`: work of the investigation itself, before any decision. */
async function investigate(io: CliIo, v: CliValues, number: string) {
  if (v.evidence !== undefined) throw new UsageError('--evidence is for remediation tasks; an investigation task takes --notes');
  return {
    value: await io.call('investigation.add', {
      number,
      title: required(v, 'title'),
      owner: required(v, 'owner'),
      dueOn: required(v, 'due'),
      ...(v.notes !== undefined && { notes: str(v.notes) }),
      exhibits: strs(v.exhibit),
    }),
  };
}

const decisionCommands: CliCommand[] = [
  {
    path: ['decisions', 'add'],
    usage: `decisions add CASE --kind ${DECISION_KINDS.join('|')} --rationale T [--interim|--final] [--indicator ID ...] [--exhibit REF ...] [--supersedes ID]`,
    positionals: { min: 1, max: 1 },
    options: { kind: { type: 'string' }, rationale: { type: 'string' }, interim: { type: 'boolean' }, final: { type: 'boolean' }, indicator: { type: 'string', multiple: true }, exhibit: { type: 'string', multiple: true }, supersedes: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => {
      if (v.interim && v.final) throw new UsageError('give --interim or --final, not both');
      return {
        value: await io.call('decisions.add', {
          number: number!,
          kind: oneOf<DecisionKind>(v.kind, DECISION_KINDS, 'kind'),
          rationale: required(v, 'rationale'),
          ...(v.interim ? { final: false } : v.final ? { final: true } : {}),
          indicators: strs(v.indicator),
          exhibits: strs(v.exhibit),
          ...(v.supersedes !== undefined && { supersedes: id(str(v.supersedes), 'supersedes') }),
        }),
      };
    },
  },
  {
    path: ['decisions', 'sign'],
    usage: 'decisions sign CASE ID [--reason TEXT]   (signs in your role, officer or counsel, with your key; asks your passphrase again on a terminal)',
    positionals: { min: 2, max: 2 },
    options: { reason: { type: 'string' } },
    run: async (_ctx, io, v, [number, decision]) => ({
      value: await io.call('decisions.sign', { number: number!, id: id(decision, 'ID'), ...(str(v.reason) && { reason: str(v.reason) }), passphrase: await io.signingPassphrase() }),
    }),
  },
  {
    path: ['decisions', 'list'],
    usage: 'decisions list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('decisions.list', { number: number! }) }),
  },
  {
    path: ['tasks', 'add'],
    usage: `tasks add CASE --kind investigate|${TASK_KINDS.join('|')} --owner NAME --due YYYY-MM-DD [--title T] [--evidence T] [--notes T] [--exhibit E-001 ...]   (investigate: an investigation task, --title required; the others: remediation after a decision)`,
    positionals: { min: 1, max: 1 },
    options: { kind: { type: 'string' }, owner: { type: 'string' }, due: { type: 'string' }, title: { type: 'string' }, evidence: { type: 'string' }, notes: { type: 'string' }, exhibit: { type: 'string', multiple: true } },
    run: async (_ctx, io, v, [number]) => v.kind === 'investigate' ? investigate(io, v, number!) : ({
      value: await io.call('tasks.add', {
        number: number!,
        kind: oneOf<TaskKind>(v.kind, TASK_KINDS, 'kind'),
        owner: required(v, 'owner'),
        dueOn: required(v, 'due'),
        ...(v.title !== undefined && { title: str(v.title) }),
        ...(v.evidence !== undefined && { evidence: str(v.evidence) }),
      }),
    }),
  },
  {
    path: ['tasks', 'list'],
    usage: 'tasks list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('tasks.list', { number: number! }) }),
  },
  {
    path: ['tasks', 'update'],
    usage: `tasks update CASE ID [--status ${TASK_STATUSES.join('|')}] [--evidence T] [--owner NAME] [--due YYYY-MM-DD] [--title T]`,
    positionals: { min: 2, max: 2 },
    options: { status: { type: 'string' }, evidence: { type: 'string' }, owner: { type: 'string' }, due: { type: 'string' }, title: { type: 'string' } },
    run: async (_ctx, io, v, [number, task]) => {
      const taskId = id(task, 'ID');
      const current = (await io.call('tasks.list', { number: number! })).find((t) => t.id === taskId);
      return {
        value: await io.call('tasks.update', {
          number: number!,
          id: taskId,
          version: current?.version ?? 1,
          patch: {
            ...(v.status !== undefined && { status: oneOf<TaskStatus>(v.status, TASK_STATUSES, 'status') }),
            ...(v.evidence !== undefined && { evidence: str(v.evidence) }),
            ...(v.owner !== undefined && { owner: str(v.owner) }),
            ...(v.due !== undefined && { dueOn: str(v.due) }),
            ...(v.title !== undefined && { title: str(v.title) }),
          },
        }),
      };
    },
  },
];

const reportCommands: CliCommand[] = [
  {
    path: ['report'],
    usage: `report CASE --kind ${REPORT_KINDS.join('|')} --out FILE.pdf [--paper a4|letter] [--notified YYYY-MM-DD]   (vsd: voluntary self-disclosure draft, --notified its initial notification date; blocked: report of blocked or rejected payments, 31 CFR 501.603/501.604; ic3: IC3 complaint worksheet. Prints with Chromium: /usr/bin/chromium or $CASEBOOK_CHROMIUM)`,
    positionals: { min: 1, max: 1 },
    options: { kind: { type: 'string' }, out: { type: 'string' }, paper: { type: 'string' }, notified: { type: 'string' } },
    run: async (_ctx, io, v, [number]) => ({
      value: await io.call('reports.export', {
        number: number!,
        kind: oneOf<ReportKind>(v.kind, REPORT_KINDS, 'kind'),
        paper: v.paper === undefined ? 'a4' : oneOf<Paper>(v.paper, PAPERS, 'paper'),
        out: resolve(required(v, 'out')),
        ...(v.notified !== undefined && { notifiedOn: str(v.notified) }),
      }),
    }),
  },
];

export const decisionsCommands: CliCommand[] = [...decisionCommands, ...reportCommands];
