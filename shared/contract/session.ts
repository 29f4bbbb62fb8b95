import { z } from 'zod';
import { op } from './define.ts';
import { PassphraseInput, ROLES, UserInput, UserName, type User } from '../session.ts';
import type { AuditEvent, AuditVerifyResult } from '../audit.ts';

export const sessionContract = {
  'session.current': op(z.object({})).reads<User | null>(),
  /** A registered user signs in with their own passphrase; the role is the one the administrator gave. */
  'session.signIn': op(z.object({ name: UserName, passphrase: PassphraseInput })).returns<User>(),
  /** The first user of a new database: its administrator, with the passphrase the database was created with. */
  'session.setUp': op(UserInput.extend({ passphrase: PassphraseInput })).returns<User>(),
  /** The administrator adds a user with a role and a first passphrase of their own. */
  'users.add': op(UserInput.extend({ passphrase: PassphraseInput })).returns<User>(),
  /** The administrator gives a user a role. */
  'users.setRole': op(z.object({ name: UserName, role: z.enum(ROLES) })).returns<User>(),
  /** The administrator gives a user a new passphrase (one that was forgotten). */
  'users.resetPassphrase': op(z.object({ name: UserName, passphrase: PassphraseInput })).returns<User>(),
  'users.list': op(z.object({})).reads<User[]>(),
  'jobs.cancel': op(z.object({ jobId: z.string().min(1).max(100) })).returns<{ cancelled: boolean }>(),
  'audit.verify': op(z.object({})).returns<AuditVerifyResult>(),
  /** The latest changes to settings (weights, thresholds, the GeoIP database, range lists), newest first. */
  'audit.settings': op(z.object({ limit: z.number().int().min(1).max(500).default(50) })).reads<AuditEvent[]>(),
};
