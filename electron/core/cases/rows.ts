import type { CaseRecord, CaseStatus, Priority } from '../../../shared/cases.ts';

export type CaseRow = {
  id: number;
  number: string;
  title: string;
  summary: string;
  priority: Priority;
  status: CaseStatus;
  assignee: string;
  tags: string;
  opened_at: string;
  closed_at: string | null;
  closing_note: string | null;
  created_by: string;
  updated_at: string;
  version: number;
  locked: number;
};

export const rowToCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  number: r.number,
  title: r.title,
  summary: r.summary,
  priority: r.priority,
  status: r.status,
  assignee: r.assignee,
  tags: JSON.parse(r.tags) as string[],
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  closingNote: r.closing_note,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: r.version,
  locked: r.locked === 1,
});

/** The fields a user edits, as they appear in the audit log's before/after. */
export const auditView = (c: CaseRecord) => ({
  title: c.title,
  summary: c.summary,
  priority: c.priority,
  assignee: c.assignee,
  tags: c.tags,
});
