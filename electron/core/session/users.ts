import type { Db, ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Actor, Role, User } from '../../../shared/session.ts';
import { AppError } from '../../../shared/errors.ts';
import { fingerprintOf } from '../signing/sign.ts';

type UserRow = { id: number; name: string; role: Role; created_at: string; admin: number; public_key: string | null };
const rowToUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  admin: r.admin === 1,
  publicKey: r.public_key,
  fingerprint: r.public_key ? fingerprintOf(r.public_key) : null,
});

export function findUser(db: ReadDb, name: string): User | undefined {
  const r = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return r && rowToUser(r);
}

export const userCount = (db: ReadDb): number => db.prepare('SELECT count(*) FROM users').pluck().get() as number;

export function currentUser(db: ReadDb): User | null {
  const r = db.prepare(`SELECT u.* FROM settings s JOIN users u ON u.name = s.value WHERE s.key = 'session.user'`).get() as UserRow | undefined;
  return r ? rowToUser(r) : null;
}

export function listUsers(db: ReadDb): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY name COLLATE NOCASE').all() as UserRow[]).map(rowToUser);
}

export const actorOf = (u: User): Actor => ({ name: u.name, role: u.role, admin: u.admin });

/** The acting user must be the administrator (roles and users come from them, never from the person who claims them). */
export function requireAdmin(db: ReadDb, actor: Actor | null, what: string): User {
  const u = actor ? findUser(db, actor.name) : undefined;
  if (!u) throw new AppError('forbidden', `Sign in first: only the administrator ${what}.`);
  if (!u.admin) throw new AppError('forbidden', `Only the administrator ${what}; ${u.name} is not the administrator of this database.`);
  return u;
}

/**
 * The first user of a new database: they are its administrator, with the role they choose (there
 * is no one yet to give it). Refused once the database has a user.
 */
export function registerFirstUser(db: Db, name: string, role: Role): User {
  return db.transaction(() => {
    if (userCount(db) > 0) throw new AppError('forbidden', 'This database already has users: sign in, and ask the administrator to add you.');
    const now = new Date().toISOString();
    db.prepare('INSERT INTO users (name, role, created_at, admin) VALUES (?, ?, ?, 1)').run(name, role, now);
    appendAudit(db, name, { caseId: null, entity: 'user', entityId: name, action: 'registered', after: { name, role, admin: true } }, now);
    saveSessionUser(db, name, now);
    return findUser(db, name)!;
  }).immediate();
}

/** The administrator registers a user with a role; audited. A name already registered is refused. */
export function addUserRow(db: Db, admin: string, name: string, role: Role): User {
  return db.transaction(() => {
    if (findUser(db, name)) throw new AppError('conflict', `There is already a user named ${JSON.stringify(name)} (names are compared without regard to case).`);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO users (name, role, created_at, admin) VALUES (?, ?, ?, 0)').run(name, role, now);
    appendAudit(db, admin, { caseId: null, entity: 'user', entityId: name, action: 'registered', after: { name, role } }, now);
    return findUser(db, name)!;
  }).immediate();
}

/** The administrator changes a user's role; audited. */
export function setRole(db: Db, admin: string, name: string, role: Role): User {
  return db.transaction(() => {
    const existing = findUser(db, name);
    if (!existing) throw new AppError('not_found', `There is no user named ${JSON.stringify(name)}.`);
    if (existing.role !== role) {
      db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, existing.id);
      appendAudit(db, admin, { caseId: null, entity: 'user', entityId: existing.name, action: 'role_changed', before: { role: existing.role }, after: { role } });
    }
    return findUser(db, name)!;
  }).immediate();
}

function saveSessionUser(db: Db, name: string, now = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES ('session.user', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(name, now);
}

/** Makes a registered user the saved user of this database (the CLI's default `--user`). */
export function rememberSignIn(db: Db, name: string): User {
  const u = findUser(db, name);
  if (!u) throw new AppError('not_found', `There is no user named ${JSON.stringify(name)}.`);
  saveSessionUser(db, u.name);
  return u;
}

/**
 * For tools and benchmarks that start a database in code: the first user becomes its
 * administrator; a registered user is made the saved user. Never takes a role from anyone but
 * the first user.
 */
export function signIn(db: Db, name: string, role: Role): User {
  const existing = findUser(db, name);
  if (existing) return rememberSignIn(db, existing.name);
  return registerFirstUser(db, name, role);
}

/** View preferences are per user UI state, not part of the record, so they are not audited. */
export function getPreference<T>(db: ReadDb, user: string, key: string): T | null {
  const v = db.prepare('SELECT value FROM preferences WHERE user_name = ? AND key = ?').pluck().get(user, key) as string | undefined;
  return v === undefined ? null : (JSON.parse(v) as T);
}

export function setPreference(db: Db, user: string, key: string, value: unknown): void {
  db.prepare(
    `INSERT INTO preferences (user_name, key, value) VALUES (?, ?, ?)
     ON CONFLICT (user_name, key) DO UPDATE SET value = excluded.value`,
  ).run(user, key, JSON.stringify(value));
}
