import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.ts';
import { SUBJECT_ROLES, type SubjectRole } from '../../../shared/subjects.ts';
import { int, str, strs, UsageError, type CliCommand } from './types.ts';

const kindOf = (v: unknown): IdentifierKind => {
  const k = str(v);
  if (!k) throw new UsageError('--kind is required');
  if (!(IDENTIFIER_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kind must be one of ${IDENTIFIER_KINDS.join(', ')}; got "${k}"`);
  return k as IdentifierKind;
};

/** --chain, --platform, --provider, --country and --bank all fill the one qualifier the kind takes. */
const QUALIFIER_FLAGS = ['chain', 'platform', 'provider', 'country', 'bank'] as const;
const qualifierOf = (v: Record<string, unknown>): string | undefined => {
  const given = QUALIFIER_FLAGS.filter((f) => v[f] !== undefined);
  if (given.length > 1) throw new UsageError(`give only one of --${given.join(', --')}`);
  return given.length ? str(v[given[0]!]) : undefined;
};
const qualifierOptions = Object.fromEntries(QUALIFIER_FLAGS.map((f) => [f, { type: 'string' as const }]));

export const subjectsCommands: CliCommand[] = [
  {
    path: ['subjects', 'add'],
    usage: `subjects add CASE --name N [--alias A ...] [--nationality CC] [--location L] [--timezone TZ] [--role ${SUBJECT_ROLES.join('|')}] [--platform P ...] [--notes T]`,
    positionals: { min: 1, max: 1 },
    options: {
      name: { type: 'string' }, alias: { type: 'string', multiple: true }, nationality: { type: 'string' }, location: { type: 'string' },
      timezone: { type: 'string' }, role: { type: 'string' }, platform: { type: 'string', multiple: true }, notes: { type: 'string' },
    },
    run: async (_ctx, io, v, [number]) => {
      if (!v.name) throw new UsageError('--name is required');
      const role = str(v.role);
      if (role !== undefined && !(SUBJECT_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${SUBJECT_ROLES.join(', ')}; got "${role}"`);
      return {
        value: await io.call('subjects.add', {
          number: number!,
          name: str(v.name)!,
          aliases: strs(v.alias),
          platforms: strs(v.platform),
          ...(v.nationality !== undefined && { nationality: str(v.nationality) }),
          ...(v.location !== undefined && { location: str(v.location) }),
          ...(v.timezone !== undefined && { timezone: str(v.timezone) }),
          ...(role !== undefined && { role: role as SubjectRole }),
          ...(v.notes !== undefined && { notes: str(v.notes) }),
        }),
      };
    },
  },
  {
    path: ['subjects', 'list'],
    usage: 'subjects list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('subjects.list', { number: number! }) }),
  },
  {
    path: ['identifiers', 'add'],
    usage: `identifiers add CASE --kind ${IDENTIFIER_KINDS.join('|')} --value V [--chain C | --platform P | --provider P | --country CC | --bank CODE] [--subject ID] [--evidence E-001] [--seen-at ISO] [--note T]`,
    positionals: { min: 1, max: 1 },
    options: { kind: { type: 'string' }, value: { type: 'string' }, subject: { type: 'string' }, evidence: { type: 'string' }, 'seen-at': { type: 'string' }, note: { type: 'string' }, ...qualifierOptions },
    run: async (_ctx, io, v, [number]) => {
      const kind = kindOf(v.kind);
      if (!v.value) throw new UsageError('--value is required');
      const subject = str(v.subject);
      if (subject !== undefined && !/^\d+$/.test(subject)) throw new UsageError(`--subject must be a subject id (a whole number, see "subjects list"); got "${subject}"`);
      const qualifier = qualifierOf(v);
      return {
        value: await io.call('identifiers.add', {
          number: number!,
          kind,
          value: str(v.value)!,
          ...(qualifier !== undefined && { qualifier }),
          ...(subject !== undefined && { subjectId: int(subject, 'subject')! }),
          ...(v.evidence !== undefined && { evidence: str(v.evidence) }),
          ...(v['seen-at'] !== undefined && { seenAt: str(v['seen-at']) }),
          ...(v.note !== undefined && { note: str(v.note) }),
        }),
      };
    },
  },
  {
    path: ['identifiers', 'list'],
    usage: 'identifiers list CASE',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('identifiers.list', { number: number! }) }),
  },
  {
    path: ['identifiers', 'find'],
    usage: 'identifiers find [--kind KIND] --value V [--chain C | --platform P | --provider P | --country CC | --bank CODE]',
    options: { kind: { type: 'string' }, value: { type: 'string' }, ...qualifierOptions },
    run: async (_ctx, io, v) => {
      if (!v.value) throw new UsageError('--value is required');
      const qualifier = qualifierOf(v);
      return {
        value: await io.call('identifiers.find', {
          value: str(v.value)!,
          ...(v.kind !== undefined && { kind: kindOf(v.kind) }),
          ...(qualifier !== undefined && { qualifier }),
        }),
      };
    },
  },
  {
    path: ['cases', 'links'],
    usage: 'cases links CASE   (cases sharing identifiers with CASE, and which)',
    positionals: { min: 1, max: 1 },
    run: async (_ctx, io, _v, [number]) => ({ value: await io.call('identifiers.linkedCases', { number: number! }) }),
  },
];
