import { stmt, timed, type ReadDb } from '../db/connection.ts';
import { getCase } from '../cases/repo.ts';
import { workflowPath } from '../cases/status.ts';
import { STATUS_GUARDS } from '../guards.ts';
import { storedRisk } from '../indicators/repo.ts';
import { listPayments } from '../payments/repo.ts';
import { listTasks } from '../decisions/tasks.ts';
import { listInvestigationTasks } from '../investigations/repo.ts';
import { caseOrigin } from '../templates/repo.ts';
import { latestCaseEvents } from '../audit/chain.ts';
import { TRANSITIONS, type CaseRecord, type CaseStatus } from '../../../shared/cases.ts';
import { indicatorById } from '../../../shared/indicators/catalog.ts';
import { DILIGENCE_STEPS } from '../../../shared/indicators/diligence.ts';
import { TASK_LABELS } from '../../../shared/decisions.ts';
import type { CaseOverview, NextStep } from '../../../shared/workspace.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The forward move of the workflow from each status (a closed case has none: reopening is not a next step). */
const FORWARD: Record<CaseStatus, CaseStatus | null> = { open: 'investigating', investigating: 'pending_legal_review', pending_legal_review: 'decided', decided: 'closed', closed: null };

/**
 * The next move and what stands in its way: the workflow guards' own refusals (electron/core/guards.ts)
 * for that move and for every later move up to the decision, so that "12 indicators are not
 * assessed" shows while the case is still being investigated, not only when someone tries to decide.
 */
export function nextStep(db: ReadDb, c: CaseRecord, open: string[]): NextStep | null {
  const to = FORWARD[c.status];
  if (!to || !TRANSITIONS[c.status].includes(to)) return null;
  const target: CaseStatus = c.status === 'decided' ? 'closed' : 'decided';
  const blockers: NextStep['blockers'] = [];
  let from = c.status;
  for (const step of workflowPath(c.status, target)) {
    for (const guard of STATUS_GUARDS) {
      const refusal = guard(db, { ...c, status: from }, step);
      if (refusal) blockers.push({ at: step, message: refusal.message });
    }
    from = step;
  }
  if (c.locked) blockers.unshift({ at: to, message: `${c.number} is locked by a signed final decision; reopen it (with a reason) to change it.` });
  return { to, blockers, open };
}

const count = (db: ReadDb, sql: string, caseId: number) => stmt(db, sql).pluck().get(caseId) as number;

/** The case's front page: risk, counts, the next step and its blockers, overdue tasks, latest activity. */
export function caseOverview(db: ReadDb, number: string): CaseOverview {
  return timed('cases.overview', () => {
    const c = getCase(db, number);
    const risk = storedRisk(db, c);
    const top = [...risk.contributions]
      .filter((x) => x.points > 0)
      .sort((a, b) => b.points - a.points)
      .slice(0, 5)
      .map((x) => ({ indicator: x.indicator, title: indicatorById(x.indicator, risk.catalogVersion)?.title ?? x.indicator, points: x.points, status: x.status }));
    const payments = listPayments(db, c.id);
    const counts = {
      subjects: count(db, 'SELECT count(*) FROM subjects WHERE case_id = ?', c.id),
      identifiers: count(db, 'SELECT count(*) FROM identifiers WHERE case_id = ?', c.id),
      exhibits: count(db, 'SELECT count(*) FROM exhibits WHERE case_id = ? AND retracted_at IS NULL', c.id),
      openFindings: count(db, "SELECT count(*) FROM activity_findings WHERE case_id = ? AND status = 'open'", c.id),
      openHits: count(db, "SELECT count(*) FROM sanctions_hits WHERE case_id = ? AND status = 'open'", c.id),
      payments: payments.length,
      paymentsUsdCents: payments.reduce((a, p) => a + (p.usdCents ?? 0), 0),
      paymentsUnconverted: payments.filter((p) => p.usdCents === null).length,
    };
    const investigation = listInvestigationTasks(db, c.id);
    const remediation = listTasks(db, c.id);
    const origin = caseOrigin(db, c.id);
    const done = new Map((stmt(db, 'SELECT step_id, status FROM diligence_steps WHERE case_id = ?').all(c.id) as { step_id: string; status: string }[]).map((r) => [r.step_id, r.status]));
    const planned = (origin?.diligence ?? []).map((id) => ({ id, title: DILIGENCE_STEPS.find((s) => s.id === id)?.title ?? id, status: done.get(id) ?? 'not_done' }));
    const openInvestigation = investigation.filter((t) => t.status === 'open' || t.status === 'in_progress').length;
    const plannedLeft = planned.filter((p) => p.status === 'not_done').length;
    const open = [
      counts.openHits > 0 ? `${plural(counts.openHits, 'sanctions hit')} to decide` : null,
      counts.openFindings > 0 ? `${plural(counts.openFindings, 'detector finding')} to review` : null,
      openInvestigation > 0 ? `${plural(openInvestigation, 'investigation task')} open` : null,
      plannedLeft > 0 ? `${plural(plannedLeft, 'planned due-diligence step')} not done` : null,
    ].filter((x): x is string => x !== null);
    const overdue = [
      ...investigation.filter((t) => t.overdue).map((t) => ({ kind: 'investigation' as const, id: t.id, title: t.title, owner: t.owner, dueOn: t.dueOn })),
      ...remediation.filter((t) => t.overdue).map((t) => ({ kind: 'remediation' as const, id: t.id, title: t.title || TASK_LABELS[t.kind], owner: t.owner, dueOn: t.dueOn })),
    ].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const allTasks = [...investigation, ...remediation];
    return {
      number: c.number,
      risk: { score: risk.score, band: risk.band, top, computedAt: risk.computedAt },
      counts,
      next: nextStep(db, c, open),
      overdue,
      tasks: { open: allTasks.filter((t) => t.status === 'open' || t.status === 'in_progress').length, done: allTasks.filter((t) => t.status === 'done').length },
      origin,
      diligence: { planned },
      latest: latestCaseEvents(db, c.id, 8),
    };
  });
}
