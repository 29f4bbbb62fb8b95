// The age v1 file format (https://age-encryption.org/v1), X25519 recipient, written over
// node:crypto so that it streams: a header that wraps a random file key for the recipient, then
// the payload in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a key derived from the
// file key and a random nonce (the STREAM construction: a chunk counter and a last-chunk flag in
// each chunk's nonce, so chunks cannot be reordered, dropped or cut off unseen). Memory stays at
// a chunk or two whatever the file's size; the standard `age` tool decrypts what this writes
// (`age -d -i identity.txt`).
import { createCipheriv, createDecipheriv, createHmac, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { bech32 } from '@scure/base';
import { x25519Public, x25519PublicRaw } from './keys.ts';

export const AGE_CHUNK = 64 * 1024;
const TAG = 16;
const SEALED_CHUNK = AGE_CHUNK + TAG;
const MAX_HEADER = 64 * 1024;
const VERSION_LINE = 'age-encryption.org/v1';

/** Where a stored file failed: its header, or the n-th payload chunk (plaintext bytes from..to). */
export class AgeError extends Error {
  readonly where: { part: 'header' } | { part: 'chunk'; index: number; plaintextFrom: number; plaintextTo: number } | { part: 'end' };
  constructor(message: string, where: AgeError['where']) {
    super(message);
    this.name = 'AgeError';
    this.where = where;
  }
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
const unb64 = (s: string): Buffer => {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new AgeError('the header holds text that is not base64', { part: 'header' });
  return Buffer.from(s, 'base64');
};
const hkdf = (ikm: Buffer, salt: Buffer, info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

function seal(key: Buffer, nonce: Buffer, plain: Buffer): Buffer {
  const [out, tag] = sealParts(key, nonce, plain);
  return Buffer.concat([out, tag]);
}

/** The ciphertext and its tag as two buffers (a stream pushes both: no 64 KiB copy to join them). */
function sealParts(key: Buffer, nonce: Buffer, plain: Buffer): [Buffer, Buffer] {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  const out = c.update(plain);
  c.final();
  return [out, c.getAuthTag()];
}

function open(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG) return null;
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  const out = d.update(sealed.subarray(0, sealed.length - TAG));
  try {
    d.final();
  } catch {
    return null;
  }
  return out;
}

const chunkNonce = (index: number, last: boolean) => {
  const n = Buffer.alloc(12);
  n.writeUIntBE(index, 5, 6); // an 11-byte big-endian counter; 6 bytes is more than any file here needs
  n[11] = last ? 1 : 0;
  return n;
};

/** age's text form of an X25519 identity (AGE-SECRET-KEY-1…) and of its recipient (age1…). */
export const ageIdentity = (secret: Buffer): string => bech32.encode('age-secret-key-', bech32.toWords(secret), false).toUpperCase();
export const ageRecipient = (publicRaw: Buffer): string => bech32.encode('age', bech32.toWords(publicRaw), false);

/** The header for one recipient, and the file key it wraps. */
function makeHeader(recipientRaw: Buffer): { header: Buffer; fileKey: Buffer } {
  const fileKey = randomBytes(16);
  const eph = generateKeyPairSync('x25519');
  const ephRaw = x25519PublicRaw(eph.privateKey);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: x25519Public(recipientRaw) });
  const wrapKey = hkdf(shared, Buffer.concat([ephRaw, recipientRaw]), 'age-encryption.org/v1/X25519');
  const body = seal(wrapKey, Buffer.alloc(12), fileKey);
  const text = `${VERSION_LINE}\n-> X25519 ${b64(ephRaw)}\n${b64(body)}\n---`;
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(text).digest();
  return { header: Buffer.from(`${text} ${b64(mac)}\n`), fileKey };
}

/** A stream that encrypts what passes through it to the recipient, as an age file. */
export function createEncryptStream(recipientRaw: Buffer): Transform {
  const { header, fileKey } = makeHeader(recipientRaw);
  const nonce = randomBytes(16);
  const key = hkdf(fileKey, nonce, 'payload');
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let index = 0;
  let started = false;
  const take = (n: number): Buffer => {
    // Most reads are larger than a chunk (the store reads 1 MiB at a time): a view, not a copy.
    const first = pending[0];
    if (first && first.length >= n) {
      pending[0] = first.subarray(n);
      if (pending[0].length === 0) pending.shift();
      pendingLen -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const b = pending[0]!;
      const k = Math.min(b.length, n - off);
      b.copy(out, off, 0, k);
      off += k;
      if (k === b.length) pending.shift();
      else pending[0] = b.subarray(k);
    }
    pendingLen -= n;
    return out;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!started) {
        started = true;
        this.push(Buffer.concat([header, nonce]));
      }
      pending.push(chunk);
      pendingLen += chunk.length;
      // A chunk is sealed as "not last" only once a byte after it is known to exist.
      while (pendingLen > AGE_CHUNK) {
        const [out, tag] = sealParts(key, chunkNonce(index++, false), take(AGE_CHUNK));
        this.push(out);
        this.push(tag);
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (!started) this.push(Buffer.concat([header, nonce]));
      this.push(seal(key, chunkNonce(index++, true), take(pendingLen)));
      pending = [];
      cb();
    },
  });
}

/** Parses and checks a header; returns the file key and how many bytes the header took. */
function readHeader(buf: Buffer, identity: KeyObject, identityPublicRaw: Buffer): { fileKey: Buffer; length: number } | null {
  const first = buf.subarray(0, VERSION_LINE.length + 1).toString('latin1');
  if (!`${VERSION_LINE}\n`.startsWith(first)) throw new AgeError('it is not an age v1 file', { part: 'header' });
  const end = buf.indexOf('\n---', 0, 'latin1');
  if (end < 0) return null;
  const macLineEnd = buf.indexOf('\n', end + 4);
  if (macLineEnd < 0) return null;
  const text = buf.subarray(0, end + 4).toString('latin1');
  const macLine = buf.subarray(end + 4, macLineEnd).toString('latin1');
  const lines = text.split('\n');
  if (lines[0] !== VERSION_LINE) throw new AgeError('it is not an age v1 file', { part: 'header' });
  if (!macLine.startsWith(' ')) throw new AgeError('its header is malformed', { part: 'header' });
  let fileKey: Buffer | null = null;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (!line.startsWith('-> ')) continue;
    const args = line.slice(3).split(' ');
    const bodyLines: string[] = [];
    while (i + 1 < lines.length - 1 && !lines[i + 1]!.startsWith('-> ')) bodyLines.push(lines[++i]!);
    if (args[0] !== 'X25519' || args.length !== 2 || fileKey) continue;
    const ephRaw = unb64(args[1]!);
    if (ephRaw.length !== 32) continue;
    const shared = diffieHellman({ privateKey: identity, publicKey: x25519Public(ephRaw) });
    const wrapKey = hkdf(shared, Buffer.concat([ephRaw, identityPublicRaw]), 'age-encryption.org/v1/X25519');
    fileKey = open(wrapKey, Buffer.alloc(12), unb64(bodyLines.join('')));
  }
  if (!fileKey) throw new AgeError('it is not encrypted to this key (or its header was altered)', { part: 'header' });
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(text).digest();
  const given = unb64(macLine.slice(1));
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new AgeError('its header was altered', { part: 'header' });
  return { fileKey, length: macLineEnd + 1 };
}

/**
 * A stream that decrypts an age file for the identity. Any altered, missing, reordered or
 * cut-off byte fails with an AgeError naming the header or the chunk (its plaintext byte range).
 */
export function createDecryptStream(identity: KeyObject, identityPublicRaw: Buffer): Transform {
  let buf: Buffer[] = [];
  let bufLen = 0;
  let key: Buffer | null = null;
  let fileKey: Buffer | null = null;
  let headerDone = false;
  let index = 0;
  const concat = () => {
    if (buf.length > 1) buf = [Buffer.concat(buf, bufLen)];
    return buf[0] ?? Buffer.alloc(0);
  };
  const take = (n: number): Buffer => {
    const all = concat();
    const out = all.subarray(0, n);
    buf = all.length > n ? [all.subarray(n)] : [];
    bufLen -= n;
    return out;
  };
  const openChunk = (sealed: Buffer, last: boolean): Buffer => {
    const plain = open(key!, chunkNonce(index, last), sealed);
    if (!plain) {
      const from = index * AGE_CHUNK;
      throw new AgeError(last ? `its last chunk (bytes ${from}–${from + Math.max(0, sealed.length - TAG)}) fails its check: altered or cut off` : `chunk ${index + 1} (bytes ${from}–${from + AGE_CHUNK}) fails its check: altered`, {
        part: 'chunk',
        index,
        plaintextFrom: from,
        plaintextTo: from + Math.max(0, sealed.length - TAG),
      });
    }
    if (last && plain.length === 0 && index > 0) throw new AgeError('it ends with an empty chunk', { part: 'end' });
    index++;
    return plain;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        buf.push(chunk);
        bufLen += chunk.length;
        if (!headerDone) {
          const h = readHeader(concat(), identity, identityPublicRaw);
          if (!h) {
            if (bufLen > MAX_HEADER) throw new AgeError('its header is malformed', { part: 'header' });
            return cb();
          }
          take(h.length);
          headerDone = true;
          fileKey = h.fileKey;
        }
        if (!key) {
          if (bufLen < 16) return cb();
          key = hkdf(fileKey!, Buffer.from(take(16)), 'payload');
        }
        while (bufLen > SEALED_CHUNK) this.push(openChunk(take(SEALED_CHUNK), false));
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (!headerDone || !key) throw new AgeError('it is cut off inside its header', { part: 'header' });
        if (bufLen < TAG) throw new AgeError(`it is cut off after chunk ${index}`, { part: 'end' });
        this.push(openChunk(take(bufLen), true));
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}

/**
 * For a reader that opens the payload's chunks itself (several files at once, in other threads):
 * the payload key and where the first chunk starts, from the file's first bytes (its header and
 * nonce; at most 64 KiB and 16 bytes are needed). A chunk n of the payload is sealed with
 * ChaCha20-Poly1305 under this key and the nonce of an 11-byte big-endian counter n and a byte 1
 * on the last chunk, 0 before. Fails with the AgeError the stream gives.
 */
export function agePayloadStart(head: Buffer, identity: KeyObject, identityPublicRaw: Buffer): { key: Buffer; offset: number } {
  const h = readHeader(head, identity, identityPublicRaw);
  if (!h || head.length < h.length + 16) throw new AgeError('it is cut off inside its header', { part: 'header' });
  return { key: hkdf(h.fileKey, head.subarray(h.length, h.length + 16), 'payload'), offset: h.length + 16 };
}
