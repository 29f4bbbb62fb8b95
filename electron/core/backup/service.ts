// The backup operations the app runs: with the configured folder, recording the outcome.
import type { Ctx } from '../context.ts';
import { checkpointNow } from '../session/signing.ts';
import { AppError } from '../../../shared/errors.ts';
import type { BackupStatus } from '../../../shared/contract/security.ts';
import { readSettings, updateSettings } from '../crypto/settings.ts';
import { storeOf } from '../evidence/store.ts';
import { rotateBackups, takeBackup } from './backup.ts';

const DAY_MS = 86_400_000;

export function backupStatus(dbFile: string, now = Date.now()): BackupStatus {
  const b = readSettings(dbFile).backup;
  const last = b.lastSuccess ? Date.parse(b.lastSuccess) : null;
  return { folder: b.folder, everyHours: b.everyHours, lastSuccess: b.lastSuccess, lastError: b.lastError, stale: b.folder !== null && (last === null || now - last > DAY_MS) };
}

/** Takes a backup into the configured (or given) folder, rotates, and records the outcome in the settings. */
export async function runBackup(ctx: Ctx, folder?: string, signal?: AbortSignal) {
  const dbFile = ctx.paths.dbFile;
  const target = folder ?? readSettings(dbFile).backup.folder;
  if (!target) throw new AppError('invalid_input', 'folder: choose a backup folder first.');
  try {
    checkpointNow(ctx, 'backup');
    const r = await takeBackup({ db: ctx.db, vault: ctx.vault, dbFile, store: storeOf(ctx), gate: ctx.gate }, target, signal ? { signal } : {});
    await rotateBackups(target);
    updateSettings(dbFile, (s) => {
      s.backup.lastSuccess = r.created;
      s.backup.lastError = null;
    });
    return r;
  } catch (e) {
    updateSettings(dbFile, (s) => {
      s.backup.lastError = `${new Date().toISOString()}: ${(e as Error).message}`;
    });
    throw e;
  }
}

