// Signatures (DESIGN.md "Keys, users and signatures"). What is signed is always the canonical JSON
// of a value (RFC 8785 shape: object keys sorted by UTF-16 code units, no insignificant whitespace,
// strings and numbers as JSON.stringify writes them), so that a reviewer can rebuild the exact
// bytes from the record with any JSON library that sorts keys. The algorithm is Ed25519
// (RFC 8032) from node:crypto; keys travel as their raw 32 bytes in base64.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';

/** The canonical JSON text of a value: sorted keys, no whitespace; undefined members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical JSON has no form for a non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`canonical JSON has no form for a ${typeof value}`);
  }
}

// DER prefixes that wrap a raw Ed25519 key in the SPKI / PKCS#8 structures node:crypto reads.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type KeyPair = { publicKey: string; privateKey: Buffer };

/** A new Ed25519 key pair: the public key as base64 of its 32 bytes, the private key's 32 seed bytes. */
export function generateSigningKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const priv = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return { publicKey: Buffer.from(pub).toString('base64'), privateKey: Buffer.from(priv) };
}

function publicKeyObject(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(privateKey: Buffer): KeyObject {
  if (privateKey.length !== 32) throw new Error('an Ed25519 private key is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, privateKey]), format: 'der', type: 'pkcs8' });
}

/** The public key that belongs to a private key (to check a stored pair). */
export function publicKeyOf(privateKey: Buffer): string {
  const der = createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(SPKI_PREFIX.length)).toString('base64');
}

const bytes = (message: Buffer | string): Buffer => (typeof message === 'string' ? Buffer.from(message, 'utf8') : message);

/** Signs the message's bytes (a string as UTF-8); the signature as base64 of its 64 bytes. */
export function signMessage(privateKey: Buffer, message: Buffer | string): string {
  return edSign(null, bytes(message), privateKeyObject(privateKey)).toString('base64');
}

/** Whether the signature is the key's over the message; false (never a throw) for any malformed input. */
export function verifySignature(publicKey: string, message: Buffer | string, signature: string): boolean {
  try {
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64) return false;
    return edVerify(null, bytes(message), publicKeyObject(publicKey), sig);
  } catch {
    return false;
  }
}

/**
 * The key's fingerprint as people compare it: SHA-256 of the raw public key, the first 16 bytes
 * in hex, in groups of four ("3f2a 91c0 …"). Same key, same fingerprint, on any machine.
 */
export function fingerprintOf(publicKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

/** Who signs, as the signing code sees them: the private key stays inside `sign`. */
export type Signer = { user: string; publicKey: string; fingerprint: string; sign: (message: Buffer | string) => string };

/** A signer over a private key already unsealed (the caller checked the passphrase). */
export function signerOver(user: string, privateKey: Buffer): Signer {
  const key = Buffer.from(privateKey);
  const publicKey = publicKeyOf(key);
  return { user, publicKey, fingerprint: fingerprintOf(publicKey), sign: (message) => signMessage(key, message) };
}
