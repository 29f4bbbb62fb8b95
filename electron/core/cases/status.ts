import type { Db } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import { STATUS_LABELS, allowedTransitions, type CaseRecord, type CaseStatus } from '../../../shared/cases.ts';
import { getCase, getCaseById } from './repo.ts';
import { STATUS_GUARDS } from '../guards.ts';

const label = (s: CaseStatus) => STATUS_LABELS[s].toLowerCase();

/**
 * Moves a case along the workflow. Refusals say which moves are allowed from here; closing needs
 * a closing note and reopening a closed case needs a reason. Other domains veto a move through
 * STATUS_GUARDS (e.g. unassessed indicators before "decided").
 */
export function setStatus(db: Db, actor: string, number: string, to: CaseStatus, note?: string): CaseRecord {
  return db.transaction(() => {
    const c = getCase(db, number);
    if (c.status === to) throw new AppError('invalid_transition', `${number} is already ${label(to)}.`);
    const allowed = allowedTransitions(c.status);
    if (!allowed.includes(to)) {
      throw new AppError(
        'invalid_transition',
        `${number} cannot move from ${label(c.status)} to ${label(to)}. Allowed from ${label(c.status)}: ${allowed.map(label).join(', ')}.`,
        { details: { from: c.status, to, allowed } },
      );
    }
    const reopening = c.status === 'closed';
    if (to === 'closed' && !note) {
      throw new AppError('invalid_input', 'Closing a case needs a closing note.', { issues: [{ path: 'note', message: 'is required to close a case' }] });
    }
    if (reopening && !note) {
      throw new AppError('invalid_input', 'Reopening a closed case needs a reason.', { issues: [{ path: 'note', message: 'is required to reopen a case' }] });
    }
    if (c.locked && !reopening) {
      throw new AppError('locked', `${number} is locked by a signed final decision; reopen it (with a reason) to change it.`);
    }
    for (const guard of STATUS_GUARDS) {
      const refusal = guard(db, c, to);
      if (refusal) throw new AppError('invalid_transition', refusal.message, { details: refusal.details });
    }
    const now = new Date().toISOString();
    if (to === 'closed') {
      db.prepare(`UPDATE cases SET status = 'closed', closed_at = ?, closing_note = ?, updated_at = ?, version = version + 1 WHERE id = ?`).run(now, note, now, c.id);
    } else if (reopening) {
      db.prepare(`UPDATE cases SET status = ?, closed_at = NULL, locked = 0, updated_at = ?, version = version + 1 WHERE id = ?`).run(to, now, c.id);
    } else {
      db.prepare(`UPDATE cases SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?`).run(to, now, c.id);
    }
    appendAudit(db, actor, {
      caseId: c.id,
      entity: 'case',
      entityId: number,
      action: to === 'closed' ? 'closed' : reopening ? 'reopened' : 'status_changed',
      before: { status: c.status },
      after: { status: to, ...(note ? { note } : {}) },
    }, now);
    return getCaseById(db, c.id);
  }).immediate();
}
