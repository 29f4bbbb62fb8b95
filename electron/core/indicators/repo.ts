import type { Db, ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CaseRecord } from '../../../shared/cases.ts';
import { CATALOG_VERSION, catalog, catalogDiff, indicatorById, type CatalogChange } from '../../../shared/indicators/catalog.ts';
import { DILIGENCE_STEPS, type DiligenceStatus } from '../../../shared/indicators/diligence.ts';
import { ASSESSMENT_LABELS, riskScore, type AssessmentStatus, type Weights } from '../../../shared/indicators/score.ts';
import type { Assessment, CaseRisk, Checklist, DiligenceRecord } from '../../../shared/indicators/types.ts';
import { assertExhibitsExist } from './exhibits.ts';
import { currentWeights } from './weights.ts';
import { indicatorState } from './state.ts';
import { listFindings } from '../activity/finding-rows.ts';

type AssessmentRow = { indicator_id: string; status: AssessmentStatus; rationale: string; exhibits: string; assessed_by: string; assessed_at: string };
type DiligenceRow = { step_id: string; status: DiligenceStatus; date: string | null; note: string; exhibits: string; done_by: string; updated_at: string };

/** The accepted activity findings behind each indicator, read through the activity domain. */
const acceptedFindings = (db: ReadDb, caseId: number): Map<string, number[]> => {
  const m = new Map<string, number[]>();
  for (const f of listFindings(db, caseId, 'accepted')) m.set(f.indicator, [...(m.get(f.indicator) ?? []), f.id]);
  for (const ids of m.values()) ids.sort((a, b) => a - b);
  return m;
};

function assessments(db: ReadDb, caseId: number): Map<string, AssessmentRow> {
  const rows = stmt(db, 'SELECT * FROM indicator_assessments WHERE case_id = ?').all(caseId) as AssessmentRow[];
  return new Map(rows.map((r) => [r.indicator_id, r]));
}

const toAssessment = (id: string, r: AssessmentRow | undefined, findings: number[]): Assessment => ({
  indicator: id,
  status: r?.status ?? 'not_assessed',
  rationale: r?.rationale ?? '',
  exhibits: r ? (JSON.parse(r.exhibits) as string[]) : [],
  findings,
  assessedBy: r?.assessed_by ?? null,
  assessedAt: r?.assessed_at ?? null,
});

/** Recomputes the case's score with the weights in force and stores it (state row and the case list's sort column). */
export function rescore(db: Db, caseId: number, version: number, now = new Date().toISOString()): CaseRisk {
  const weights = currentWeights(db);
  const statuses = Object.fromEntries([...assessments(db, caseId)].map(([id, r]) => [id, r.status]));
  const r = riskScore(catalog(version), statuses, weights);
  stmt(db, 'UPDATE case_indicator_state SET score = ?, band = ?, weights = ?, contributions = ?, computed_at = ? WHERE case_id = ?').run(
    r.score, r.band, JSON.stringify(r.weights), JSON.stringify(r.contributions), now, caseId,
  );
  stmt(db, 'UPDATE cases SET risk_score = ? WHERE id = ?').run(r.score, caseId);
  return { ...r, computedAt: now, catalogVersion: version };
}

/** The stored score, exactly as last computed, with the weights it used. */
export function storedRisk(db: ReadDb, c: CaseRecord): CaseRisk {
  const s = indicatorState(db, c);
  const weights = JSON.parse(s.weights) as Weights;
  return {
    score: s.score,
    band: s.band,
    contributions: JSON.parse(s.contributions),
    weights,
    capped: (JSON.parse(s.contributions) as { points: number }[]).reduce((a, x) => a + x.points, 0) > 100,
    computedAt: s.computed_at,
    catalogVersion: s.catalog_version,
  };
}

export function notAssessed(db: ReadDb, caseId: number): string[] {
  const s = stmt(db, 'SELECT catalog_version FROM case_indicator_state WHERE case_id = ?').pluck().get(caseId) as number | undefined;
  const a = assessments(db, caseId);
  return catalog(s ?? CATALOG_VERSION).filter((i) => (a.get(i.id)?.status ?? 'not_assessed') === 'not_assessed').map((i) => i.id);
}

export function checklist(db: ReadDb, number: string): Checklist {
  const c = getCase(db, number);
  const state = indicatorState(db, c);
  const a = assessments(db, c.id);
  const f = acceptedFindings(db, c.id);
  const dd = new Map((stmt(db, 'SELECT * FROM diligence_steps WHERE case_id = ?').all(c.id) as DiligenceRow[]).map((r) => [r.step_id, r]));
  return {
    caseNumber: c.number,
    catalogVersion: state.catalog_version,
    latestVersion: CATALOG_VERSION,
    pendingChanges: state.catalog_version === CATALOG_VERSION ? [] : catalogDiff(state.catalog_version, CATALOG_VERSION),
    items: catalog(state.catalog_version).map((indicator) => ({ indicator, assessment: toAssessment(indicator.id, a.get(indicator.id), f.get(indicator.id) ?? []) })),
    notAssessed: notAssessed(db, c.id),
    diligence: DILIGENCE_STEPS.map((step) => ({ step, record: toDiligence(step.id, dd.get(step.id)) })),
    risk: storedRisk(db, c),
  };
}

const toDiligence = (id: string, r: DiligenceRow | undefined): DiligenceRecord => ({
  step: id,
  status: r?.status ?? 'not_done',
  date: r?.date ?? null,
  note: r?.note ?? '',
  exhibits: r ? (JSON.parse(r.exhibits) as string[]) : [],
  doneBy: r?.done_by ?? null,
  updatedAt: r?.updated_at ?? null,
});

export type AssessInput = { indicator: string; status: AssessmentStatus; rationale: string; exhibits: string[] };

/**
 * Records an officer's assessment of one indicator. "Present" must rest on something: at least
 * one linked exhibit or an accepted detector finding; every assessed status needs a rationale.
 */
export function assess(db: Db, actor: string, number: string, input: AssessInput, now = new Date().toISOString()): Assessment {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const state = indicatorState(db, c);
    const ind = indicatorById(input.indicator, state.catalog_version);
    if (!ind) {
      const later = indicatorById(input.indicator);
      throw new AppError(
        later ? 'invalid_input' : 'not_found',
        later
          ? `${input.indicator} is not in catalog version ${state.catalog_version}, which ${number} is assessed against; upgrade the case's checklist to use it.`
          : `There is no indicator ${input.indicator}; see "indicators list".`,
      );
    }
    const findings = acceptedFindings(db, c.id).get(ind.id) ?? [];
    if (input.status === 'present' && input.exhibits.length === 0 && findings.length === 0) {
      throw new AppError('invalid_input', `Marking ${ind.id} present needs evidence: link at least one exhibit (E-001…) or accept a detector finding for it.`, {
        issues: [{ path: 'exhibits', message: 'at least one exhibit or accepted finding is required for "present"' }],
      });
    }
    if (input.status !== 'not_assessed' && input.rationale.trim() === '') {
      throw new AppError('invalid_input', `Say why ${ind.id} is ${ASSESSMENT_LABELS[input.status].toLowerCase()}: a rationale is required.`, {
        issues: [{ path: 'rationale', message: 'is required' }],
      });
    }
    assertExhibitsExist(db, c.id, input.exhibits);
    const before = assessments(db, c.id).get(ind.id);
    stmt(db, `INSERT INTO indicator_assessments (case_id, indicator_id, status, rationale, exhibits, assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id, indicator_id) DO UPDATE SET status = excluded.status, rationale = excluded.rationale, exhibits = excluded.exhibits,
        assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at`).run(c.id, ind.id, input.status, input.rationale, JSON.stringify(input.exhibits), actor, now);
    const prev = before ? { status: before.status, rationale: before.rationale, exhibits: JSON.parse(before.exhibits) } : { status: 'not_assessed' };
    const risk = rescore(db, c.id, state.catalog_version, now);
    appendAudit(db, actor, {
      caseId: c.id, entity: 'indicator', entityId: ind.id, action: 'assessed',
      before: prev, after: { status: input.status, rationale: input.rationale, exhibits: input.exhibits, score: risk.score },
    }, now);
    return toAssessment(ind.id, assessments(db, c.id).get(ind.id), findings);
  }).immediate();
}

export type DiligenceInput = { step: string; status: DiligenceStatus; date: string | null; note: string; exhibits: string[] };

export function recordDiligence(db: Db, actor: string, number: string, input: DiligenceInput): DiligenceRecord {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    if (!DILIGENCE_STEPS.some((s) => s.id === input.step)) throw new AppError('not_found', `There is no due-diligence step ${input.step}.`);
    assertExhibitsExist(db, c.id, input.exhibits);
    const now = new Date().toISOString();
    const date = input.status === 'done' ? (input.date ?? now.slice(0, 10)) : input.date;
    const before = stmt(db, 'SELECT * FROM diligence_steps WHERE case_id = ? AND step_id = ?').get(c.id, input.step) as DiligenceRow | undefined;
    stmt(db, `INSERT INTO diligence_steps (case_id, step_id, status, date, note, exhibits, done_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id, step_id) DO UPDATE SET status = excluded.status, date = excluded.date, note = excluded.note, exhibits = excluded.exhibits,
        done_by = excluded.done_by, updated_at = excluded.updated_at`).run(c.id, input.step, input.status, date, input.note, JSON.stringify(input.exhibits), actor, now);
    appendAudit(db, actor, {
      caseId: c.id, entity: 'diligence', entityId: input.step, action: 'recorded',
      before: before ? { status: before.status, date: before.date, note: before.note, exhibits: JSON.parse(before.exhibits) } : null,
      after: { status: input.status, date, note: input.note, exhibits: input.exhibits },
    }, now);
    return toDiligence(input.step, stmt(db, 'SELECT * FROM diligence_steps WHERE case_id = ? AND step_id = ?').get(c.id, input.step) as DiligenceRow);
  }).immediate();
}

/** Moves the case to the latest catalog and reports what changed; new indicators start not assessed. */
export function upgradeCatalog(db: Db, actor: string, number: string): { from: number; to: number; changes: CatalogChange[] } {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const state = indicatorState(db, c);
    const from = state.catalog_version;
    const changes = from === CATALOG_VERSION ? [] : catalogDiff(from, CATALOG_VERSION);
    if (from !== CATALOG_VERSION) {
      stmt(db, 'UPDATE case_indicator_state SET catalog_version = ? WHERE case_id = ?').run(CATALOG_VERSION, c.id);
      rescore(db, c.id, CATALOG_VERSION);
      appendAudit(db, actor, {
        caseId: c.id, entity: 'indicators', entityId: c.number, action: 'catalog_upgraded',
        before: { catalogVersion: from }, after: { catalogVersion: CATALOG_VERSION, changes: changes.map((ch) => `${ch.kind} ${ch.indicator.id}`) },
      });
    }
    return { from, to: CATALOG_VERSION, changes };
  }).immediate();
}

/** After the weights change, every case still being worked is rescored; closed and locked cases keep the score they were decided on. */
export function rescoreOpenCases(db: Db): number {
  const rows = stmt(db, `SELECT s.case_id, s.catalog_version FROM case_indicator_state s JOIN cases c ON c.id = s.case_id WHERE c.status <> 'closed' AND c.locked = 0`).all() as { case_id: number; catalog_version: number }[];
  const now = new Date().toISOString();
  for (const r of rows) rescore(db, r.case_id, r.catalog_version, now);
  return rows.length;
}
