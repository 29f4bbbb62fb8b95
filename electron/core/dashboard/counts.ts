import { stmt, timed, type ReadDb } from '../db/connection.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../shared/cases.ts';
import { bandFor, RISK_BANDS, type RiskBand } from '../../../shared/indicators/score.ts';
import type { Dashboard } from '../../../shared/workspace.ts';

/** Statuses of cases still being worked (not yet decided or closed): the risk-band counts cover these. */
export const ACTIVE_STATUSES = ['open', 'investigating', 'pending_legal_review'] as const;

// One pass over the covering index (status, risk_score): every status with its scores; at most
// 5 × 101 groups, banded here.
const STATUS_SCORE_SQL = 'SELECT status, risk_score AS score, count(*) AS n FROM cases GROUP BY status, risk_score';

// Open work past its due date, through the partial indexes on open tasks (due_on, owner, case_id).
const OVERDUE_SQL = `SELECT owner, sum(kind = 'i') AS investigation, sum(kind = 'r') AS remediation, count(DISTINCT case_id) AS cases FROM (
    SELECT owner, case_id, 'i' AS kind FROM investigation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ?
    UNION ALL SELECT owner, case_id, 'r' AS kind FROM remediation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ?
  ) GROUP BY owner`;
const OVERDUE_ALL_CASES_SQL = `SELECT count(*) FROM (
    SELECT case_id FROM investigation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ?
    UNION SELECT case_id FROM remediation_tasks WHERE status IN ('open', 'in_progress') AND due_on < ?
  )`;

export type BackupInfo = Dashboard['backup'];

/** What needs attention across every case: the home dashboard's counts. `today` is a UTC date (tasks due before it are overdue). */
export function dashboardCounts(db: ReadDb, backup: BackupInfo, now = new Date()): Dashboard {
  const today = now.toISOString().slice(0, 10);
  return timed('dashboard.get', () => {
    const byStatus = new Map<string, number>(CASE_STATUSES.map((s) => [s, 0]));
    const byBand = new Map<RiskBand, number>(RISK_BANDS.map((b) => [b, 0]));
    let total = 0;
    for (const r of stmt(db, STATUS_SCORE_SQL).all() as { status: CaseStatus; score: number; n: number }[]) {
      byStatus.set(r.status, byStatus.get(r.status)! + r.n);
      total += r.n;
      if ((ACTIVE_STATUSES as readonly string[]).includes(r.status)) byBand.set(bandFor(r.score), byBand.get(bandFor(r.score))! + r.n);
    }
    const byOwner = (stmt(db, OVERDUE_SQL).all(today, today) as Dashboard['overdueTasks']['byOwner']).sort(
      (a, b) => b.investigation + b.remediation - (a.investigation + a.remediation) || a.owner.localeCompare(b.owner),
    );
    const hits = stmt(db, "SELECT count(*) AS n, count(DISTINCT case_id) AS cases FROM sanctions_hits WHERE status = 'open'").get() as { n: number; cases: number };
    const findings = stmt(db, "SELECT count(*) AS n, count(DISTINCT case_id) AS cases FROM activity_findings WHERE status = 'open'").get() as { n: number; cases: number };
    return {
      asOf: now.toISOString(),
      today,
      cases: {
        total,
        byStatus: CASE_STATUSES.map((status) => ({ status, count: byStatus.get(status)! })),
        active: ACTIVE_STATUSES.reduce((a, s) => a + byStatus.get(s)!, 0),
        byBand: RISK_BANDS.map((band) => ({ band, count: byBand.get(band)! })),
      },
      overdueTasks: {
        total: byOwner.reduce((a, o) => a + o.investigation + o.remediation, 0),
        cases: stmt(db, OVERDUE_ALL_CASES_SQL).pluck().get(today, today) as number,
        byOwner,
      },
      sanctionsHits: { open: hits.n, cases: hits.cases },
      findings: { open: findings.n, cases: findings.cases },
      legalReview: { cases: byStatus.get('pending_legal_review')! },
      backup,
    };
  });
}
