import type { ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import type { Finding, FindingStatus, FindingSummary } from '../../../shared/activity/types.ts';

// The activity findings' rows, read. Kept apart from the writes in findings.ts (which call the
// indicator checklist), so the checklist can read the findings without an import loop.

export type FindingRow = {
  id: number; case_id: number; number: string; key: string; indicator_id: string; detector: string; account: string | null; ips: string; countries: string;
  from_at: string; to_at: string; detail: string; events: string; status: FindingStatus; decided_by: string | null; decided_at: string | null; reason: string | null; created_at: string;
};

export const SELECT = 'SELECT f.*, c.number FROM activity_findings f JOIN cases c ON c.id = f.case_id';

export const toFinding = (r: FindingRow): Finding => ({
  id: r.id, caseNumber: r.number, indicator: r.indicator_id, detector: r.detector, account: r.account,
  ips: JSON.parse(r.ips), countries: JSON.parse(r.countries), from: r.from_at, to: r.to_at, detail: JSON.parse(r.detail), events: JSON.parse(r.events),
  status: r.status, decidedBy: r.decided_by, decidedAt: r.decided_at, reason: r.reason, createdAt: r.created_at,
});

export const summarise = (f: Finding): FindingSummary => ({ id: f.id, indicator: f.indicator, detector: f.detector, account: f.account, from: f.from, to: f.to, detail: f.detail, status: f.status });

export function listFindings(db: ReadDb, caseId: number, status?: FindingStatus): Finding[] {
  const rows = status
    ? (stmt(db, `${SELECT} WHERE f.case_id = ? AND f.status = ? ORDER BY f.indicator_id, f.from_at, f.id`).all(caseId, status) as FindingRow[])
    : (stmt(db, `${SELECT} WHERE f.case_id = ? ORDER BY f.indicator_id, f.from_at, f.id`).all(caseId) as FindingRow[]);
  return rows.map(toFinding);
}
