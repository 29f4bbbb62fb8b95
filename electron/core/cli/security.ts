import { checkBackup, restoreBackup, rotateBackups, takeBackup } from '../backup/backup.ts';
import { changePassphrase } from '../crypto/keys.ts';
import { newPassphrase, passphraseFor } from '../crypto/passphrase.ts';
import { checkpointNow } from '../session/signing.ts';
import { storeOf } from '../evidence/store.ts';
import { str, UsageError, type CliCommand } from './types.ts';

const need = (v: unknown, flag: string): string => {
  const s = str(v);
  if (!s) throw new UsageError(`--${flag} is required`);
  return s;
};

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
  {
    path: ['backup'],
    usage: 'backup --to DIR [--rotate]   (a consistent encrypted copy while in use, evidence copied incrementally, a manifest of every SHA-256; --rotate keeps 3 of today and one a day for 14 days)',
    options: { to: { type: 'string' }, rotate: { type: 'boolean' } },
    run: async (ctx, io, v) => {
      const folder = need(v.to, 'to');
      checkpointNow(ctx, 'backup');
      const result = await takeBackup({ db: ctx.db, vault: ctx.vault, dbFile: ctx.paths.dbFile, store: storeOf(ctx), gate: ctx.gate }, folder, { onProgress: (phase, done, total) => io.progress(`${phase} ${done}/${total}`) });
      const rotation = v.rotate ? await rotateBackups(folder) : undefined;
      return { value: { ...result, ...(rotation && { rotation }) } };
    },
  },
  {
    path: ['backup', 'check'],
    usage: 'backup check FROM   (checks a backup folder or one snapshot end to end with its passphrase; writes nothing; exit 1 naming what is wrong)',
    positionals: { min: 1, max: 1 },
    run: () => ({ value: null }),
    standalone: async ({ positionals: [from], progress }) => {
      const passphrase = await passphraseFor('open');
      const { root: _r, snapDir: _s, manifest: _m, ...r } = await checkBackup(from!, passphrase, { onProgress: (p, d, t) => progress(`${p} ${d}/${t}`) });
      return { value: r };
    },
  },
  {
    path: ['restore'],
    usage: 'restore FROM --to DIR   (FROM: a backup folder (its newest snapshot) or one snapshot; DIR: an empty or new folder; everything is checked before anything is written)',
    positionals: { min: 1, max: 1 },
    options: { to: { type: 'string' } },
    run: () => ({ value: null }),
    standalone: async ({ values, positionals: [from], progress }) => {
      const passphrase = await passphraseFor('open');
      return { value: await restoreBackup(from!, need(values.to, 'to'), passphrase, { onProgress: (p, d, t) => progress(`${p} ${d}/${t}`) }) };
    },
  },
];
