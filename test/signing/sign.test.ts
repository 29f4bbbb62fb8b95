import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { canonicalJson, fingerprintOf, generateSigningKeyPair, publicKeyOf, signMessage, signerOver, verifySignature } from '../../electron/core/signing/sign.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });
  it('is the same text whatever order the members were added in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe('Ed25519 signatures', () => {
  const pair = generateSigningKeyPair();
  const message = canonicalJson({ case: 'CB-2026-0001', decision: 'terminate', exhibits: [{ sha256: 'ab'.repeat(32) }] });

  it('verifies a signature over the message and refuses it after any change', () => {
    const sig = signMessage(pair.privateKey, message);
    expect(verifySignature(pair.publicKey, message, sig)).toBe(true);
    expect(verifySignature(pair.publicKey, message.replace('terminate', 'retain'), sig)).toBe(false);
    const flipped = Buffer.from(sig, 'base64');
    flipped[10]! ^= 1;
    expect(verifySignature(pair.publicKey, message, flipped.toString('base64'))).toBe(false);
    expect(verifySignature(generateSigningKeyPair().publicKey, message, sig)).toBe(false);
    expect(verifySignature(pair.publicKey, message, 'not a signature')).toBe(false);
  });

  it('derives the public key and a stable grouped fingerprint', () => {
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const s = signerOver('officer', pair.privateKey);
    expect(s.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(s.fingerprint).toBe(fingerprintOf(pair.publicKey));
    expect(verifySignature(s.publicKey, 'x', s.sign('x'))).toBe(true);
  });

  it('produces signatures that a standard tool (openssl) accepts', () => {
    let version = '';
    try { version = execFileSync('openssl', ['version']).toString(); } catch { /* checked below */ }
    expect(version, 'openssl is on every machine this project runs on').toMatch(/OpenSSL/);
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pair.publicKey, 'base64')]);
    execFileSync('sh', ['-c', `cat > ${dir}/pub.der`], { input: spki });
    execFileSync('sh', ['-c', `cat > ${dir}/msg`], { input: message });
    execFileSync('sh', ['-c', `cat > ${dir}/sig`], { input: Buffer.from(signMessage(pair.privateKey, message), 'base64') });
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', `${dir}/pub.der`, '-keyform', 'DER', '-rawin', '-in', `${dir}/msg`, '-sigfile', `${dir}/sig`]).toString();
    expect(out).toMatch(/Signature Verified Successfully/);
  });
});
