// Users and sign-in over the key file: each user's passphrase wraps the database's data key as
// their own slot (crypto/keys.ts), so adding or removing a user never re-encrypts anything. The
// first user is the administrator; only the administrator adds users and gives roles.
import type { Ctx } from '../context.ts';
import { checkNewPassphrase, checkUserPassphrase, readKeyFile, removeUserSlot, setUserSlot, slotsFor } from '../crypto/keys.ts';
import { ensureUserKey, isOwnPassphrase } from './signing.ts';
import { appendAudit } from '../audit/chain.ts';
import { actorOf, addUserRow, currentUser, findUser, registerFirstUser, rememberSignIn, requireAdmin, setRole, userCount } from './users.ts';
import type { Role, User } from '../../../shared/session.ts';
import { AppError } from '../../../shared/errors.ts';

type AccountCtx = Pick<Ctx, 'db' | 'vault' | 'paths' | 'actor'>;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The first user of a new database: the passphrase that created it becomes their own, they are
 * the administrator, and they choose their role (there is no one yet to give it).
 */
export function setUpFirstUser(ctx: AccountCtx, name: string, role: Role, passphrase: string): User {
  if (userCount(ctx.db) > 0) throw new AppError('forbidden', 'This database already has users: sign in with your name and passphrase, or ask the administrator to add you.');
  const file = readKeyFile(ctx.paths.dbFile);
  if (file && slotsFor(file, name, { legacy: true }).length === 0) throw new AppError('forbidden', 'This database has no passphrase left for a first user; restore a backup.');
  // The passphrase must be the one the database was created with (it opens the slot from before users).
  if (file && !isLegacyPassphrase(ctx, name, passphrase)) throw new AppError('forbidden', 'That is not the passphrase this database was created with.');
  const user = registerFirstUser(ctx.db, name, role);
  ensureUserKey(ctx.db, ctx.vault, user.name);
  if (file) setUserSlot(ctx.paths.dbFile, ctx.vault, user.name, passphrase, { dropLegacy: true });
  ctx.actor = actorOf(user);
  return findUser(ctx.db, user.name)!;
}

/** Before the first user exists there is no row to look up: the slot from before users is checked directly. */
const isLegacyPassphrase = (ctx: AccountCtx, name: string, passphrase: string): boolean =>
  checkUserPassphrase(ctx.paths.dbFile, ctx.vault, name, passphrase, { legacy: true });

/**
 * Signs a registered user in with their own passphrase: they become the acting user and the saved
 * user of this database. A user from before users had keys gets a key pair now; the administrator's
 * slot from before users had their own becomes theirs.
 */
export function signInUser(ctx: AccountCtx, name: string, passphrase: string): User {
  const u = findUser(ctx.db, name);
  if (!u || !isOwnPassphrase(ctx, u.name, passphrase)) {
    sleepSync(500);
    throw new AppError('forbidden', 'Unknown user or wrong passphrase.', { issues: [{ path: 'passphrase', message: 'does not match this user' }] });
  }
  return signInChecked(ctx, u, passphrase);
}

/**
 * The administrator adds a user with a role and a passphrase of their own (the user changes it
 * later). Their key pair is made now. Nothing is re-encrypted: one more slot in the key file.
 */
export function addUser(ctx: AccountCtx, input: { name: string; role: Role; passphrase: string }): User {
  const admin = requireAdmin(ctx.db, ctx.actor, 'adds users');
  checkNewPassphrase(input.passphrase);
  if (findUser(ctx.db, input.name)) throw new AppError('conflict', `There is already a user named ${JSON.stringify(input.name)} (names are compared without regard to case).`);
  setUserSlot(ctx.paths.dbFile, ctx.vault, input.name, input.passphrase);
  try {
    const user = addUserRow(ctx.db, admin.name, input.name, input.role);
    ensureUserKey(ctx.db, ctx.vault, user.name, admin.name);
    return findUser(ctx.db, user.name)!;
  } catch (e) {
    removeUserSlot(ctx.paths.dbFile, input.name);
    throw e;
  }
}

/** The administrator gives a user a role (counsel, officer). */
export function giveRole(ctx: AccountCtx, name: string, role: Role): User {
  const admin = requireAdmin(ctx.db, ctx.actor, 'gives roles');
  const u = setRole(ctx.db, admin.name, name, role);
  if (ctx.actor && ctx.actor.name === u.name) ctx.actor = actorOf(u);
  return u;
}

/** A user changes their own passphrase: the current one is checked; only their slot is re-wrapped. */
export function changeOwnPassphrase(ctx: AccountCtx, current: string, next: string): void {
  const u = ctx.actor ? findUser(ctx.db, ctx.actor.name) : undefined;
  if (!u) throw new AppError('forbidden', 'Sign in first.');
  if (!isOwnPassphrase(ctx, u.name, current)) {
    sleepSync(500);
    throw new AppError('forbidden', 'The current passphrase is wrong; nothing was changed.', { issues: [{ path: 'current', message: 'is not your passphrase' }] });
  }
  setUserSlot(ctx.paths.dbFile, ctx.vault, u.name, next, { dropLegacy: u.admin });
}

/**
 * After the key file was opened with a passphrase (sign-in): who is acting. `name`: the user who
 * signed in; `slotUser`: whose slot the passphrase opened (null: the slot from before users had
 * their own, which only the administrator may use). A database without users has no actor yet
 * (its first user registers next).
 */
export function identify(ctx: AccountCtx, name: string | undefined, slotUser: string | null, passphrase: string): User | null {
  if (userCount(ctx.db) === 0) {
    ctx.actor = null;
    return null;
  }
  const who = name ?? slotUser ?? currentUser(ctx.db)?.name;
  const u = who === undefined ? undefined : findUser(ctx.db, who);
  const own = u && slotUser !== null && slotUser.toLowerCase() === u.name.toLowerCase();
  if (!u || (!own && !(u.admin && slotUser === null && isOwnPassphrase(ctx, u.name, passphrase)))) {
    throw new AppError('forbidden', 'Unknown user or wrong passphrase.', { issues: [{ path: 'passphrase', message: 'does not match this user' }] });
  }
  return signInChecked(ctx, u, passphrase);
}

function signInChecked(ctx: AccountCtx, u: User, passphrase: string): User {
  const file = readKeyFile(ctx.paths.dbFile);
  if (u.admin && file && slotsFor(file, u.name, { legacy: false }).length === 0) {
    try {
      setUserSlot(ctx.paths.dbFile, ctx.vault, u.name, passphrase, { dropLegacy: true });
    } catch {
      // A read-only folder, or a passphrase from before today's rules: the old slot keeps working.
    }
  }
  ensureUserKey(ctx.db, ctx.vault, u.name);
  const user = rememberSignIn(ctx.db, u.name);
  ctx.actor = actorOf(user);
  return findUser(ctx.db, u.name)!;
}

/**
 * Signs in the user who kept the key in this computer's keychain (their OS account vouches for
 * them; signing still asks for their passphrase). Before any user exists there is nobody to sign in.
 */
export function signInWithKeptKey(ctx: AccountCtx, name: string | null): User | null {
  if (userCount(ctx.db) === 0) {
    ctx.actor = null;
    return null;
  }
  const u = name === null ? undefined : findUser(ctx.db, name);
  if (!u) throw new AppError('forbidden', "The key kept in this computer's keychain was kept by a user who is not a user of this database (or before users signed in); it was forgotten. Sign in with your passphrase.");
  ctx.actor = actorOf(rememberSignIn(ctx.db, u.name));
  return findUser(ctx.db, u.name)!;
}

/** The administrator gives a user a new passphrase (a forgotten one): only that user's slot is re-wrapped. */
export function resetPassphrase(ctx: AccountCtx, name: string, passphrase: string): User {
  requireAdmin(ctx.db, ctx.actor, 'sets another user\'s passphrase');
  const u = findUser(ctx.db, name);
  if (!u) throw new AppError('not_found', `There is no user named ${JSON.stringify(name)}.`);
  setUserSlot(ctx.paths.dbFile, ctx.vault, u.name, passphrase, { dropLegacy: u.admin });
  ctx.db.transaction(() => appendAudit(ctx.db, ctx.actor!.name, { caseId: null, entity: 'user', entityId: u.name, action: 'passphrase_set' })).immediate();
  return u;
}
