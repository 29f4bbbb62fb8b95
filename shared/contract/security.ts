import { z } from 'zod';
import { op } from './define.ts';
import { ROLES, UserName } from '../session.ts';

/**
 * The app lock: `new` (no database yet: choose a passphrase), `locked` (the unlock screen; the
 * database is closed and its key dropped), `unlocked`. `idleSeconds`: the window locks after
 * this long without a key press or pointer move.
 */
export type LockStatus = {
  state: 'new' | 'locked' | 'unlocked';
  idleSeconds: number;
  wrongTries: number;
  encryptingExisting: boolean;
  /** The OS keychain's convenience copy of the key: none here, off, or on (unlock without typing). */
  keychain: 'unavailable' | 'off' | 'on';
  /** Whose the keychain's copy is: it opens Casebook as them (shown on the button; the name sealed in the copy decides). */
  keychainUser: string | null;
  /** The users who have a passphrase of their own in this database (for the sign-in screen's name field). */
  users: string[];
  /** Who was signed in before the lock (the sign-in screen offers their name again), unless they switched user. */
  lastUser: string | null;
};

export type BackupStatus = {
  /** The database file open now (the app's own, or a restored copy it was switched to). */
  database: string;
  folder: string | null;
  everyHours: number;
  lastSuccess: string | null;
  lastError: string | null;
  /** The last success is more than a day old (or there is none while backups are set up). */
  stale: boolean;
};

const Passphrase = z.string().min(1, 'is required').max(1024);
/** A folder the app was given: absolute (the desktop app's folder dialog gives one; a relative path would depend on where the app was started). */
const Folder = z
  .string()
  .min(1, 'is required')
  .max(4096)
  .refine((s) => !s.includes('\0') && (s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\')), 'must be a full folder path');

export const securityContract = {
  'app.lockStatus': op(z.object({})).reads<LockStatus>(),
  /** A new database: its passphrase, and (with a name) its first user, the administrator, with the role they choose. */
  'app.setPassphrase': op(z.object({ passphrase: Passphrase, confirm: Passphrase, name: UserName.optional(), role: z.enum(ROLES).default('officer') })).returns<LockStatus>(),
  /** Sign-in: the user's name and their own passphrase (without a name, whichever user's passphrase it is). */
  'app.unlock': op(z.object({ name: UserName.optional(), passphrase: Passphrase, remember: z.boolean().default(false) })).returns<LockStatus>(),
  'app.unlockWithKeychain': op(z.object({})).returns<LockStatus>(),
  'app.forgetKeychain': op(z.object({})).returns<LockStatus>(),
  /** Sign out (the app locks); `switchUser`: the sign-in screen does not offer the last name. */
  'app.lock': op(z.object({ switchUser: z.boolean().default(false) })).returns<LockStatus>(),
  'app.changePassphrase': op(z.object({ current: Passphrase, next: Passphrase, confirm: Passphrase })).returns<{ changed: true }>(),
  /** Closes the open database and opens the one restored into `folder` (its passphrase: the backup's). */
  'app.switchDatabase': op(z.object({ folder: Folder, passphrase: Passphrase })).returns<LockStatus>(),
  'app.setIdleMinutes': op(z.object({ minutes: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1').max(240, 'must be at most 240') })).returns<LockStatus>(),
  'backup.status': op(z.object({})).reads<BackupStatus>(),
  /** `folder` absent: kept as it is; null: automatic backups off. */
  'backup.configure': op(z.object({ folder: Folder.nullable().optional(), everyHours: z.number().int().min(1).max(168).default(4) })).returns<BackupStatus>(),
  'backup.run': op(z.object({ folder: Folder.optional(), jobId: z.string().max(100).optional() })).returns<{ snapshot: string; evidenceCopied: number; ms: number; status: BackupStatus }>(),
  'backup.restore': op(z.object({ from: Folder, to: Folder, passphrase: Passphrase })).returns<{ restoredTo: string; exhibits: number; files: number; events: number }>(),
};
