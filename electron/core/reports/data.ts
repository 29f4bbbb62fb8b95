import type { Ctx } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { invoke } from '../api.ts';
import { auditHead, verifyChain } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import { listDecisions } from '../decisions/repo.ts';
import { listTasks } from '../decisions/tasks.ts';
import { listPayments } from '../payments/repo.ts';
import { paymentFindings } from '../payments/detect.ts';
import { caseExposure, currentReview, listReviews } from '../legal/repo.ts';
import { columnsOf, hasColumns, parseList } from './tables.ts';
import { totalsOf } from '../../../shared/payments.ts';
import { PRIVILEGE_LABELS } from '../../../shared/decisions.ts';
import type { Paper, ReportKind } from '../../../shared/contract/reports.ts';
import type { ReportData, ReportIndicator, ReportSubject } from '../../../shared/report/types.ts';

export const SUMMARY_MARKING = 'Confidential — Investigation Record';
const DRAFT_PRIVILEGE = 'Privileged & Confidential — Prepared at the Request of Counsel (Draft)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Calls another domain's operation when it is installed; its absence or failure leaves the section empty. */
async function optional(ctx: Ctx, channel: string, input: Obj): Promise<unknown> {
  const r = await invoke(ctx, channel, input);
  return r.ok ? r.value : null;
}

function subjectsOf(db: Db, caseId: number): ReportSubject[] | null {
  const sc = columnsOf(db, 'subjects');
  const ic = columnsOf(db, 'identifiers');
  if (!hasColumns(sc, 'case_id', 'name') && !hasColumns(ic, 'case_id', 'kind')) return null;
  const subjects = hasColumns(sc, 'id', 'case_id', 'name')
    ? (db.prepare('SELECT * FROM subjects WHERE case_id = ? ORDER BY id').all(caseId) as Obj[])
    : [];
  const idents = hasColumns(ic, 'case_id', 'kind', 'value_norm')
    ? (db.prepare('SELECT * FROM identifiers WHERE case_id = ? ORDER BY kind, id').all(caseId) as Obj[])
    : [];
  const others = hasColumns(ic, 'case_id', 'kind', 'value_norm')
    ? db.prepare(`SELECT DISTINCT c.number FROM identifiers i JOIN cases c ON c.id = i.case_id WHERE i.kind = ? AND i.value_norm = ? AND i.case_id <> ? ORDER BY c.number`).pluck()
    : null;
  const toIdent = (i: Obj) => ({ kind: s(i.kind), value: s(i.display) || s(i.value_norm), otherCases: others ? (others.all(i.kind, i.value_norm, caseId) as string[]) : [] });
  const out: ReportSubject[] = subjects.map((r) => ({
    name: s(r.name),
    aliases: parseList(r.aliases),
    role: s(r.role) || 'subject',
    nationality: s(r.nationality),
    location: s(r.location),
    identifiers: idents.filter((i) => i.subject_id === r.id).map(toIdent),
  }));
  const loose = idents.filter((i) => i.subject_id === null || i.subject_id === undefined || !subjects.some((r) => r.id === i.subject_id));
  if (loose.length) out.push({ name: 'Identifiers not linked to a subject', aliases: [], role: '—', nationality: '', location: '', identifiers: loose.map(toIdent) });
  return out;
}

function exhibitsOf(db: Db, caseId: number): ReportData['exhibits'] {
  const cols = columnsOf(db, 'exhibits');
  if (!hasColumns(cols, 'case_id', 'number', 'title', 'sha256')) return null;
  const order = cols.has('seq') ? 'seq' : 'id';
  return (db.prepare(`SELECT * FROM exhibits WHERE case_id = ? ORDER BY ${order}`).all(caseId) as Obj[]).map((r) => ({
    number: s(r.number),
    title: s(r.title),
    acquiredAt: s(r.acquired_at) || s(r.created_at),
    sha256: s(r.sha256),
    retracted: Boolean(r.retracted_at),
  }));
}

function indicatorsOf(checklist: unknown): Pick<ReportData, 'indicators' | 'diligence' | 'risk'> {
  if (!isObj(checklist)) return { indicators: null, diligence: null, risk: null };
  const source = (x: unknown) => (isObj(x) ? [s(x.key), s(x.title) || s(x.document), s(x.date)].filter(Boolean).join(', ') : s(x));
  const indicators: ReportIndicator[] = arr(checklist.items).filter(isObj).map((item) => {
    const ind = isObj(item.indicator) ? item.indicator : {};
    const a = isObj(item.assessment) ? item.assessment : {};
    return { id: s(ind.id), title: s(ind.title), category: s(ind.category), status: s(a.status) || 'not_assessed', rationale: s(a.rationale), sources: arr(ind.sources).map(source), exhibits: arr(a.exhibits).map(s) };
  });
  const diligence = arr(checklist.diligence).filter(isObj).map((d) => {
    const step = isObj(d.step) ? d.step : {};
    const rec = isObj(d.record) ? d.record : {};
    return { id: s(step.id), title: s(step.title), status: s(rec.status) || 'not_done', date: s(rec.date) || null, note: s(rec.note) };
  });
  const risk = isObj(checklist.risk) && typeof checklist.risk.score === 'number' ? { score: checklist.risk.score, band: s(checklist.risk.band) } : null;
  return { indicators, diligence, risk };
}

function activityOf(findings: unknown, heatmap: unknown): ReportData['activity'] {
  if (findings === null && heatmap === null) return null;
  const detail = (d: unknown) => (isObj(d) ? (s(d.summary) || s(d.message) || Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')) : s(d));
  const rows = arr(findings).filter(isObj).map((f) => ({ indicator: s(f.indicator), detail: detail(f.detail), status: s(f.status), from: s(f.from) || null, to: s(f.to) || null }));
  const cells = isObj(heatmap) ? arr(heatmap.cells).map((r) => arr(r).map((n) => (typeof n === 'number' ? n : 0))) : [];
  const total = isObj(heatmap) && typeof heatmap.total === 'number' ? heatmap.total : 0;
  return { findings: rows, heatmap: cells.length && total > 0 ? { zone: isObj(heatmap) ? s(heatmap.zone) || 'UTC' : 'UTC', cells, total } : null };
}

/** Gathers everything a report prints, as of now, verifying the audit chain on the way. */
export async function buildReportData(ctx: Ctx, number: string, kind: ReportKind, paper: Paper): Promise<ReportData> {
  const db = ctx.db;
  const c = getCase(db, number);
  const payments = listPayments(db, c.id);
  const reviews = listReviews(db, c.id);
  const review = currentReview(reviews);
  const [checklist, findings, heatmap] = kind === 'summary'
    ? await Promise.all([optional(ctx, 'indicators.checklist', { number }), optional(ctx, 'activity.findings', { number }), optional(ctx, 'activity.heatmap', { number })])
    : [null, null, null];
  const verification = verifyChain(db);
  const head = auditHead(db);
  const caseEvents = (db.prepare('SELECT count(*) FROM audit_events WHERE case_id = ?').pluck().get(c.id) as number);
  return {
    kind,
    paper,
    generatedAt: new Date().toISOString(),
    generatedBy: ctx.actor?.name ?? 'unknown',
    marking: kind === 'legal' ? (review ? PRIVILEGE_LABELS[review.privilege] : DRAFT_PRIVILEGE) : SUMMARY_MARKING,
    case: { number: c.number, title: c.title, summary: c.summary, status: c.status, priority: c.priority, assignee: c.assignee, openedAt: c.openedAt, closedAt: c.closedAt, closingNote: c.closingNote, locked: c.locked },
    ...indicatorsOf(checklist),
    subjects: kind === 'summary' ? subjectsOf(db, c.id) : null,
    exhibits: kind === 'summary' ? exhibitsOf(db, c.id) : null,
    activity: activityOf(findings, heatmap),
    decisions: listDecisions(db, c.id),
    tasks: listTasks(db, c.id),
    audit: { events: head.events, caseEvents, head: head.head, verification, verifiedAt: new Date().toISOString() },
    payments,
    totals: totalsOf(payments),
    paymentFindings: paymentFindings(db, c.id, payments),
    exposure: caseExposure(db, number, {}),
    review,
    reviews,
  };
}
