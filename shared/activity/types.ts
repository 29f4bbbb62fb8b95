import type { ActivityField } from './fields.ts';

export const FINDING_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export type Finding = {
  id: number;
  caseNumber: string;
  indicator: string;
  detector: string;
  account: string | null;
  ips: string[];
  countries: string[];
  from: string;
  to: string;
  detail: Record<string, unknown>;
  /** Row ids of the login events behind the finding (at most 50). */
  events: number[];
  status: FindingStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
};

export type FindingSummary = Pick<Finding, 'id' | 'indicator' | 'detector' | 'account' | 'from' | 'to' | 'detail' | 'status'>;

export type RowError = { line: number; message: string };

export type ImportResult = {
  importId: number;
  /** True when this exact file (same SHA-256) was imported into the case before: nothing was added. */
  duplicate: boolean;
  sha256: string;
  exhibit: string | null;
  events: number;
  accounts: number;
  skipped: RowError[];
  skippedCount: number;
  findings: FindingSummary[];
};

export type ImportPreview = {
  headers: string[];
  sample: string[][];
  mapping: Partial<Record<ActivityField, string>>;
  missing: ActivityField[];
};

export type ImportRecord = {
  id: number;
  fileName: string;
  sha256: string;
  exhibit: string | null;
  subject: string | null;
  zone: string | null;
  events: number;
  skipped: number;
  importedBy: string;
  importedAt: string;
};

export type Heatmap = { zone: string; account: string | null; accounts: string[]; total: number; cells: number[][] };

/** Range-list kinds; `company_egress` is the company's own VPN/NAT exits, which NA-02, NA-04, NA-08 and the cross-case links leave out. */
export const CIDR_KINDS = ['vpn', 'hosting', 'remote_desktop', 'company_egress', 'other'] as const;

export type CidrList = { id: number; name: string; kind: string; ranges: number; importedBy: string; importedAt: string };
