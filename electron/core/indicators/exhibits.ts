import type { Db } from '../db/connection.ts';
import { AppError } from '../../../shared/errors.ts';
import { exhibitRow } from '../evidence/repo.ts';
import { getCaseById } from '../cases/repo.ts';

/** Every linked exhibit must be a current (not retracted) exhibit of the same case. */
export function assertExhibitsExist(db: Db, caseId: number, refs: string[]): void {
  if (refs.length === 0) return;
  const c = getCaseById(db, caseId);
  for (const ref of refs) {
    let row;
    try {
      row = exhibitRow(db, c, ref);
    } catch {
      throw new AppError('invalid_input', `${c.number} has no exhibit ${ref}. Add the evidence first, then link it.`, { issues: [{ path: 'exhibits', message: `${ref} is not an exhibit of this case` }] });
    }
    if (row.retracted_at) {
      throw new AppError('invalid_input', `Exhibit ${ref} was retracted (${row.retraction_reason ?? 'no reason given'}); it cannot back an assessment.`, { issues: [{ path: 'exhibits', message: `${ref} is retracted` }] });
    }
  }
}
