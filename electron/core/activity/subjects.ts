import type { Db } from '../db/connection.ts';
import { getSubject } from '../subjects/repo.ts';
import { AppError } from '../../../shared/errors.ts';

/** The claimed time zone of one of the case's subjects (by id), or null when the subject gives none. */
export function subjectZone(db: Db, caseId: number, subject: string): string | null {
  if (!/^\d+$/.test(subject)) throw new AppError('invalid_input', `--subject takes a subject id (a number, see "subjects list"); got "${subject}".`);
  return getSubject(db, caseId, Number(subject)).timezone || null;
}
