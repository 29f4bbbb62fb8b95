import type { Db, ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Role, User } from '../../../shared/session.ts';

type UserRow = { id: number; name: string; role: Role; created_at: string };
const rowToUser = (r: UserRow): User => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at });

export function findUser(db: ReadDb, name: string): User | undefined {
  const r = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return r && rowToUser(r);
}

export function currentUser(db: ReadDb): User | null {
  const r = db.prepare(`SELECT u.* FROM settings s JOIN users u ON u.name = s.value WHERE s.key = 'session.user'`).get() as UserRow | undefined;
  return r ? rowToUser(r) : null;
}

export function listUsers(db: ReadDb): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY name COLLATE NOCASE').all() as UserRow[]).map(rowToUser);
}

/** Registers a user, or changes a registered user's role; both are audited. */
export function registerUser(db: Db, actor: string, name: string, role: Role): User {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const existing = findUser(db, name);
    if (!existing) {
      db.prepare('INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)').run(name, role, now);
      appendAudit(db, actor, { caseId: null, entity: 'user', entityId: name, action: 'registered', after: { name, role } }, now);
    } else if (existing.role !== role) {
      db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, existing.id);
      appendAudit(db, actor, { caseId: null, entity: 'user', entityId: existing.name, action: 'role_changed', before: { role: existing.role }, after: { role } }, now);
    }
    return findUser(db, name)!;
  }).immediate();
}

/** Registers the user (or changes their role, audited) and makes them the saved user of this database. */
export function signIn(db: Db, name: string, role: Role): User {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const user = registerUser(db, name, name, role);
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES ('session.user', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(user.name, now);
    return user;
  }).immediate();
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
