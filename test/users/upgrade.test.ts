import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, openVault } from '../../electron/core/app.ts';
import { applyKey } from '../../electron/core/db/connection.ts';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { keyFilePath } from '../../electron/core/crypto/keys.ts';
import { resetPassphrase, signInUser } from '../../electron/core/session/accounts.ts';
import { findUser } from '../../electron/core/session/users.ts';
import { TEST_PASSPHRASE, TEST_UNLOCK } from '../helpers/core.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const USERS_MIGRATION = MIGRATIONS.findIndex((m) => m.name === 'users-signatures');

describe('a database from before users had passphrases and keys', () => {
  it('makes its first user the administrator; their passphrase becomes their own at sign-in; others get a passphrase from them and a key at sign-in', () => {
    dir = mkdtempSync(join(tmpdir(), 'casebook-upgrade-'));
    const dbFile = join(dir, 'casebook.db');
    // The schema before migration 010, with users who declared their own roles, and the one passphrase slot of that time.
    const vault = openVault(dbFile, TEST_UNLOCK);
    const old = new Database(dbFile);
    applyKey(old, vault);
    migrate(old, MIGRATIONS.slice(0, USERS_MIGRATION));
    old.prepare(`INSERT INTO users (name, role, created_at) VALUES ('Olga Officer', 'officer', '2025-01-01'), ('Carl Counsel', 'counsel', '2025-02-01')`).run();
    old.close();
    const slots = () => (JSON.parse(readFileSync(keyFilePath(dbFile), 'utf8')) as { slots: { id: string; user?: string }[] }).slots;
    expect(slots()).toEqual([expect.objectContaining({ id: 'passphrase' })]);

    const core = openCore({ dbFile, unlock: { passphrase: TEST_PASSPHRASE } });
    try {
      expect(findUser(core.db, 'Olga Officer')).toMatchObject({ admin: true, publicKey: null });
      expect(findUser(core.db, 'Carl Counsel')).toMatchObject({ admin: false, role: 'counsel', publicKey: null });
      // Carl never had a passphrase of his own: the database's passphrase is the administrator's.
      expect(() => signInUser(core.ctx, 'Carl Counsel', TEST_PASSPHRASE)).toThrow(/Unknown user or wrong passphrase/);

      const olga = signInUser(core.ctx, 'Olga Officer', TEST_PASSPHRASE);
      expect(olga.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
      expect(slots()).toEqual([expect.objectContaining({ id: 'user:olga officer', user: 'Olga Officer' })]);

      resetPassphrase(core.ctx, 'Carl Counsel', 'carl has his own now');
      const carl = signInUser(core.ctx, 'Carl Counsel', 'carl has his own now');
      expect(carl).toMatchObject({ role: 'counsel', admin: false, fingerprint: expect.stringMatching(/^([0-9a-f]{4} ){7}/) });
      expect(slots().map((s) => s.user)).toEqual(['Olga Officer', 'Carl Counsel']);
      const keyEvents = core.db.prepare(`SELECT actor, entity_id, action FROM audit_events WHERE entity = 'user' ORDER BY seq`).all();
      expect(keyEvents).toEqual([
        { actor: 'Olga Officer', entity_id: 'Olga Officer', action: 'key_created' },
        { actor: 'Olga Officer', entity_id: 'Carl Counsel', action: 'passphrase_set' },
        { actor: 'Carl Counsel', entity_id: 'Carl Counsel', action: 'key_created' },
      ]);
    } finally {
      core.close();
    }
  });
});
