import type { Db } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import { STATUS_LABELS, TRANSITIONS, allowedTransitions, type CaseRecord, type CaseStatus } from '../../../shared/cases.ts';
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
    checkGuards(db, c, to);
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

/** Throws the first domain guard's refusal of moving `c` to `to`. */
function checkGuards(db: Db, c: CaseRecord, to: CaseStatus, prefix = ''): void {
  for (const guard of STATUS_GUARDS) {
    const refusal = guard(db, c, to);
    if (refusal) throw new AppError('invalid_transition', `${prefix}${refusal.message}`, { details: refusal.details });
  }
}

/** The statuses a case passes through, in workflow order, to get from `from` to `to` (shortest way; `to` last). */
export function workflowPath(from: CaseStatus, to: CaseStatus): CaseStatus[] {
  const back = new Map<CaseStatus, CaseStatus>();
  const queue: CaseStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) break;
    for (const next of TRANSITIONS[at]) {
      if (next === from || back.has(next)) continue;
      back.set(next, at);
      queue.push(next);
    }
  }
  if (!back.has(to)) return [];
  const path: CaseStatus[] = [];
  for (let s: CaseStatus = to; s !== from; s = back.get(s)!) path.unshift(s);
  return path;
}

/**
 * Checks that a case could move step by step along the workflow to `to`, with every step's guards
 * (e.g. every indicator assessed before "decided"); throws the first refusal, prefixed by `why`.
 */
export function assertCanAdvance(db: Db, c: CaseRecord, to: CaseStatus, why: string): CaseStatus[] {
  const path = workflowPath(c.status, to);
  if (path.length === 0) throw new AppError('invalid_transition', `${why}${c.number} cannot move from ${label(c.status)} to ${label(to)}.`);
  let from = c.status;
  for (const step of path) {
    checkGuards(db, { ...c, status: from }, step, why);
    from = step;
  }
  return path;
}

/**
 * Moves a case through every status on the way to `to` inside the caller's transaction, each step
 * guarded and audited as its own status change; the last step (to "closed") is left to the caller,
 * which records how the case closes. Returns the status the case stands at.
 */
export function advanceBefore(db: Db, actor: string, c: CaseRecord, to: CaseStatus, why: string, note: string, now: string): CaseStatus {
  const path = assertCanAdvance(db, c, to, why);
  let from = c.status;
  for (const step of path.slice(0, -1)) {
    db.prepare(`UPDATE cases SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?`).run(step, now, c.id);
    appendAudit(db, actor, { caseId: c.id, entity: 'case', entityId: c.number, action: 'status_changed', before: { status: from }, after: { status: step, note } }, now);
    from = step;
  }
  return from;
}
