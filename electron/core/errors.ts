import { ZodError } from 'zod';
import { AppError, type ErrorBody, type Issue } from '../../shared/errors.ts';
import { quoteInput } from '../../shared/quote.ts';
import { describeWriter } from './db/holder.ts';

export const zodIssues = (e: ZodError): Issue[] =>
  e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));

export const describeIssues = (issues: Issue[]): string => issues.map((i) => `${i.path} ${i.message}`).join('; ');

/** Any error as the body that crosses a transport (IPC, CLI, harness, the import worker's port). */
export function toErrorBody(e: unknown, dbFile?: string): ErrorBody {
  if (e instanceof AppError) return e.toBody();
  if (e instanceof ZodError) {
    const issues = zodIssues(e);
    return { code: 'invalid_input', message: `Invalid input: ${describeIssues(issues)}.`, issues };
  }
  const system = systemErrorBody(e, dbFile);
  if (system) return system;
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `Unexpected error: ${quoteInput(message, 500)}` };
}

/**
 * Failures of the machine rather than of Casebook, said in words a user can act on: a full disk,
 * a database another writer holds past the busy timeout, a folder where a file was expected.
 * SQLite rolls back the transaction in each case, so nothing was saved.
 */
function systemErrorBody(e: unknown, dbFile: string | undefined): ErrorBody | null {
  if (!(e instanceof Error)) return null;
  const code = (e as { code?: unknown }).code;
  const path = (e as { path?: unknown }).path;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || /database or disk is full/i.test(e.message)) {
    return { code: 'check_failed', message: 'The disk is full: nothing was saved. Free some space on the disk that holds the Casebook data and try again.' };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(e.message)) {
    const holder = dbFile ? describeWriter(dbFile) : null;
    return {
      code: 'conflict',
      message: `The database is busy: ${holder ?? 'another Casebook window or command is writing to it'}. Nothing was saved; try again when it has finished.`,
    };
  }
  if (code === 'EISDIR') return { code: 'invalid_input', message: `${typeof path === 'string' ? path : 'The path'} is a folder; give a file name.` };
  if (code === 'ENOTDIR' || code === 'ENOENT') {
    return { code: 'not_found', message: `${typeof path === 'string' ? path : 'The path'}: no such file or folder.` };
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return { code: 'forbidden', message: `${typeof path === 'string' ? path : 'The file'} cannot be written or read: permission denied (or a read-only disk). Nothing was saved.` };
  }
  if (code === 'SQLITE_IOERR' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))) {
    return { code: 'check_failed', message: 'The disk could not be written (an input/output error; is it full or removed?). Nothing was saved.' };
  }
  return null;
}
