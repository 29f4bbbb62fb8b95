// Users' signing keys (DESIGN.md "Keys, users and signatures"). Each user has an Ed25519 key pair;
// the private half is sealed with AES-256-GCM under a key derived from the database's data key
// ('user-signing-keys'), bound to the user's row and public key, and is never stored plain. Signing
// asks for the signer's own passphrase again: `signerFor` checks it against the user's slot in the
// key file before it unseals the key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Db, ReadDb } from '../db/connection.ts';
import type { Ctx } from '../context.ts';
import type { Vault } from '../crypto/keys.ts';
import { checkUserPassphrase } from '../crypto/keys.ts';
import { appendAudit } from '../audit/chain.ts';
import { fingerprintOf, generateSigningKeyPair, publicKeyOf as publicKeyOfPrivate, signerOver, type Signer } from '../signing/sign.ts';
import { AppError } from '../../../shared/errors.ts';
import { recordCheckpoint } from '../signing/records.ts';
import type { Checkpoint } from '../../../shared/signatures.ts';

type Sealed = { alg: 'aes-256-gcm'; iv: string; tag: string; data: string };
type KeyRow = { id: number; name: string; admin: number; public_key: string | null; sealed_key: string | null; key_created_at: string | null };

const SEAL_LABEL = 'user-signing-keys';
const aad = (userId: number, publicKey: string) => Buffer.from(`casebook user signing key v1 ${userId} ${publicKey}`);

function seal(vault: Vault, userId: number, publicKey: string, privateKey: Buffer): string {
  const key = vault.derive(SEAL_LABEL);
  try {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(userId, publicKey));
    const data = Buffer.concat([c.update(privateKey), c.final()]);
    const sealed: Sealed = { alg: 'aes-256-gcm', iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
    return JSON.stringify(sealed);
  } finally {
    key.fill(0);
  }
}

function unseal(vault: Vault, row: KeyRow): Buffer {
  const key = vault.derive(SEAL_LABEL);
  try {
    const s = JSON.parse(row.sealed_key!) as Sealed;
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64')).setAAD(aad(row.id, row.public_key!));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    const priv = Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]);
    if (priv.length !== 32 || publicKeyOfPrivate(priv) !== row.public_key) throw new Error('key pair mismatch');
    return priv;
  } catch {
    throw new AppError('internal', `${row.name}'s signing key cannot be opened: it was changed or damaged in the database. Nothing was signed; restore a backup.`);
  } finally {
    key.fill(0);
  }
}

const keyRow = (db: ReadDb, name: string): KeyRow | undefined =>
  db.prepare('SELECT id, name, admin, public_key, sealed_key, key_created_at FROM users WHERE name = ?').get(name) as KeyRow | undefined;

/** A user's public key and its fingerprint, or null when the user is unknown or has no key pair yet. */
export function publicKeyOf(db: ReadDb, userName: string): { user: string; publicKey: string; fingerprint: string; createdAt: string } | null {
  const r = keyRow(db, userName);
  if (!r?.public_key) return null;
  return { user: r.name, publicKey: r.public_key, fingerprint: fingerprintOf(r.public_key), createdAt: r.key_created_at ?? '' };
}

/** Every user's public key (a signature's key is looked up here to name its signer). */
export function userKeys(db: ReadDb): { user: string; publicKey: string; fingerprint: string }[] {
  const rows = db.prepare('SELECT name, public_key FROM users WHERE public_key IS NOT NULL ORDER BY id').all() as { name: string; public_key: string }[];
  return rows.map((r) => ({ user: r.name, publicKey: r.public_key, fingerprint: fingerprintOf(r.public_key) }));
}

/**
 * Gives the user a key pair when they have none (registration, or a user from before users had
 * keys, at their next sign-in); audited. Returns the public key.
 */
export function ensureUserKey(db: Db, vault: Vault, userName: string, actor: string = userName): string {
  return db.transaction(() => {
    const r = keyRow(db, userName);
    if (!r) throw new AppError('not_found', `There is no user named ${JSON.stringify(userName)} in this database.`);
    if (r.public_key && r.sealed_key) return r.public_key;
    const pair = generateSigningKeyPair();
    try {
      const now = new Date().toISOString();
      db.prepare('UPDATE users SET public_key = ?, sealed_key = ?, key_created_at = ? WHERE id = ?').run(pair.publicKey, seal(vault, r.id, pair.publicKey, pair.privateKey), now, r.id);
      appendAudit(db, actor, { caseId: null, entity: 'user', entityId: r.name, action: 'key_created', after: { publicKey: pair.publicKey, fingerprint: fingerprintOf(pair.publicKey) } }, now);
      return pair.publicKey;
    } finally {
      pair.privateKey.fill(0);
    }
  }).immediate();
}

/** Whether the passphrase is the user's own (their slot in the key file opens to this database's key). */
export function isOwnPassphrase(ctx: Pick<Ctx, 'db' | 'vault' | 'paths'>, userName: string, passphrase: string): boolean {
  const r = keyRow(ctx.db, userName);
  if (!r) return false;
  return checkUserPassphrase(ctx.paths.dbFile, ctx.vault, r.name, passphrase, { legacy: r.admin === 1 });
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The acting user's signer: checks that the passphrase is their own, then unseals their private
 * key (creating their key pair first if they have none). A wrong passphrase signs nothing.
 */
export function signerFor(ctx: Pick<Ctx, 'db' | 'vault' | 'paths' | 'actor'>, passphrase: string): Signer {
  if (!ctx.actor) throw new AppError('forbidden', 'Sign in first: signing needs a signed-in user.');
  const r = keyRow(ctx.db, ctx.actor.name);
  if (!r) throw new AppError('forbidden', `${ctx.actor.name} is not a registered user of this database; an administrator adds users.`);
  if (typeof passphrase !== 'string' || passphrase === '' || !isOwnPassphrase(ctx, r.name, passphrase)) {
    sleepSync(500);
    throw new AppError('forbidden', `That is not ${r.name}'s passphrase, so nothing was signed. Signing asks for your own passphrase again: the one you sign in with.`, {
      issues: [{ path: 'passphrase', message: 'is not your passphrase' }],
    });
  }
  ensureUserKey(ctx.db as Db, ctx.vault, r.name);
  const priv = unseal(ctx.vault, keyRow(ctx.db, r.name)!);
  try {
    return signerOver(r.name, priv);
  } finally {
    priv.fill(0);
  }
}

/**
 * The acting user's signer without asking the passphrase again: only for signatures the system
 * makes on the user's behalf while they are signed in (audit checkpoints), never for a sign-off.
 */
export function sessionSigner(ctx: Pick<Ctx, 'db' | 'vault' | 'actor'>): Signer | null {
  if (!ctx.actor) return null;
  const r = keyRow(ctx.db, ctx.actor.name);
  if (!r) return null;
  ensureUserKey(ctx.db as Db, ctx.vault, r.name);
  const priv = unseal(ctx.vault, keyRow(ctx.db, r.name)!);
  try {
    return signerOver(r.name, priv);
  } finally {
    priv.fill(0);
  }
}

/**
 * Records a signed checkpoint of the audit trail now (a report export, a backup), signed by the
 * signed-in user's key. Without a registered acting user there is no one to sign: none is taken.
 */
export function checkpointNow(ctx: Pick<Ctx, 'db' | 'vault' | 'actor'>, occasion: Checkpoint['occasion']): Checkpoint | null {
  // A checkpoint that cannot be taken (no key can be opened) never stops the backup or export it marks.
  try {
    const signer = sessionSigner(ctx);
    if (!signer) return null;
    return ctx.db.transaction(() => recordCheckpoint(ctx.db, signer, occasion)).immediate();
  } catch {
    return null;
  }
}
