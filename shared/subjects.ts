import { z } from 'zod';
import { hasBinaryControlChars, hasControlChars } from './text.ts';
import { isCountryCode, type IdentifierKind } from './identifiers.ts';

export const SUBJECT_ROLES = ['worker', 'facilitator', 'referrer', 'staffing_firm', 'other'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export const ROLE_LABELS: Record<SubjectRole, string> = {
  worker: 'Worker',
  facilitator: 'Facilitator',
  referrer: 'Referrer',
  staffing_firm: 'Staffing firm',
  other: 'Other',
};

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');

/** True for an IANA zone name the platform knows, like Asia/Shanghai or America/New_York. */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const Country = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => s === '' || isCountryCode(s), 'must be a two-letter country code like KP, CN or US');

export const TimeZone = z
  .string()
  .trim()
  .refine((s) => s === '' || isTimeZone(s), 'must be an IANA time zone like Asia/Shanghai or America/New_York');

export const SubjectFields = z.object({
  name: oneLine(200).pipe(z.string().min(1, 'is required')),
  aliases: z.array(oneLine(200).pipe(z.string().min(1, 'must not be empty'))).max(50, 'at most 50 aliases').default([]),
  nationality: Country.default(''),
  location: oneLine(200).default(''),
  timezone: TimeZone.default(''),
  role: z.enum(SUBJECT_ROLES).default('worker'),
  platforms: z.array(oneLine(60).pipe(z.string().min(1, 'must not be empty'))).max(30, 'at most 30 platforms').default([]),
  notes: z.string().max(20_000, 'must be at most 20000 characters').refine((s) => !hasBinaryControlChars(s), 'must not contain control characters').default(''),
});
export type SubjectFields = z.output<typeof SubjectFields>;

export type SubjectRecord = {
  id: number;
  caseNumber: string;
  name: string;
  aliases: string[];
  nationality: string;
  location: string;
  timezone: string;
  role: SubjectRole;
  platforms: string[];
  notes: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
};

/** Another case in which the same identifier appears. */
export type IdentifierLink = { caseNumber: string; caseTitle: string; caseStatus: string; subjectName: string | null; identifierId: number };

export type IdentifierRecord = {
  id: number;
  caseNumber: string;
  subjectId: number | null;
  subjectName: string | null;
  kind: IdentifierKind;
  value: string;
  display: string;
  qualifier: string | null;
  details: Record<string, string>;
  evidence: string | null;
  seenAt: string | null;
  note: string;
  createdAt: string;
  createdBy: string;
  links: IdentifierLink[];
};

export type IdentifierMatch = {
  caseNumber: string;
  caseTitle: string;
  caseStatus: string;
  subjectId: number | null;
  subjectName: string | null;
  identifierId: number;
  display: string;
  evidence: string | null;
  seenAt: string | null;
};

export type IdentifierFindResult = { kind: IdentifierKind | null; value: string; matches: IdentifierMatch[] };

/** A case linked to another through identifiers both hold. */
export type LinkedCase = {
  number: string;
  title: string;
  status: string;
  via: { kind: IdentifierKind; value: string; display: string }[];
};

/** A `sanction` node is a confirmed match on a sanctions list, linked to the subject or identifier that matched. */
export type GraphNode = { id: string; type: 'case' | 'subject' | 'identifier' | 'sanction'; label: string; caseNumber?: string; kind?: IdentifierKind; focus?: boolean };
export type GraphEdge = { id: string; source: string; target: string };
export type GraphData = { nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean };

