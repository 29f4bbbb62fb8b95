import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { assertWritableTarget, writeFileAtomic } from '../files/write.ts';
import { basename, isAbsolute, join } from 'node:path';
import type { Ctx } from '../context.ts';
import type { ReadCtx } from '../handler.ts';
import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit, auditHead } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import type { Signer } from '../signing/sign.ts';
import { recordCheckpoint } from '../signing/records.ts';
import { sessionSigner } from '../session/signing.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ExportRecord, ExportResult, Paper, RenderedReport, ReportKind } from '../../../shared/contract/reports.ts';
import { renderReport } from '../../../shared/report/render.tsx';
import { buildReportData, type ReportOptions } from './data.ts';
import { reportFonts } from './fonts.ts';
import { pdfPageCount, printPdf } from './print.ts';

export async function renderCaseReport(ctx: ReadCtx, number: string, kind: ReportKind, paper: Paper, opts: ReportOptions = {}): Promise<RenderedReport> {
  return renderReport(buildReportData(ctx, number, kind, paper, opts), reportFonts());
}

type ExportRow = { id: number; kind: ReportKind; paper: Paper; sha256: string; bytes: number; pages: number | null; audit_head: string; exported_by: string; exported_at: string };
const rowToExport = (r: ExportRow): ExportRecord => ({ id: r.id, kind: r.kind, paper: r.paper, sha256: r.sha256, bytes: r.bytes, pages: r.pages, auditHead: r.audit_head, exportedBy: r.exported_by, exportedAt: r.exported_at });

export function listExports(db: ReadDb, caseId: number): ExportRecord[] {
  return (stmt(db, 'SELECT * FROM report_exports WHERE case_id = ? ORDER BY id').all(caseId) as ExportRow[]).map(rowToExport);
}

/** Records a printed report in the case's custody trail with the PDF's own SHA-256. Locked cases export too: it changes no record. */
export function recordExport(db: Db, actor: string, number: string, e: { kind: ReportKind; paper: Paper; sha256: string; bytes: number; pages: number | null }, signer?: Signer | null): ExportRecord {
  return db.transaction(() => {
    const c = getCase(db, number);
    const now = new Date().toISOString();
    const head = auditHead(db).head;
    const info = stmt(db, 'INSERT INTO report_exports (case_id, kind, paper, sha256, bytes, pages, audit_head, exported_by, exported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, e.kind, e.paper, e.sha256, e.bytes, e.pages, head, actor, now);
    const id = Number(info.lastInsertRowid);
    appendAudit(db, actor, { caseId: c.id, entity: 'report', entityId: id, action: 'exported', after: { ...e, auditHead: head } }, now);
    // Each export leaves a signed checkpoint of the audit trail (a later cut-off shows against it).
    if (signer) recordCheckpoint(db, signer, 'report', now);
    return rowToExport(stmt(db, 'SELECT * FROM report_exports WHERE id = ?').get(id) as ExportRow);
  }).immediate();
}

/** Renders, prints (with the app's own Chromium when the shell has one, else the machine's), writes the file (whole or not at all) and records the export. */
export async function exportReport(ctx: Ctx, actor: string, number: string, kind: ReportKind, paper: Paper, out: string, signal?: AbortSignal, opts: ReportOptions = {}): Promise<ExportResult> {
  if (!out.toLowerCase().endsWith('.pdf')) throw new AppError('invalid_input', `The output file must end in .pdf (got ${out}).`, { issues: [{ path: 'out', message: 'must end in .pdf' }] });
  if (!isAbsolute(out) && basename(out) !== out) {
    throw new AppError('invalid_input', `Give a full path or a plain file name for the PDF (got ${out}).`, { issues: [{ path: 'out', message: 'must be a full path or a file name' }] });
  }
  // A bare file name goes to the exports folder beside the database, never to wherever the app was started.
  if (!isAbsolute(out)) {
    mkdirSync(join(ctx.paths.dataDir, 'exports'), { recursive: true });
    out = join(ctx.paths.dataDir, 'exports', out);
  }
  assertWritableTarget(out, 'the report');
  const report = await renderCaseReport(ctx, number, kind, paper, opts);
  const pdf = await (ctx.shell.printPdf ?? printPdf)(report, signal);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  writeFileAtomic(out, pdf, 'the report');
  const record = recordExport(ctx.db, actor, number, { kind, paper, sha256, bytes: pdf.length, pages: pdfPageCount(pdf) }, sessionSigner(ctx));
  return { ...record, file: out };
}
