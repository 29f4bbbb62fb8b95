import type { StatusGuard } from '../cases/status-guard.ts';
import { notAssessed } from './repo.ts';

/** A case is decided only once every indicator of its checklist carries an assessment. */
export const indicatorsAssessedGuard: StatusGuard = (db, c, to) => {
  if (to !== 'decided') return null;
  const open = notAssessed(db, c.id);
  if (open.length === 0) return null;
  return {
    message: `${c.number} cannot be decided while ${open.length} indicator${open.length === 1 ? ' is' : 's are'} not assessed: ${open.join(', ')}.`,
    details: { notAssessed: open },
  };
};
