import type { Decision, LegalReview, RemediationTask } from '../decisions.ts';
import type { Payment, PaymentFinding, Totals } from '../payments.ts';
import type { ExposureReport } from '../contract/legal.ts';
import type { Paper, ReportKind } from '../contract/reports.ts';
import type { AuditVerifyResult } from '../audit.ts';
import type { Checkpoint } from '../signatures.ts';
import type { FactorRecord } from '../legal/factors.ts';
import type { PaymentBlock } from '../legal/filings.ts';

/**
 * Everything a report prints, gathered by the core at export time. A section this kind of report
 * does not print is null; a section that cannot be read fails the report instead of printing empty.
 */
export type ReportData = {
  kind: ReportKind;
  paper: Paper;
  generatedAt: string;
  generatedBy: string;
  marking: string;
  case: {
    number: string;
    title: string;
    summary: string;
    status: string;
    priority: string;
    assignee: string;
    openedAt: string;
    closedAt: string | null;
    closingNote: string | null;
    locked: boolean;
  };
  risk: { score: number; band: string } | null;
  subjects: ReportSubject[] | null;
  indicators: ReportIndicator[] | null;
  diligence: { id: string; title: string; status: string; date: string | null; note: string }[] | null;
  exhibits: { number: string; title: string; acquiredAt: string; sha256: string; retracted: boolean }[] | null;
  activity: { findings: { indicator: string; detail: string; status: string; from: string | null; to: string | null }[]; heatmap: { zone: string; cells: number[][]; total: number } | null } | null;
  decisions: Decision[];
  tasks: RemediationTask[];
  audit: {
    events: number;
    caseEvents: number;
    head: string;
    verification: AuditVerifyResult;
    verifiedAt: string;
    /** The sign-offs of this case: who signed what, in which role, and their key's fingerprint. */
    signatures?: { what: 'decision' | 'legal_review'; whatId: number; role: string; signer: string; fingerprint: string; signedAt: string }[];
    /** The last signed checkpoint of the audit trail. */
    checkpoint?: Checkpoint | null;
  };
  payments: Payment[];
  totals: Totals;
  paymentFindings: PaymentFinding[];
  exposure: ExposureReport;
  review: LegalReview | null;
  reviews: LegalReview[];
  /** Counsel's view of the General Factors (31 CFR 501 App. A, section III). */
  factors: FactorRecord[];
  /** Payments counsel marked blocked or rejected. */
  blocks: PaymentBlock[];
  /** Sanctions hits decided in this case, confirmed or dismissed, with the list version screened. */
  sanctionsHits: ReportSanctionsHit[] | null;
  /** Dated key events of the case, oldest first. */
  chronology: ChronologyEvent[] | null;
  /** The initial notification date of a voluntary self-disclosure, when given. */
  notifiedOn: string | null;
};

export type ReportSanctionsHit = { query: string; source: string; sdnName: string; entNum: number; programs: string[]; score: number; status: string; reason: string; decidedBy: string; decidedAt: string; listVersion: number; listPublished: string };

export type ChronologyEvent = { date: string; event: string; ref: string };

export type ReportSubject = {
  name: string;
  aliases: string[];
  role: string;
  nationality: string;
  location: string;
  identifiers: { kind: string; value: string; otherCases: string[] }[];
};

export type ReportIndicator = { id: string; title: string; category: string; status: string; rationale: string; sources: string[]; sourceKeys: string[]; exhibits: string[] };

/** Fonts as data: URLs (read by the core from @fontsource), so the PDF never depends on system fonts. */
export type ReportFonts = { family: 'Report Sans' | 'Report Mono'; weight: 400 | 700; url: string; unicodeRange: string }[];

/** Page margins of every printed report, in millimetres: both printers (app and CLI) use these. */
export const REPORT_MARGINS_MM = { top: 18, bottom: 18, left: 14, right: 14 } as const;
