// Who a bundle comes from and who it goes to: this database's identity, the signing keys it
// accepts bundles from, and each user's X25519 key for bundles encrypted to them (the age format,
// so the standard `age` tool opens them too).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bech32 } from '@scure/base';
import type { Db, ReadDb } from '../db/handle.ts';
import type { Vault } from '../crypto/keys.ts';
import { x25519Private, x25519PublicRaw } from '../crypto/keys.ts';
import { ageRecipient } from '../crypto/age.ts';
import { appendAudit } from '../audit/chain.ts';
import { fingerprintOf } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { quoteInput } from '../../../shared/quote.ts';

export function databaseId(db: ReadDb): string {
  const id = db.prepare(`SELECT value FROM settings WHERE key = 'database.id'`).pluck().get() as string | undefined;
  if (!id) throw new AppError('internal', 'This database has no identity of its own (settings database.id); open it with this version of Casebook once to give it one.');
  return id;
}

export type KnownKey = { name: string; publicKey: string; fingerprint: string; how: 'user' | 'trusted'; recipient: string | null };

/** A signing key this database knows: one of its users', or one accepted from an earlier bundle. */
export function knownKey(db: ReadDb, publicKey: string): KnownKey | null {
  const hasKeys = (db.prepare(`SELECT count(*) FROM pragma_table_info('users') WHERE name = 'public_key'`).pluck().get() as number) > 0;
  if (hasKeys) {
    const u = db.prepare('SELECT name FROM users WHERE public_key = ?').get(publicKey) as { name: string } | undefined;
    if (u) {
      const id = db.prepare('SELECT recipient FROM bundle_identities WHERE user_name = ?').pluck().get(u.name) as string | undefined;
      return { name: u.name, publicKey, fingerprint: fingerprintOf(publicKey), how: 'user', recipient: id ?? null };
    }
  }
  const t = db.prepare('SELECT name, recipient FROM bundle_trusted_keys WHERE public_key = ?').get(publicKey) as { name: string; recipient: string | null } | undefined;
  return t ? { name: t.name, publicKey, fingerprint: fingerprintOf(publicKey), how: 'trusted', recipient: t.recipient } : null;
}

/** Records a key as one this database accepts bundles from (audited by the caller's transaction). */
export function trustKey(db: Db, actor: string, key: { name: string; publicKey: string; recipient: string | null; sourceDb: string }, now: string): void {
  const existing = db.prepare('SELECT name, recipient FROM bundle_trusted_keys WHERE public_key = ?').get(key.publicKey) as { name: string; recipient: string | null } | undefined;
  if (existing) {
    if (key.recipient && existing.recipient !== key.recipient) db.prepare('UPDATE bundle_trusted_keys SET recipient = ? WHERE public_key = ?').run(key.recipient, key.publicKey);
    return;
  }
  db.prepare('INSERT INTO bundle_trusted_keys (public_key, name, fingerprint, recipient, source_db, trusted_by, trusted_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    key.publicKey, key.name, fingerprintOf(key.publicKey), key.recipient, key.sourceDb, actor, now,
  );
  appendAudit(db, actor, { caseId: null, entity: 'bundle_key', entityId: fingerprintOf(key.publicKey), action: 'trusted', after: { name: key.name, publicKey: key.publicKey, database: key.sourceDb } }, now);
}

const SEAL_LABEL = 'bundle-identities';
type Sealed = { iv: string; tag: string; data: string };

function sealSecret(vault: Vault, user: string, recipient: string, secret: Buffer): string {
  const key = vault.derive(SEAL_LABEL);
  try {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(`casebook bundle identity v1 ${user.toLowerCase()} ${recipient}`));
    const data = Buffer.concat([c.update(secret), c.final()]);
    return JSON.stringify({ iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') } satisfies Sealed);
  } finally {
    key.fill(0);
  }
}

function unsealSecret(vault: Vault, user: string, recipient: string, sealed: string): Buffer {
  const key = vault.derive(SEAL_LABEL);
  try {
    const s = JSON.parse(sealed) as Sealed;
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64')).setAAD(Buffer.from(`casebook bundle identity v1 ${user.toLowerCase()} ${recipient}`));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]);
  } catch {
    throw new AppError('internal', `${user}'s key for encrypted bundles cannot be opened: it was changed or damaged in the database.`);
  } finally {
    key.fill(0);
  }
}

/** The user's age recipient (age1…), creating their X25519 key the first time (audited). */
export function ensureIdentity(db: Db, vault: Vault, user: string, now = new Date().toISOString()): string {
  const row = db.prepare('SELECT recipient FROM bundle_identities WHERE user_name = ?').pluck().get(user) as string | undefined;
  if (row) return row;
  const secret = randomBytes(32);
  try {
    const recipient = ageRecipient(x25519PublicRaw(x25519Private(secret)));
    db.transaction(() => {
      db.prepare('INSERT INTO bundle_identities (user_name, recipient, sealed, created_at) VALUES (?, ?, ?, ?)').run(user, recipient, sealSecret(vault, user, recipient, secret), now);
      appendAudit(db, user, { caseId: null, entity: 'bundle_key', entityId: user, action: 'encryption_key_created', after: { recipient } }, now);
    })();
    return recipient;
  } finally {
    secret.fill(0);
  }
}

/** The user's X25519 private key, to open a bundle encrypted to them; null when they have none. */
export function identityOf(db: ReadDb, vault: Vault, user: string): { key: KeyObject; publicRaw: Buffer; recipient: string } | null {
  const row = db.prepare('SELECT user_name, recipient, sealed FROM bundle_identities WHERE user_name = ?').get(user) as { user_name: string; recipient: string; sealed: string } | undefined;
  if (!row) return null;
  const secret = unsealSecret(vault, row.user_name, row.recipient, row.sealed);
  try {
    const key = x25519Private(secret);
    return { key, publicRaw: x25519PublicRaw(key), recipient: row.recipient };
  } finally {
    secret.fill(0);
  }
}

/** The 32 raw bytes of an age X25519 recipient (age1…), or null when the text is not one. */
export function parseRecipient(text: string): Buffer | null {
  const s = text.trim();
  if (!/^age1[02-9ac-hj-np-z]{58}$/.test(s)) return null;
  try {
    const { prefix, words } = bech32.decode(s as `${string}1${string}`);
    if (prefix !== 'age') return null;
    const raw = Buffer.from(bech32.fromWords(words));
    return raw.length === 32 ? raw : null;
  } catch {
    return null;
  }
}

/**
 * Whom `--recipient` names: an age public key (age1…), a user of this database, or the sender of
 * an earlier bundle (whose manifest carried their age key).
 */
export function resolveRecipient(db: ReadDb, text: string): { name: string | null; key: string; raw: Buffer } {
  const raw = parseRecipient(text);
  if (raw) return { name: null, key: text.trim(), raw };
  const local = db.prepare('SELECT user_name, recipient FROM bundle_identities WHERE user_name = ?').get(text) as { user_name: string; recipient: string } | undefined;
  if (local) return { name: local.user_name, key: local.recipient, raw: parseRecipient(local.recipient)! };
  const remote = db.prepare('SELECT name, recipient FROM bundle_trusted_keys WHERE name = ? COLLATE NOCASE AND recipient IS NOT NULL ORDER BY trusted_at DESC').get(text) as { name: string; recipient: string } | undefined;
  if (remote) return { name: remote.name, key: remote.recipient, raw: parseRecipient(remote.recipient)! };
  throw new AppError(
    'invalid_input',
    `"${quoteInput(text)}" is neither an age public key (age1…) nor someone whose key this database knows. Ask the recipient for their key (casebook bundle key), or import a bundle from them first.`,
    { issues: [{ path: 'recipient', message: 'is not a known recipient' }] },
  );
}
