import { ROLES, type Role } from '../../../shared/session.ts';
import { newPassphrase } from '../crypto/passphrase.ts';
import { userCount } from '../session/users.ts';
import { str, UsageError, type CliCommand } from './types.ts';

const role = (v: unknown, fallback?: Role): Role => {
  const r = str(v) ?? fallback;
  if (r === undefined) throw new UsageError(`--role is required: one of ${ROLES.join(', ')}`);
  if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got "${r}"`);
  return r as Role;
};

const withFingerprint = <T extends { publicKey: string | null }>({ publicKey: _p, ...u }: T) => u;

export const sessionCommands: CliCommand[] = [
  {
    path: ['users', 'add'],
    usage: 'users add NAME --role officer|counsel   (administrator only; the new user\'s passphrase from CASEBOOK_NEW_PASSPHRASE or a prompt. On a new database: its first user and administrator, with this call\'s passphrase)',
    positionals: { min: 1, max: 1 },
    options: { role: { type: 'string' } },
    createsDatabase: true,
    run: async (ctx, io, v, [name]) => {
      if (userCount(ctx.db) === 0) return { value: withFingerprint(await io.call('session.setUp', { name: name!, role: role(v.role), passphrase: io.passphrase })) };
      return { value: withFingerprint(await io.call('users.add', { name: name!, role: role(v.role), passphrase: await newPassphrase() })) };
    },
  },
  {
    path: ['users', 'list'],
    usage: 'users list   (every user with their role and signing-key fingerprint)',
    run: async (_ctx, io) => ({ value: (await io.call('users.list', {})).map(withFingerprint) }),
  },
  {
    path: ['users', 'role'],
    usage: 'users role NAME --role officer|counsel   (administrator only)',
    positionals: { min: 1, max: 1 },
    options: { role: { type: 'string' } },
    run: async (_ctx, io, v, [name]) => ({ value: withFingerprint(await io.call('users.setRole', { name: name!, role: role(v.role) })) }),
  },
  {
    path: ['login'],
    usage: 'login NAME [--role officer|counsel]   (signs NAME in with their passphrase and saves them as the default user; on a new database NAME becomes its first user and administrator, with --role)',
    positionals: { min: 1, max: 1 },
    options: { role: { type: 'string' } },
    createsDatabase: true,
    run: async (ctx, io, v, [name]) => {
      if (userCount(ctx.db) === 0) return { value: withFingerprint(await io.call('session.setUp', { name: name!, role: role(v.role, 'officer'), passphrase: io.passphrase })) };
      if (v.role !== undefined) throw new UsageError('--role is only for the first user of a new database; roles come from the administrator (casebook users role NAME --role …)');
      return { value: withFingerprint(await io.call('session.signIn', { name: name!, passphrase: io.passphrase })) };
    },
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
