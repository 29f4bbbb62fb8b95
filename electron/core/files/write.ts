import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';

/** Files Casebook writes (database, evidence, exports, backups) are its user's only: 0600 files, 0700 folders. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Makes every file and folder this process creates readable by its owner only (umask 077), on
 * Linux and macOS: the database, its WAL, evidence, exports, backups and temporary files alike.
 * Called once by the app, the CLI and the test harness when they open the core.
 */
export function restrictNewFiles(): void {
  if (process.platform === 'win32' || !isMainThread) return;
  process.umask(0o077);
}

/** Refuses, before any work is done, a target that is a symbolic link, a folder or not a regular file. */
export function assertWritableTarget(target: string, what = 'the file'): void {
  try {
    const st = lstatSync(target);
    if (st.isSymbolicLink()) throw new AppError('forbidden', `${target} is a symbolic link; Casebook does not write through links. Choose another file name. Nothing was written.`, { details: { path: target } });
    if (st.isDirectory()) throw new AppError('invalid_input', `${target} is a folder; give a file name for ${what}. Nothing was written.`, { details: { path: target } });
    if (!st.isFile()) throw new AppError('invalid_input', `${target} is not a regular file; give a file name for ${what}. Nothing was written.`, { details: { path: target } });
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new AppError('not_found', `Cannot write ${target}: a part of its folder path is not a folder. Nothing was written.`, { details: { path: target } });
    if (code !== 'ENOENT') throw ioError(e as NodeJS.ErrnoException, target, what);
  }
}

/**
 * Writes a whole file or nothing: the bytes go to a new temporary file beside the target (created
 * exclusively, so never through a link), are flushed to disk, then renamed over the target. A
 * target that is a symbolic link or a folder is refused, never followed; a full disk says so.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, what = 'the file'): void {
  assertWritableTarget(target, what);
  const tmp = join(dirname(target), `.${basename(target).slice(0, 100)}.${randomUUID()}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', FILE_MODE);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    // A link put in place meanwhile is replaced by the rename, never written through.
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof AppError) throw e;
    throw ioError(e as NodeJS.ErrnoException, target, what);
  }
}

function ioError(e: NodeJS.ErrnoException, target: string, what: string): AppError {
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('check_failed', `The disk is full: ${what} was not written (${target}). Free some space and try again.`, { details: { path: target } });
    case 'ENOENT':
      return new AppError('not_found', `Cannot write ${target}: its folder does not exist. Nothing was written.`, { details: { path: target } });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('forbidden', `Cannot write ${target}: permission denied. Nothing was written.`, { details: { path: target } });
    case 'EISDIR':
      return new AppError('invalid_input', `${target} is a folder; give a file name for ${what}. Nothing was written.`, { details: { path: target } });
    default:
      return new AppError('check_failed', `Cannot write ${target} (${e.code ?? e.message}). Nothing was written.`, { details: { path: target } });
  }
}
