import type { Ctx } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { auditHead, verifyChain } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import { listDecisions } from '../decisions/repo.ts';
import { listTasks } from '../decisions/tasks.ts';
import { listPayments } from '../payments/repo.ts';
import { paymentFindings } from '../payments/detect.ts';
import { caseExposure, currentReview, listReviews } from '../legal/repo.ts';
import { checklist } from '../indicators/repo.ts';
import { listFindings } from '../activity/findings.ts';
import { caseHeatmap } from '../activity/heatmap.ts';
import { listSubjects } from '../subjects/repo.ts';
import { listIdentifiers } from '../identifiers/repo.ts';
import { listExhibits } from '../evidence/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Finding, Heatmap } from '../../../shared/activity/types.ts';
import type { Checklist } from '../../../shared/indicators/types.ts';
import type { SourceRef } from '../../../shared/indicators/sources.ts';
import type { IdentifierRecord } from '../../../shared/subjects.ts';
import { totalsOf } from '../../../shared/payments.ts';
import { PRIVILEGE_LABELS } from '../../../shared/decisions.ts';
import type { Paper, ReportKind } from '../../../shared/contract/reports.ts';
import type { ReportData, ReportIndicator, ReportSubject } from '../../../shared/report/types.ts';

export const SUMMARY_MARKING = 'Confidential — Investigation Record';
const DRAFT_PRIVILEGE = 'Privileged & Confidential — Prepared at the Request of Counsel (Draft)';

/**
 * Builds one section of a report. A section that cannot be built fails the whole report with a
 * message naming it: a compliance report never prints a section empty because reading it failed.
 */
function section<T>(number: string, name: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new AppError(e instanceof AppError ? e.code : 'internal', `The report on ${number} cannot be made: its ${name} section could not be read (${reason}). Nothing was printed.`);
  }
}

function subjectsOf(db: Db, number: string): ReportSubject[] {
  const subjects = listSubjects(db, number);
  const idents = listIdentifiers(db, number);
  const toIdent = (i: IdentifierRecord) => ({
    kind: i.kind,
    value: i.display || i.value,
    otherCases: [...new Set(i.links.map((l) => l.caseNumber))].sort(),
  });
  const out: ReportSubject[] = subjects.map((r) => ({
    name: r.name,
    aliases: r.aliases,
    role: r.role || 'subject',
    nationality: r.nationality,
    location: r.location,
    identifiers: idents.filter((i) => i.subjectId === r.id).map(toIdent),
  }));
  const loose = idents.filter((i) => i.subjectId === null || !subjects.some((r) => r.id === i.subjectId));
  if (loose.length) out.push({ name: 'Identifiers not linked to a subject', aliases: [], role: '—', nationality: '', location: '', identifiers: loose.map(toIdent) });
  return out;
}

const exhibitsOf = (db: Db, number: string): NonNullable<ReportData['exhibits']> =>
  listExhibits(db, number).map((e) => ({ number: e.number, title: e.title, acquiredAt: e.acquiredAt || e.createdAt, sha256: e.sha256, retracted: e.retracted !== null }));

const sourceLine = (x: SourceRef): string => [x.key, x.title, x.date].filter(Boolean).join(', ');

function indicatorsOf(list: Checklist): Pick<ReportData, 'indicators' | 'diligence' | 'risk'> {
  const indicators: ReportIndicator[] = list.items.map(({ indicator, assessment }) => ({
    id: indicator.id,
    title: indicator.title,
    category: indicator.category,
    status: assessment.status,
    rationale: assessment.rationale,
    sources: indicator.sources.map(sourceLine),
    exhibits: assessment.exhibits,
  }));
  const diligence = list.diligence.map(({ step, record }) => ({ id: step.id, title: step.title, status: record.status, date: record.date, note: record.note }));
  return { indicators, diligence, risk: { score: list.risk.score, band: list.risk.band } };
}

/** How a finding's detail reads in print: its summary, else its fields. */
const findingDetail = (d: Finding['detail']): string =>
  (typeof d.summary === 'string' && d.summary) ||
  (typeof d.message === 'string' && d.message) ||
  Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ');

function activityOf(findings: Finding[], heatmap: Heatmap): NonNullable<ReportData['activity']> {
  return {
    findings: findings.map((f) => ({ indicator: f.indicator, detail: findingDetail(f.detail), status: f.status, from: f.from || null, to: f.to || null })),
    heatmap: heatmap.cells.length && heatmap.total > 0 ? { zone: heatmap.zone || 'UTC', cells: heatmap.cells, total: heatmap.total } : null,
  };
}

/** Gathers everything a report prints, as of now, verifying the audit chain on the way. */
export function buildReportData(ctx: Ctx, number: string, kind: ReportKind, paper: Paper): ReportData {
  const db = ctx.db;
  const actor = ctx.actor?.name ?? 'unknown';
  const c = getCase(db, number);
  const payments = listPayments(db, c.id);
  const reviews = listReviews(db, c.id);
  const review = currentReview(reviews);
  const summary = kind === 'summary';
  const verification = verifyChain(db);
  const head = auditHead(db);
  const caseEvents = (db.prepare('SELECT count(*) FROM audit_events WHERE case_id = ?').pluck().get(c.id) as number);
  return {
    kind,
    paper,
    generatedAt: new Date().toISOString(),
    generatedBy: actor,
    marking: kind === 'legal' ? (review ? PRIVILEGE_LABELS[review.privilege] : DRAFT_PRIVILEGE) : SUMMARY_MARKING,
    case: { number: c.number, title: c.title, summary: c.summary, status: c.status, priority: c.priority, assignee: c.assignee, openedAt: c.openedAt, closedAt: c.closedAt, closingNote: c.closingNote, locked: c.locked },
    ...(summary ? section(number, 'indicators', () => indicatorsOf(checklist(db, number))) : { indicators: null, diligence: null, risk: null }),
    subjects: summary ? section(number, 'subjects', () => subjectsOf(db, number)) : null,
    exhibits: summary ? section(number, 'evidence', () => exhibitsOf(db, number)) : null,
    activity: summary ? section(number, 'login activity', () => activityOf(listFindings(db, c.id), caseHeatmap(db, c.id))) : null,
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
