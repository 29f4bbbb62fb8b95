import type { HandlersFor } from '../handler.ts';
import type { securityContract } from '../../../shared/contract/security.ts';
import { AppError } from '../../../shared/errors.ts';
import { restoreBackup } from '../backup/backup.ts';
import { backupStatus, runBackup } from '../backup/service.ts';
import { readSettings, updateSettings } from './settings.ts';
import { changePassphrase } from './keys.ts';
import { changeOwnPassphrase } from '../session/accounts.ts';

/** Answered by the app lock (crypto/lock.ts) in the desktop app and the harness; a transport without a lock has none. */
const byTheLock = () => {
  throw new AppError('invalid_input', 'This Casebook has no app lock here (the command line unlocks with the passphrase for each call).');
};

export const securityHandlers: HandlersFor<typeof securityContract> = {
  'app.lockStatus': (ctx) => ({ state: 'unlocked', idleSeconds: readSettings(ctx.paths.dbFile).idleMinutes * 60, wrongTries: 0, encryptingExisting: false, keychain: 'unavailable', keychainUser: null, users: [], lastUser: ctx.actor?.name ?? null }),
  'app.setPassphrase': byTheLock,
  'app.unlock': byTheLock,
  'app.lock': byTheLock,
  'app.unlockWithKeychain': byTheLock,
  'app.forgetKeychain': byTheLock,
  'app.switchDatabase': byTheLock,
  // Re-wraps the data key with the acting user's new passphrase (their slot only); nothing is re-encrypted (crypto/keys.ts).
  'app.changePassphrase': (ctx, { current, next, confirm }) => {
    if (next !== confirm) throw new AppError('invalid_input', 'confirm: the two new passphrases differ; nothing was changed.', { issues: [{ path: 'confirm', message: 'differs from the new passphrase' }] });
    if (ctx.actor) changeOwnPassphrase(ctx, current, next);
    else changePassphrase(ctx.paths.dbFile, current, next);
    return { changed: true };
  },
  'app.setIdleMinutes': (ctx, { minutes }) => {
    const s = updateSettings(ctx.paths.dbFile, (x) => {
      x.idleMinutes = minutes;
    });
    return { state: 'unlocked', idleSeconds: s.idleMinutes * 60, wrongTries: 0, encryptingExisting: false, keychain: 'unavailable', keychainUser: null, users: [], lastUser: ctx.actor?.name ?? null };
  },
  'backup.status': (ctx) => backupStatus(ctx.paths.dbFile),
  'backup.configure': (ctx, { folder, everyHours }) => {
    updateSettings(ctx.paths.dbFile, (s) => {
      if (folder !== undefined) s.backup.folder = folder;
      s.backup.everyHours = everyHours;
    });
    return backupStatus(ctx.paths.dbFile);
  },
  'backup.run': async (ctx, { folder, jobId }) => {
    const job = ctx.jobs.start(jobId);
    try {
      const r = await runBackup(ctx, folder, job.signal);
      return { snapshot: r.snapshot, evidenceCopied: r.evidenceCopied, ms: r.ms, status: backupStatus(ctx.paths.dbFile) };
    } finally {
      job.finish();
    }
  },
  'backup.restore': async (_ctx, { from, to, passphrase }) => {
    const r = await restoreBackup(from, to, passphrase);
    return { restoredTo: r.restoredTo, exhibits: r.exhibits, files: r.files, events: r.audit.events };
  },
};
