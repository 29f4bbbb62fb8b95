import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';

export const REPORT_KINDS = ['summary', 'legal', 'vsd', 'blocked', 'ic3'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

/** The report as Chromium prints it: the page body plus the running header and footer templates. */
export type RenderedReport = { title: string; html: string; headerTemplate: string; footerTemplate: string; paper: Paper };
export type ExportRecord = { id: number; kind: ReportKind; paper: Paper; sha256: string; bytes: number; pages: number | null; auditHead: string; exportedBy: string; exportedAt: string };
export type ExportResult = ExportRecord & { file: string };

const Target = z.object({
  number: CaseRef,
  kind: z.enum(REPORT_KINDS),
  paper: z.enum(PAPERS).default('a4'),
  /** Voluntary self-disclosure draft: the day the initial notification went (or goes) to OFAC. */
  notifiedOn: z.iso.date('must be a date like 2025-03-31').optional(),
});

export const reportsContract = {
  'reports.render': op(Target).reads<RenderedReport>(),
  /** Prints with the Chromium found on this machine and writes the PDF (CLI and test harness). */
  'reports.export': op(Target.extend({ out: z.string().min(1).max(4096), jobId: z.string().max(100).optional() })).returns<ExportResult>(),
  /** Records a PDF printed elsewhere (the app prints with its own Chromium) in the case's custody trail. */
  'reports.recordExport': op(
    Target.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive(), pages: z.number().int().positive().nullable().default(null) }),
  ).returns<ExportRecord>(),
  'reports.exports': op(z.object({ number: CaseRef })).reads<ExportRecord[]>(),
};
