// The key model (docs: DESIGN.md "Keys, users and signatures"). One random 256-bit data key
// encrypts the database and the evidence files. A passphrase goes through scrypt (memory-hard,
// node:crypto) to a key-encryption key that wraps the data key (AES-256-GCM); the wrapped copies
// ("slots") sit in a JSON key file beside the database. Changing a passphrase re-wraps one slot;
// nothing else is re-encrypted. The raw data key is never written anywhere.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, hkdfSync, randomBytes, scrypt, scryptSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';

export type KdfParams = { name: 'scrypt'; N: number; r: number; p: number; salt: string };
type Wrapped = { alg: 'aes-256-gcm'; iv: string; tag: string; data: string };
/**
 * One wrapped copy of the data key. `user`: whose passphrase wraps it (a user slot's id is
 * `user:NAME`, and the id is bound into the wrapping, so a slot cannot be re-labelled to another
 * user without the data key). A slot without a user (id `passphrase`, from before users had their
 * own) belongs to the administrator until their first sign-in makes it theirs.
 */
export type KeySlot = { id: string; created: string; kdf: KdfParams; wrapped: Wrapped; user?: string };
export type KeyFile = {
  format: 'casebook-keys';
  version: 1;
  /** How the database pages are encrypted (for a reader of the file; the code does not trust it). */
  database: 'sqlcipher-4';
  evidence: 'age-v1-x25519';
  slots: KeySlot[];
  /** Wrong passphrases since the last right one: each one waits longer before answering. */
  failures?: { count: number; last: string };
};

/**
 * scrypt cost: N = 2^17, r = 8 (128 MiB, about half a second on a laptop), the OWASP figure for
 * scrypt. The fast set exists for the test suite only, chosen by an explicit option (or
 * CASEBOOK_TEST_FAST_KDF=1 for the CLI a test starts) and recorded in the key file.
 */
export const KDF_DEFAULT = { N: 2 ** 17, r: 8, p: 1 } as const;
export const KDF_TEST_ONLY = { N: 2 ** 10, r: 8, p: 1 } as const;
export type KdfProfile = 'default' | 'test-only-fast';

export const MIN_PASSPHRASE_LENGTH = 12;
const SCRYPT_MAXMEM = 512 * 1024 * 1024;
const DATA_KEY_BYTES = 32;
const MAX_DELAY_MS = 30_000;

export const keyFilePath = (dbFile: string): string => `${dbFile}.key`;

/** The keys derived from the data key, each for one purpose (HKDF-SHA256, distinct labels). */
export class Vault {
  readonly #dataKey: Buffer;
  /** The database's raw page key and salt (SQLCipher's 96-hex-digit raw key form). */
  readonly dbKeyHex: string;
  /** Names stored evidence files: HMAC-SHA256(nameKey, plaintext SHA-256). */
  readonly nameKey: Buffer;
  /** The evidence files' age X25519 identity (its 32 secret bytes). */
  readonly evidenceSecret: Buffer;
  readonly evidencePrivate: KeyObject;
  readonly evidencePublicRaw: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== DATA_KEY_BYTES) throw new Error('a data key is 32 bytes');
    this.#dataKey = Buffer.from(dataKey);
    const sub = (label: string) => Buffer.from(hkdfSync('sha256', this.#dataKey, Buffer.alloc(0), `casebook/v1/${label}`, 32));
    // The raw page key and the file's salt, both derived: a new database file gets this salt rather
    // than a random one, so that two processes creating the same new database at once agree on it.
    this.dbKeyHex = sub('database').toString('hex') + sub('database-salt').subarray(0, 16).toString('hex');
    this.nameKey = sub('evidence-names');
    this.evidenceSecret = sub('evidence-x25519');
    this.evidencePrivate = x25519Private(this.evidenceSecret);
    this.evidencePublicRaw = x25519PublicRaw(this.evidencePrivate);
  }

  /** A key for one more purpose (e.g. the backup manifest's MAC), derived like the others. */
  derive(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#dataKey, Buffer.alloc(0), `casebook/v1/${label}`, 32));
  }

  /** The data key itself, only to wrap it again (re-key, a convenience copy). */
  exportDataKey(): Buffer {
    return Buffer.from(this.#dataKey);
  }

  /** Overwrites the secret bytes this object holds (on lock); the object is unusable afterwards. */
  wipe(): void {
    this.#dataKey.fill(0);
    this.nameKey.fill(0);
    this.evidenceSecret.fill(0);
  }
}

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
export const x25519Private = (secret: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
export const x25519PublicRaw = (priv: KeyObject): Buffer => createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32);
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
export const x25519Public = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });

function kdfParams(profile: KdfProfile): KdfParams {
  const p = profile === 'test-only-fast' ? KDF_TEST_ONLY : KDF_DEFAULT;
  return { name: 'scrypt', N: p.N, r: p.r, p: p.p, salt: randomBytes(16).toString('base64') };
}

function checkKdf(k: KdfParams, where: string): void {
  const pow2 = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
  if (k?.name !== 'scrypt' || !pow2(k.N) || k.N > 2 ** 22 || !Number.isInteger(k.r) || k.r < 1 || k.r > 32 || !Number.isInteger(k.p) || k.p < 1 || k.p > 16 || typeof k.salt !== 'string') {
    throw new AppError('unsupported_database', `${where}: the key file's passphrase settings are not ones Casebook writes; it may be damaged.`);
  }
}

const kekSync = (passphrase: string, k: KdfParams): Buffer =>
  scryptSync(passphrase.normalize('NFC'), Buffer.from(k.salt, 'base64'), 32, { N: k.N, r: k.r, p: k.p, maxmem: SCRYPT_MAXMEM });
const kekAsync = (passphrase: string, k: KdfParams): Promise<Buffer> =>
  new Promise((ok, fail) => scrypt(passphrase.normalize('NFC'), Buffer.from(k.salt, 'base64'), 32, { N: k.N, r: k.r, p: k.p, maxmem: SCRYPT_MAXMEM }, (e, key) => (e ? fail(e) : ok(key))));

const aad = (slotId: string) => Buffer.from(`casebook data key v1 slot ${slotId}`);

function wrap(kek: Buffer, dataKey: Buffer, slotId: string): Wrapped {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, iv).setAAD(aad(slotId));
  const data = Buffer.concat([c.update(dataKey), c.final()]);
  return { alg: 'aes-256-gcm', iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The data key, or null when the passphrase is not the one this slot was wrapped with. */
function unwrap(kek: Buffer, w: Wrapped, slotId: string): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64')).setAAD(aad(slotId));
    d.setAuthTag(Buffer.from(w.tag, 'base64'));
    const key = Buffer.concat([d.update(Buffer.from(w.data, 'base64')), d.final()]);
    return key.length === DATA_KEY_BYTES ? key : null;
  } catch {
    return null;
  }
}

/** Passphrase rules: at least 12 characters, not only spaces. Anything else is the user's choice. */
export function checkNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.trim().length === 0) throw new AppError('invalid_input', 'The passphrase is empty.');
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('invalid_input', `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long (a few unrelated words are easy to remember and hard to guess).`);
  }
}

export function readKeyFile(dbFile: string): KeyFile | null {
  const path = keyFilePath(dbFile);
  if (!existsSync(path)) return null;
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch (e) {
    throw new AppError('unsupported_database', `The key file ${path} cannot be read (${(e as Error).message}). Without it the database cannot be opened: restore it from a backup.`);
  }
  if (parsed?.format !== 'casebook-keys' || parsed.version !== 1 || !Array.isArray(parsed.slots) || parsed.slots.length === 0) {
    throw new AppError('unsupported_database', `The key file ${path} is not a Casebook key file of a version this Casebook reads.`);
  }
  for (const s of parsed.slots) checkKdf(s.kdf, path);
  return parsed;
}

/** Writes the key file atomically (temp file, fsync, rename), readable by its owner only. */
export function writeKeyFile(dbFile: string, file: KeyFile, options: { noReplace?: boolean } = {}): void {
  const path = keyFilePath(dbFile);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(file, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!options.noReplace) {
    renameSync(tmp, path);
    return;
  }
  // A new key file: linked into place only if there is none (atomic), so that two processes creating
  // the same new database at once cannot each keep a different key; the second one loses and unlocks.
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', `${path} already exists; Casebook never replaces a key file.`);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Creates a new data key wrapped with the passphrase; refuses to replace an existing key file. */
export function createKeyFile(dbFile: string, passphrase: string, options: { kdf?: KdfProfile } = {}): Vault {
  checkNewPassphrase(passphrase);
  if (existsSync(keyFilePath(dbFile))) throw new AppError('conflict', `${keyFilePath(dbFile)} already exists; Casebook never replaces a key file.`);
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const kdf = kdfParams(options.kdf ?? 'default');
  const slot: KeySlot = { id: 'passphrase', created: new Date().toISOString(), kdf, wrapped: wrap(kekSync(passphrase, kdf), dataKey, 'passphrase') };
  writeKeyFile(dbFile, { format: 'casebook-keys', version: 1, database: 'sqlcipher-4', evidence: 'age-v1-x25519', slots: [slot] }, { noReplace: true });
  const v = new Vault(dataKey);
  dataKey.fill(0);
  return v;
}

/** How long to wait after the n-th wrong passphrase in a row: 0.5 s, doubling, at most 30 s. */
export const failureDelayMs = (count: number): number => (count <= 0 ? 0 : Math.min(MAX_DELAY_MS, 500 * 2 ** (count - 1)));

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function tryAllSlots(file: KeyFile, kek: (k: KdfParams) => Buffer): Buffer | null {
  const cache = new Map<string, Buffer>();
  for (const s of file.slots) {
    const id = JSON.stringify(s.kdf);
    let k = cache.get(id);
    if (!k) cache.set(id, (k = kek(s.kdf)));
    const key = unwrap(k, s.wrapped, s.id);
    if (key) return key;
  }
  return null;
}

function recordOutcome(dbFile: string, file: KeyFile, ok: boolean): number {
  if (ok) {
    if (file.failures) {
      delete file.failures;
      writeKeyFile(dbFile, file);
    }
    return 0;
  }
  const count = (file.failures?.count ?? 0) + 1;
  file.failures = { count, last: new Date().toISOString() };
  try {
    writeKeyFile(dbFile, file);
  } catch {
    // A read-only folder: the delay still grows within this process.
  }
  return count;
}

function wrongPassphrase(count: number): AppError {
  return new AppError('forbidden', `Wrong passphrase for this database (${count} wrong ${count === 1 ? 'try' : 'tries'} in a row; each one waits longer). There is no way around the passphrase: if it is lost, restore a backup whose passphrase you know.`, {
    details: { wrongTries: count },
  });
}

function missingKeyFile(dbFile: string): AppError {
  return new AppError('not_found', `${dbFile} has no key file beside it (${keyFilePath(dbFile)}). Without it the database cannot be opened: restore both from a backup.`);
}

/**
 * Unwraps the data key with a passphrase (synchronously: the CLI and tests). A wrong passphrase
 * waits, then throws. `record: false` leaves the key file as it is (a backup being checked).
 */
export function unlockSync(dbFile: string, passphrase: string, options: { record?: boolean } = {}): Vault {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const key = tryAllSlots(file, (k) => kekSync(passphrase, k));
  const count = options.record === false ? (key ? 0 : 1) : recordOutcome(dbFile, file, key !== null);
  if (!key) {
    sleepSync(failureDelayMs(count));
    throw wrongPassphrase(count);
  }
  const v = new Vault(key);
  key.fill(0);
  return v;
}

/** The same without blocking the thread (the desktop app's unlock screen). */
export async function unlock(dbFile: string, passphrase: string): Promise<Vault> {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const keks = new Map<string, Buffer>();
  for (const s of file.slots) if (!keks.has(JSON.stringify(s.kdf))) keks.set(JSON.stringify(s.kdf), await kekAsync(passphrase, s.kdf));
  const key = tryAllSlots(file, (k) => keks.get(JSON.stringify(k))!);
  const count = recordOutcome(dbFile, file, key !== null);
  if (!key) {
    await new Promise((r) => setTimeout(r, failureDelayMs(count)));
    throw wrongPassphrase(count);
  }
  const v = new Vault(key);
  key.fill(0);
  return v;
}

/**
 * Changes the passphrase: checks the current one, wraps the same data key with the new one and
 * replaces the slot. The database and evidence files are not touched.
 */
export function changePassphrase(dbFile: string, current: string, next: string, options: { kdf?: KdfProfile } = {}): void {
  checkNewPassphrase(next);
  const vault = unlockSync(dbFile, current);
  const file = readKeyFile(dbFile)!;
  // The slot the current passphrase opens is the one re-wrapped (each user has their own).
  const cache = new Map<string, Buffer>();
  const mine = file.slots.find((s) => {
    const id = JSON.stringify(s.kdf);
    if (!cache.has(id)) cache.set(id, kekSync(current, s.kdf));
    const k = unwrap(cache.get(id)!, s.wrapped, s.id);
    k?.fill(0);
    return k !== null;
  })!;
  const dataKey = vault.exportDataKey();
  try {
    const kdf = kdfParams(options.kdf ?? profileOf(file));
    const slot: KeySlot = { id: mine.id, ...(mine.user !== undefined && { user: mine.user }), created: new Date().toISOString(), kdf, wrapped: wrap(kekSync(next, kdf), dataKey, mine.id) };
    // The check after wrapping: the new slot opens to the same key before the old one is dropped.
    const back = unwrap(kekSync(next, kdf), slot.wrapped, slot.id);
    if (!back || !timingSafeEqual(back, dataKey)) throw new AppError('internal', 'The new passphrase could not be checked; nothing was changed.');
    file.slots = [slot, ...file.slots.filter((s) => s.id !== mine.id)];
    writeKeyFile(dbFile, file);
  } finally {
    dataKey.fill(0);
    vault.wipe();
  }
}

/** The KDF strength a key file was made with (a test database stays a test database on re-key). */
export function profileOf(file: KeyFile): KdfProfile {
  return file.slots.every((s) => s.kdf.N <= KDF_TEST_ONLY.N) ? 'test-only-fast' : 'default';
}

/** The KDF set a CLI started by the test suite asks for, by an explicit variable; the default otherwise. */
export const kdfProfileFromEnv = (env: NodeJS.ProcessEnv = process.env): KdfProfile => (env.CASEBOOK_TEST_FAST_KDF === '1' ? 'test-only-fast' : 'default');

// ---- Users' slots: each user's passphrase wraps the same data key (adding or removing a user never re-encrypts data).

export const userSlotId = (user: string): string => `user:${user.normalize('NFC').toLowerCase()}`;
const sameUser = (a: string, b: string) => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

/** The slots a user's passphrase may open: their own, and (for the administrator) the slot from before users had their own. */
export function slotsFor(file: KeyFile, user: string, options: { legacy: boolean }): KeySlot[] {
  const own = file.slots.filter((s) => s.user !== undefined && sameUser(s.user, user) && s.id === userSlotId(s.user));
  if (own.length) return own;
  return options.legacy ? file.slots.filter((s) => s.user === undefined && s.id === 'passphrase') : [];
}

/** Whether any slot of the key file is a user's own (a database that has users with their own passphrases). */
export const userNamesInKeyFile = (file: KeyFile): string[] => file.slots.flatMap((s) => (s.user !== undefined ? [s.user] : []));

/**
 * The data key unwrapped with one user's passphrase, or null when it is not theirs. `legacy`: the
 * administrator may still use the slot from before users had their own.
 */
export function unwrapForUser(file: KeyFile, user: string, passphrase: string, options: { legacy: boolean }): { key: Buffer; slot: KeySlot } | null {
  const cache = new Map<string, Buffer>();
  for (const s of slotsFor(file, user, options)) {
    const id = JSON.stringify(s.kdf);
    let k = cache.get(id);
    if (!k) cache.set(id, (k = kekSync(passphrase, s.kdf)));
    const key = unwrap(k, s.wrapped, s.id);
    if (key) return { key, slot: s };
  }
  return null;
}

/** Whether the passphrase is this user's own (it unwraps their slot to this vault's data key). Nothing is written. */
export function checkUserPassphrase(dbFile: string, vault: Vault, user: string, passphrase: string, options: { legacy: boolean }): boolean {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const found = unwrapForUser(file, user, passphrase, options);
  if (!found) return false;
  const mine = vault.exportDataKey();
  try {
    return found.key.length === mine.length && timingSafeEqual(found.key, mine);
  } finally {
    mine.fill(0);
    found.key.fill(0);
  }
}

/**
 * Gives a user their own slot: the data key wrapped with their passphrase (replacing a slot of
 * theirs, e.g. a new passphrase). `dropLegacy`: the administrator's first own slot replaces the
 * slot from before users had their own. The database and evidence files are not touched.
 */
export function setUserSlot(dbFile: string, vault: Vault, user: string, passphrase: string, options: { dropLegacy?: boolean; kdf?: KdfProfile } = {}): void {
  checkNewPassphrase(passphrase);
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const dataKey = vault.exportDataKey();
  try {
    const id = userSlotId(user);
    const kdf = kdfParams(options.kdf ?? profileOf(file));
    const slot: KeySlot = { id, user, created: new Date().toISOString(), kdf, wrapped: wrap(kekSync(passphrase, kdf), dataKey, id) };
    const back = unwrap(kekSync(passphrase, kdf), slot.wrapped, slot.id);
    if (!back || !timingSafeEqual(back, dataKey)) throw new AppError('internal', 'The new passphrase could not be checked; nothing was changed.');
    file.slots = [...file.slots.filter((s) => s.id !== id && !(options.dropLegacy && s.user === undefined && s.id === 'passphrase')), slot];
    writeKeyFile(dbFile, file);
  } finally {
    dataKey.fill(0);
  }
}

/** Removes a user's slot (their passphrase no longer opens the database); the last slot is never removed. */
export function removeUserSlot(dbFile: string, user: string): boolean {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const keep = file.slots.filter((s) => s.id !== userSlotId(user));
  if (keep.length === file.slots.length) return false;
  if (keep.length === 0) throw new AppError('conflict', 'This is the only passphrase that opens the database; it cannot be removed.');
  file.slots = keep;
  writeKeyFile(dbFile, file);
  return true;
}

/**
 * Unwraps the data key with a user's passphrase and says whose slot opened: with a name, only that
 * user's own slot (or, when they have none yet, the slot from before users had their own: the
 * caller then checks they are the administrator); without one, any slot. A wrong passphrase waits,
 * then throws, and counts like any other.
 */
export function unlockAsUser(dbFile: string, passphrase: string, user?: string): { vault: Vault; slotUser: string | null } {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  const candidates = user === undefined ? file.slots : slotsFor(file, user, { legacy: true });
  const cache = new Map<string, Buffer>();
  let found: { key: Buffer; slot: KeySlot } | null = null;
  for (const s of candidates) {
    const id = JSON.stringify(s.kdf);
    let k = cache.get(id);
    if (!k) cache.set(id, (k = kekSync(passphrase, s.kdf)));
    const key = unwrap(k, s.wrapped, s.id);
    if (key) {
      found = { key, slot: s };
      break;
    }
  }
  const count = recordOutcome(dbFile, file, found !== null);
  if (!found) {
    sleepSync(failureDelayMs(count));
    throw user === undefined ? wrongPassphrase(count) : new AppError('forbidden', `Wrong passphrase for ${user}, or no such user in this database (${count} wrong ${count === 1 ? 'try' : 'tries'} in a row; each one waits longer).`, { details: { wrongTries: count } });
  }
  const v = new Vault(found.key);
  found.key.fill(0);
  return { vault: v, slotUser: found.slot.user ?? null };
}

/** The same without blocking the thread (the desktop app's sign-in screen). */
export async function unlockAsUserAsync(dbFile: string, passphrase: string, user?: string): Promise<{ vault: Vault; slotUser: string | null }> {
  const file = readKeyFile(dbFile);
  if (!file) throw missingKeyFile(dbFile);
  let found: { key: Buffer; slot: KeySlot } | null = null;
  for (const s of user === undefined ? file.slots : slotsFor(file, user, { legacy: true })) {
    const key = unwrap(await kekAsync(passphrase, s.kdf), s.wrapped, s.id);
    if (key) {
      found = { key, slot: s };
      break;
    }
  }
  const count = recordOutcome(dbFile, file, found !== null);
  if (!found) {
    await new Promise((r) => setTimeout(r, failureDelayMs(count)));
    if (user === undefined) throw wrongPassphrase(count);
    throw new AppError('forbidden', `Unknown user or wrong passphrase (${count} wrong ${count === 1 ? 'try' : 'tries'} in a row; each one waits longer). There is no way around the passphrase: if it is lost, the administrator can give you a new one.`, {
      details: { wrongTries: count },
    });
  }
  const v = new Vault(found.key);
  found.key.fill(0);
  return { vault: v, slotUser: found.slot.user ?? null };
}
