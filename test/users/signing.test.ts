import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeTestCore, openTestDb, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { publicKeyOf, signerFor, userKeys } from '../../electron/core/session/signing.ts';
import { canonicalJson, verifySignature } from '../../electron/core/signing/sign.ts';
import { keyFilePath } from '../../electron/core/crypto/keys.ts';
import { AppError } from '../../shared/errors.ts';
import { addUser } from '../../electron/core/session/accounts.ts';

let core: TestCore;
afterEach(() => core?.cleanup());

describe('users\u2019 signing keys', () => {
  it('gives each registered user an Ed25519 key pair whose private half is sealed, and signs with the right passphrase only', () => {
    core = makeTestCore('Olivia Officer');
    core.as('Carl Counsel', 'counsel');
    const olivia = publicKeyOf(core.db, 'Olivia Officer')!;
    const carl = publicKeyOf(core.db, 'Carl Counsel')!;
    expect(olivia.publicKey).not.toBe(carl.publicKey);
    expect(olivia.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(userKeys(core.db).map((k) => k.user)).toEqual(['Olivia Officer', 'Carl Counsel']);

    // The stored key is not the plain 32 bytes: sealed (AES-256-GCM) under the data key.
    const raw = openTestDb(core.dbFile, { readonly: true });
    const row = raw.prepare('SELECT sealed_key FROM users WHERE name = ?').get('Carl Counsel') as { sealed_key: string };
    raw.close();
    expect(JSON.parse(row.sealed_key)).toMatchObject({ alg: 'aes-256-gcm' });

    const message = canonicalJson({ decision: 1, case: 'CASE-2026-0001' });
    const signer = signerFor(core.ctx, TEST_PASSPHRASE);
    expect(signer.user).toBe('Carl Counsel');
    expect(signer.publicKey).toBe(carl.publicKey);
    const sig = signer.sign(message);
    expect(verifySignature(carl.publicKey, message, sig)).toBe(true);
    expect(verifySignature(olivia.publicKey, message, sig)).toBe(false);
    expect(verifySignature(carl.publicKey, message.replace('0001', '0002'), sig)).toBe(false);
  });

  it('refuses a wrong passphrase with a clear message, and another user\u2019s passphrase too', () => {
    core = makeTestCore('Olivia Officer');
    let err: unknown;
    try {
      signerFor(core.ctx, 'not the passphrase at all');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
    expect((err as AppError).message).toMatch(/not Olivia Officer's passphrase, so nothing was signed/);

    // Carl has a passphrase of his own; Olivia's does not sign for him.
    const carlPass = 'carl passphrase: a second one entirely';
    addUser(core.ctx, { name: 'Carl Counsel', role: 'counsel', passphrase: carlPass });
    core.ctx.actor = { name: 'Carl Counsel', role: 'counsel' };
    expect(() => signerFor(core.ctx, TEST_PASSPHRASE)).toThrow(/not Carl Counsel's passphrase/);
    expect(signerFor(core.ctx, carlPass).user).toBe('Carl Counsel');
    // Each user is a slot of their own in the key file, tagged with their name.
    const file = JSON.parse(readFileSync(keyFilePath(core.dbFile), 'utf8')) as { slots: { id: string; user?: string }[] };
    expect(file.slots.map((s) => s.user).sort()).toEqual(['Carl Counsel', 'Olivia Officer']);
  });
});
