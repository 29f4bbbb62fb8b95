import type { ReadCtx } from '../handler.ts';
import type { ReadDb } from '../db/connection.ts';
import { auditHead, caseEventCount } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import { listDecisions } from '../decisions/repo.ts';
import { listTasks } from '../decisions/tasks.ts';
import { listPayments } from '../payments/repo.ts';
import { paymentFindings } from '../payments/detect.ts';
import { caseExposure, currentReview, listFactors, listReviews, reviewFor } from '../legal/repo.ts';
import { caseSignatures, lastCheckpoint, verifyRecord } from '../signing/records.ts';
import { listBlocks } from '../payments/blocks.ts';
import { caseScreenings } from '../sanctions/cases.ts';
import { checklist } from '../indicators/repo.ts';
import { listFindings } from '../activity/findings.ts';
import { caseHeatmap } from '../activity/heatmap.ts';
import { listSubjects } from '../subjects/repo.ts';
import { listIdentifiers } from '../identifiers/repo.ts';
import { listExhibits } from '../evidence/repo.ts';
import { assembleTimeline, findingDetail } from '../journal/timeline.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Finding, Heatmap } from '../../../shared/activity/types.ts';
import type { Checklist } from '../../../shared/indicators/types.ts';
import type { SourceRef } from '../../../shared/indicators/sources.ts';
import type { IdentifierRecord } from '../../../shared/subjects.ts';
import { totalsOf } from '../../../shared/payments.ts';
import { PRIVILEGE_LABELS } from '../../../shared/decisions.ts';
import { entryWhen } from '../../../shared/journal.ts';
import type { Paper, ReportKind } from '../../../shared/contract/reports.ts';
import type { ChronologyEvent, ReportData, ReportIndicator, ReportSanctionsHit, ReportSubject } from '../../../shared/report/types.ts';

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

function subjectsOf(db: ReadDb, number: string): ReportSubject[] {
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

const exhibitsOf = (db: ReadDb, number: string): NonNullable<ReportData['exhibits']> =>
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
    sourceKeys: indicator.sources.map((x) => x.key),
    exhibits: assessment.exhibits,
  }));
  const diligence = list.diligence.map(({ step, record }) => ({ id: step.id, title: step.title, status: record.status, date: record.date, note: record.note }));
  return { indicators, diligence, risk: { score: list.risk.score, band: list.risk.band } };
}

function activityOf(findings: Finding[], heatmap: Heatmap): NonNullable<ReportData['activity']> {
  return {
    findings: findings.map((f) => ({ indicator: f.indicator, detail: findingDetail(f.detail), status: f.status, from: f.from || null, to: f.to || null })),
    heatmap: heatmap.cells.length && heatmap.total > 0 ? { zone: heatmap.zone || 'UTC', cells: heatmap.cells, total: heatmap.total } : null,
  };
}

export type ReportOptions = { notifiedOn?: string | undefined };

/** The confirmed and dismissed sanctions hits of the case, each with the list version it was screened against. */
function sanctionsHitsOf(db: ReadDb, number: string): ReportSanctionsHit[] {
  return caseScreenings(db, number).flatMap((s) =>
    s.hits
      .filter((h) => h.status === 'confirmed' || h.status === 'dismissed')
      .map((h) => ({
        query: h.query, source: h.source, sdnName: h.name, entNum: h.ent_num, programs: h.programs, score: h.score, status: h.status,
        reason: h.reason ?? '', decidedBy: h.decidedBy ?? '', decidedAt: h.decidedAt ?? '', listVersion: s.version.id, listPublished: s.version.published,
      })),
  );
}

/**
 * The case's timeline as the report's chronology: every entry of the timeline the officer curates,
 * except activity findings not yet reviewed (an open finding is not a fact of the case).
 */
const chronologyOf = (db: ReadDb, number: string): ChronologyEvent[] =>
  assembleTimeline(db, number)
    .filter((e) => e.inReport)
    .map((e) => ({ date: entryWhen(e), event: `${e.text}${e.kind === 'officer' && e.exhibits.length ? ` [${e.exhibits.join(', ')}]` : ''}`, ref: e.source }));

/** Gathers everything a report prints, as of now, verifying the audit chain on the way. */
export function buildReportData(ctx: ReadCtx, number: string, kind: ReportKind, paper: Paper, opts: ReportOptions = {}): ReportData {
  const db = ctx.db;
  const actor = ctx.actor?.name ?? 'unknown';
  const c = getCase(db, number);
  const payments = listPayments(db, c.id);
  // Counsel's reviews are privileged: an officer's report carries their outcome only, and the legal
  // memorandum is counsel's, or an officer's once counsel shared the review it rests on.
  const reviews = listReviews(db, c.id).map((r) => reviewFor(r, ctx.actor));
  const review = currentReview(reviews);
  if (kind === 'legal' && ctx.actor?.role !== 'counsel' && review?.withheld) {
    throw new AppError('forbidden', `The legal memorandum of ${c.number} is privileged: counsel prints it, or shares the review it rests on with officers first.`);
  }
  // Every kind prints facts: the summary all of them, the memorandum its facts section, the
  // filings the identifiers, payments and exhibits.
  const blocks = listBlocks(db, c.id);
  if (kind === 'blocked' && blocks.length === 0) {
    throw new AppError('invalid_input', `${c.number} has no payment marked blocked or rejected, so there is no report of blocked or rejected transactions to make. Mark the payment first.`);
  }
  const verification = verifyRecord(db);
  const head = auditHead(db);
  const caseEvents = caseEventCount(db, c.id);
  const data: ReportData = {
    kind,
    paper,
    generatedAt: new Date().toISOString(),
    generatedBy: actor,
    marking: kind === 'summary' ? SUMMARY_MARKING : review ? PRIVILEGE_LABELS[review.privilege] : DRAFT_PRIVILEGE,
    case: { number: c.number, title: c.title, summary: c.summary, status: c.status, priority: c.priority, assignee: c.assignee, openedAt: c.openedAt, closedAt: c.closedAt, closingNote: c.closingNote, locked: c.locked },
    ...section(number, 'indicators', () => indicatorsOf(checklist(db, number))),
    subjects: section(number, 'subjects', () => subjectsOf(db, number)),
    exhibits: section(number, 'evidence', () => exhibitsOf(db, number)),
    activity: section(number, 'login activity', () => activityOf(listFindings(db, c.id), caseHeatmap(db, c.id))),
    decisions: listDecisions(db, c.id),
    tasks: listTasks(db, c.id),
    audit: {
      events: head.events,
      caseEvents,
      head: head.head,
      verification,
      verifiedAt: new Date().toISOString(),
      signatures: caseSignatures(db, c.id).map((x) => ({ what: x.what, whatId: x.whatId, role: x.role, signer: x.signer, fingerprint: x.fingerprint, signedAt: x.signedAt })),
      checkpoint: lastCheckpoint(db),
    },
    payments,
    totals: totalsOf(payments),
    paymentFindings: paymentFindings(db, c.id, payments),
    exposure: caseExposure(db, number, {}),
    review,
    reviews,
    factors: listFactors(db, c.id),
    blocks,
    sanctionsHits: section(number, 'sanctions hits', () => sanctionsHitsOf(db, number)),
    chronology: section(number, 'timeline', () => chronologyOf(db, number)),
    notifiedOn: opts.notifiedOn ?? null,
  };
  return data;
}
