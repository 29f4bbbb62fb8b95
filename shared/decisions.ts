import { z } from 'zod';
import { hasBinaryControlChars, hasControlChars } from './text.ts';
import { IsoDate } from './payments.ts';

export const DECISION_KINDS = [
  'clear',
  'monitor',
  'restrict_access',
  'terminate',
  'notify_platform',
  'refer_law_enforcement',
  'escalate_counsel',
  'self_disclose_ofac',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_LABELS: Record<DecisionKind, string> = {
  clear: 'Clear (no concern)',
  monitor: 'Continue with monitoring',
  restrict_access: 'Restrict access',
  terminate: 'Terminate engagement',
  notify_platform: 'Notify the platform',
  refer_law_enforcement: 'Refer to law enforcement (FBI / IC3)',
  escalate_counsel: 'Escalate to counsel',
  self_disclose_ofac: 'Voluntary self-disclosure to OFAC',
};

/** Escalating to counsel hands the case on rather than ending it; every other kind is final unless marked interim. */
export const defaultFinal = (kind: DecisionKind): boolean => kind !== 'escalate_counsel';

export type SignRole = 'officer' | 'counsel';

/** A final decision needs the officer's and counsel's sign-off; an interim one the officer's. */
export const requiredSignatures = (final: boolean): SignRole[] => (final ? ['officer', 'counsel'] : ['officer']);

const multiline = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');
const oneLine = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');

export const IndicatorRef = z.string().trim().toUpperCase().regex(/^[A-Z]{2}-\d{2}$/, 'must be an indicator id like PY-01');
export const ExhibitRef = oneLine(40).min(1);

export const DecisionFields = z.object({
  kind: z.enum(DECISION_KINDS),
  rationale: multiline(20_000).min(1, 'is required: say why'),
  final: z.boolean().optional(),
  indicators: z.array(IndicatorRef).max(100).default([]).transform((a) => [...new Set(a)]),
  exhibits: z.array(ExhibitRef).max(500).default([]).transform((a) => [...new Set(a)]),
});

export type Signature = { role: SignRole; signer: string; signedAt: string };

export type Decision = {
  id: number;
  caseId: number;
  kind: DecisionKind;
  rationale: string;
  final: boolean;
  indicators: string[];
  exhibits: string[];
  decidedBy: string;
  decidedAt: string;
  supersedes: number | null;
  supersededBy: number | null;
  signatures: Signature[];
  /** Signatures still needed before the decision takes effect. */
  awaiting: SignRole[];
  state: 'draft' | 'partly_signed' | 'signed' | 'superseded';
};

export const TASK_KINDS = ['revoke_access', 'recover_devices', 'stop_payments', 'preserve_logs', 'notify_platform', 'file_ic3', 'file_ofac', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_LABELS: Record<TaskKind, string> = {
  revoke_access: 'Revoke access',
  recover_devices: 'Recover devices',
  stop_payments: 'Stop payroll / payments',
  preserve_logs: 'Preserve logs',
  notify_platform: 'Notify the platform',
  file_ic3: 'File IC3 report',
  file_ofac: 'File OFAC report',
  other: 'Other',
};

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TaskFields = z.object({
  kind: z.enum(TASK_KINDS),
  title: oneLine(200).default(''),
  owner: oneLine(100).min(1, 'is required'),
  dueOn: IsoDate,
  evidence: multiline(5000).default(''),
});

export type RemediationTask = {
  id: number;
  caseId: number;
  kind: TaskKind;
  title: string;
  owner: string;
  dueOn: string;
  status: TaskStatus;
  evidence: string;
  completedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  overdue: boolean;
};

export const isOverdue = (t: { status: TaskStatus; dueOn: string }, today: string): boolean =>
  (t.status === 'open' || t.status === 'in_progress') && t.dueOn < today;

export const PRIVILEGE_MARKINGS = ['attorney_client', 'work_product', 'attorney_client_work_product'] as const;
export type PrivilegeMarking = (typeof PRIVILEGE_MARKINGS)[number];
export const PRIVILEGE_LABELS: Record<PrivilegeMarking, string> = {
  attorney_client: 'Privileged & Confidential — Attorney-Client Communication',
  work_product: 'Privileged & Confidential — Attorney Work Product',
  attorney_client_work_product: 'Privileged & Confidential — Attorney-Client Communication / Attorney Work Product',
};

export const RECOMMENDATIONS = ['self_disclose', 'do_not_self_disclose', 'undetermined'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  self_disclose: 'Voluntarily self-disclose to OFAC',
  do_not_self_disclose: 'Do not self-disclose',
  undetermined: 'Not yet determined',
};

export const ReviewFields = z.object({
  privilege: z.enum(PRIVILEGE_MARKINGS),
  egregious: z.boolean(),
  voluntarilySelfDisclosed: z.boolean(),
  culpabilityRationale: multiline(20_000).min(1, 'is required: say why the conduct is or is not egregious'),
  determination: multiline(20_000).min(1, 'is required'),
  recommendation: z.enum(RECOMMENDATIONS),
  recommendationRationale: multiline(20_000).min(1, 'is required: say why'),
});
export type ReviewFields = z.output<typeof ReviewFields>;

export type LegalReview = ReviewFields & {
  id: number;
  caseId: number;
  reviewedBy: string;
  reviewedAt: string;
  signedBy: string | null;
  signedAt: string | null;
  /** Why counsel signed (given at signing). */
  signReason: string | null;
  supersedes: number | null;
  supersededBy: number | null;
  /** Counsel shared the review's text with the officers (the review is privileged until then). */
  shared: { by: string; at: string } | null;
  /**
   * The text was withheld from this reader: an officer sees that the review exists and its outcome
   * (recommendation, culpability), not counsel's reasoning, until counsel shares it.
   */
  withheld: boolean;
};
