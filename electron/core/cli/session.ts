import { ROLES, type Role } from '../../../shared/session.ts';
import { str, UsageError, type CliCommand } from './types.ts';

const role = (v: unknown): Role => {
  const r = str(v) ?? 'officer';
  if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got "${r}"`);
  return r as Role;
};

export const sessionCommands: CliCommand[] = [
  {
    path: ['users', 'add'],
    usage: 'users add NAME --role officer|counsel',
    positionals: { min: 1, max: 1 },
    options: { role: { type: 'string' } },
    createsDatabase: true,
    run: async (_ctx, io, v, [name]) => ({ value: await io.call('users.add', { name: name!, role: role(v.role) }) }),
  },
  {
    path: ['users', 'list'],
    usage: 'users list',
    run: async (_ctx, io) => ({ value: await io.call('users.list', {}) }),
  },
  {
    path: ['login'],
    usage: 'login NAME --role officer|counsel   (saves the user for later calls, as the app does on first start)',
    positionals: { min: 1, max: 1 },
    options: { role: { type: 'string' } },
    createsDatabase: true,
    run: async (_ctx, io, v, [name]) => ({ value: await io.call('session.signIn', { name: name!, role: role(v.role) }) }),
  },
  {
    path: ['audit', 'verify'],
    usage: 'audit verify',
    run: async (_ctx, io) => {
      const result = await io.call('audit.verify', {});
      return { value: result, exitCode: result.ok ? 0 : 1 };
    },
  },
];
