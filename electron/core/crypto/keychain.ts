// An optional convenience copy of the data key, protected by the operating system's keychain for
// this user (Electron's safeStorage: Keychain on macOS, DPAPI on Windows, the Secret Service on
// Linux). It is never the only copy: the passphrase always unlocks, and forgetting the copy (or a
// passphrase change) leaves the passphrase as the way in. The file holds only what the OS
// encrypted; without this user's OS login it is useless. The copy belongs to the Casebook user who
// chose to keep it: their name is sealed with the key, and opening with the copy signs in as them
// (never as whoever signed in last).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { Vault } from './keys.ts';

/** What the desktop shell gives: Electron's safeStorage, or nothing (CLI, harness). */
export type OsKeychain = {
  isEncryptionAvailable: () => boolean;
  encryptString: (plain: string) => Buffer;
  decryptString: (encrypted: Buffer) => string;
};

export const keychainPath = (dbFile: string): string => `${dbFile}.keychain`;

/** A fingerprint of the data key (not the key), so a stale copy is recognised. */
const fingerprint = (v: Vault) => createHash('sha256').update(v.derive('keychain-fingerprint')).digest('hex');

/** `user`: the Casebook user keeping the copy (null before the first user is set up). */
export function rememberKey(dbFile: string, vault: Vault, keychain: OsKeychain, user: string | null): void {
  if (!keychain.isEncryptionAvailable()) throw new AppError('invalid_input', "This computer's keychain is not available; unlock with the passphrase.");
  const key = vault.exportDataKey();
  try {
    const blob = keychain.encryptString(JSON.stringify({ key: key.toString('base64'), user })).toString('base64');
    const tmp = `${keychainPath(dbFile)}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      // `user` in the clear only names the button; the name sealed in the blob is the one that signs in.
      writeSync(fd, JSON.stringify({ format: 'casebook-keychain', version: 2, fingerprint: fingerprint(vault), user, blob }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, keychainPath(dbFile));
  } finally {
    key.fill(0);
  }
}

export function forgetKey(dbFile: string): void {
  rmSync(keychainPath(dbFile), { force: true });
}

export const hasRememberedKey = (dbFile: string): boolean => existsSync(keychainPath(dbFile));

/** The name the keychain's copy is shown under (whose it is), or null. */
export function rememberedFor(dbFile: string): string | null {
  try {
    const f = JSON.parse(readFileSync(keychainPath(dbFile), 'utf8')) as { user?: unknown };
    return typeof f.user === 'string' ? f.user : null;
  } catch {
    return null;
  }
}

/**
 * The vault from the keychain copy and the user who kept it, or null when there is none or it no
 * longer opens (the passphrase is asked). A copy from before copies named their user (version 1)
 * does not open: it would not say whom it signs in.
 */
export function unlockWithKeychain(dbFile: string, keychain: OsKeychain): { vault: Vault; user: string | null } | null {
  if (!hasRememberedKey(dbFile) || !keychain.isEncryptionAvailable()) return null;
  try {
    const f = JSON.parse(readFileSync(keychainPath(dbFile), 'utf8')) as { version: number; fingerprint: string; blob: string };
    if (f.version !== 2) return null;
    const sealed = JSON.parse(keychain.decryptString(Buffer.from(f.blob, 'base64'))) as { key: string; user: string | null };
    const user = typeof sealed.user === 'string' ? sealed.user : null;
    const key = Buffer.from(sealed.key, 'base64');
    if (key.length !== 32) return null;
    const v = new Vault(key);
    key.fill(0);
    const a = Buffer.from(fingerprint(v), 'hex');
    const b = Buffer.from(f.fingerprint, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      v.wipe();
      return null;
    }
    return { vault: v, user };
  } catch {
    return null;
  }
}
