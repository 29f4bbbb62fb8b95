import { changePassphrase } from '../crypto/keys.ts';
import { newPassphrase, passphraseFor } from '../crypto/passphrase.ts';
import type { CliCommand } from './types.ts';

/** Passphrase, backup and restore: commands that work on the files around the database. */
export const securityCommands: CliCommand[] = [
  {
    path: ['passphrase', 'change'],
    usage: 'passphrase change   (current from CASEBOOK_PASSPHRASE or a prompt, new from CASEBOOK_NEW_PASSPHRASE or a prompt; re-wraps the key, re-encrypts nothing)',
    run: () => ({ value: null }),
    standalone: async ({ dbFile }) => {
      const current = await passphraseFor('open');
      const next = await newPassphrase();
      changePassphrase(dbFile, current, next);
      return { value: { ok: true, changed: 'passphrase', reencrypted: 0 } };
    },
  },
];
