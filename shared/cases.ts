import { z } from 'zod';
import { hasBinaryControlChars, hasControlChars } from './text.ts';
import { RISK_BANDS } from './indicators/score.ts';

export const CASE_STATUSES = ['open', 'investigating', 'pending_legal_review', 'decided', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  pending_legal_review: 'Pending legal review',
  decided: 'Decided',
  closed: 'Closed',
};

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * The workflow. Closing needs a note; reopening a closed case needs a reason and returns it to
 * investigation. Counsel may send a case back from legal review.
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['investigating'],
  investigating: ['pending_legal_review'],
  pending_legal_review: ['decided', 'investigating'],
  decided: ['closed'],
  closed: ['investigating'],
};

/** A closed case, or one locked by a signed final decision, is read-only until it is reopened. */
export const isCaseReadOnly = (c: Pick<CaseRecord, 'locked' | 'status'>): boolean => c.locked || c.status === 'closed';

export const allowedTransitions = (from: CaseStatus): readonly CaseStatus[] => TRANSITIONS[from];

export const CASE_NUMBER_RE = /^CB-\d{4}-\d{4,}$/;

export const CaseRef = z.string().trim().regex(CASE_NUMBER_RE, 'must be a case number like CB-2026-0001');

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const oneLine = (max: number) =>
  text(max).refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');

export const Tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .refine((s) => !hasControlChars(s) && !s.includes(','), 'must not contain commas or control characters')
  .transform((s) => s.toLowerCase());

export const CaseFields = z.object({
  title: oneLine(200).trim().min(1, 'is required'),
  summary: text(20_000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters'),
  priority: z.enum(PRIORITIES),
  assignee: oneLine(100).trim(),
  tags: z.array(Tag).max(30, 'at most 30 tags').transform((t) => [...new Set(t)].sort()),
});
export type CaseFields = z.output<typeof CaseFields>;

export type CaseRecord = {
  id: number;
  number: string;
  title: string;
  summary: string;
  priority: Priority;
  status: CaseStatus;
  assignee: string;
  tags: string[];
  openedAt: string;
  closedAt: string | null;
  closingNote: string | null;
  createdBy: string;
  updatedAt: string;
  version: number;
  locked: boolean;
};

export const SORT_FIELDS = ['number', 'title', 'status', 'priority', 'assignee', 'openedAt', 'closedAt', 'updatedAt', 'risk'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const CaseListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.array(z.enum(CASE_STATUSES)).optional(),
  priority: z.array(z.enum(PRIORITIES)).optional(),
  assignee: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(40).transform((s) => s.toLowerCase()).optional(),
  openedFrom: z.iso.date().optional(),
  openedTo: z.iso.date().optional(),
  /** Risk bands of the score (low < 25 ≤ medium < 50 ≤ high < 75 ≤ critical). */
  band: z.array(z.enum(RISK_BANDS)).optional(),
  /** Only cases with sanctions hits awaiting a decision. */
  openHits: z.boolean().optional(),
  /** Only cases with detector findings awaiting review. */
  openFindings: z.boolean().optional(),
  /** Only cases with an investigation or remediation task past its due date (of `taskOwner`, when given). */
  overdue: z.boolean().optional(),
  taskOwner: z.string().trim().max(100).optional(),
  sort: z.enum(SORT_FIELDS).default('number'),
  desc: z.boolean().default(true),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export type CaseListQuery = z.input<typeof CaseListQuery>;

export type CaseListRow = Omit<CaseRecord, 'summary' | 'closingNote' | 'createdBy'> & {
  /** Risk score 0–100 (see shared/indicators/score.ts). */
  risk: number;
  /** Investigation and remediation tasks past their due date. */
  overdueTasks: number;
  /** Investigation and remediation tasks still open or in progress. */
  openTasks: number;
};
export type CaseListResult = { total: number; rows: CaseListRow[] };

export type CaseListView = {
  sort: SortField;
  desc: boolean;
  filters: Omit<z.input<typeof CaseListQuery>, 'sort' | 'desc' | 'limit' | 'offset'>;
  hiddenColumns: string[];
};
