import { z } from 'zod';
import { hasBinaryControlChars, hasControlChars } from './text.ts';
import { PRIORITIES, Tag, type CaseStatus, type Priority } from './cases.ts';
import { IsoDate } from './payments.ts';
import type { RiskBand } from './indicators/score.ts';
import type { AuditEvent } from './audit.ts';

const oneLine = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');
const multiline = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');

export const ExhibitNumber = z.string().trim().toUpperCase().regex(/^E-\d{3,}$/, 'must be an exhibit number like E-001');
export const DiligenceStepId = z.string().trim().toUpperCase().regex(/^DD-\d{2}$/, 'must be a due-diligence step like DD-01');

// ---- Investigation tasks: the work of an investigation, before and after any decision ----

export const INVESTIGATION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];
export const INVESTIGATION_STATUS_LABELS: Record<InvestigationStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };

export const TaskNotes = multiline(5000);
export const TaskExhibits = z.array(ExhibitNumber).max(100).transform((a) => [...new Set(a)]);

export const InvestigationTaskFields = z.object({
  title: oneLine(200).min(1, 'is required: say what is to be done'),
  owner: oneLine(100).min(1, 'is required'),
  dueOn: IsoDate,
  notes: TaskNotes.default(''),
  exhibits: TaskExhibits.default([]),
});

export type InvestigationTask = {
  id: number;
  caseId: number;
  title: string;
  owner: string;
  dueOn: string;
  status: InvestigationStatus;
  notes: string;
  exhibits: string[];
  /** The template version the task came from, when a template made it. */
  fromTemplate: { name: string; version: number } | null;
  completedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  overdue: boolean;
};

// ---- Case templates: versioned; a case records the version it was made from ----

export const TemplateTask = z.object({
  title: oneLine(200).min(1, 'is required'),
  /** Days after the case is opened. */
  dueInDays: z.number().int().min(0).max(365),
  notes: multiline(2000).default(''),
});
export type TemplateTask = z.output<typeof TemplateTask>;

export const TemplateFields = z.object({
  name: oneLine(120).min(3, 'must be at least 3 characters'),
  description: multiline(2000).default(''),
  priority: z.enum(PRIORITIES),
  tags: z.array(Tag).max(30, 'at most 30 tags').default([]).transform((t) => [...new Set(t)].sort()),
  diligence: z.array(DiligenceStepId).max(50).default([]).transform((a) => [...new Set(a)].sort()),
  tasks: z.array(TemplateTask).max(50, 'at most 50 tasks').default([]),
});
export type TemplateFields = z.output<typeof TemplateFields>;

export type CaseTemplate = TemplateFields & {
  id: number;
  version: number;
  retired: boolean;
  createdBy: string;
  createdAt: string;
  /** Cases made from any version of this template. */
  cases: number;
};

export type CaseOrigin = { templateId: number; name: string; version: number; latestVersion: number; diligence: string[] };

// ---- The home dashboard ----

export type DashboardCount = { key: string; label: string; count: number };

export type Dashboard = {
  asOf: string;
  today: string;
  cases: { total: number; byStatus: { status: CaseStatus; count: number }[]; active: number; byBand: { band: RiskBand; count: number }[] };
  /** Investigation and remediation tasks past their due date, still open or in progress. */
  overdueTasks: { total: number; cases: number; byOwner: { owner: string; investigation: number; remediation: number; cases: number }[] };
  sanctionsHits: { open: number; cases: number };
  findings: { open: number; cases: number };
  legalReview: { cases: number };
  backup: { lastSuccess: string | null; lastError: string | null; stale: boolean; configured: boolean };
};

// ---- The case's front page ----

export type NextStep = {
  to: CaseStatus;
  /** The workflow guards' own refusals, for this step or a later one on the way to a decision. */
  blockers: { at: CaseStatus; message: string }[];
  /** Open work that does not block the move but is usually done first. */
  open: string[];
};

export type CaseOverview = {
  number: string;
  risk: { score: number; band: RiskBand; top: { indicator: string; title: string; points: number; status: string }[]; computedAt: string | null };
  counts: { subjects: number; identifiers: number; exhibits: number; openFindings: number; openHits: number; payments: number; paymentsUsdCents: number; paymentsUnconverted: number };
  next: NextStep | null;
  overdue: { kind: 'investigation' | 'remediation'; id: number; title: string; owner: string; dueOn: string }[];
  tasks: { open: number; done: number };
  origin: CaseOrigin | null;
  diligence: { planned: { id: string; title: string; status: string }[] };
  latest: AuditEvent[];
};

export type { Priority };
