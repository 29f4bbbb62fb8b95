import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Signer } from '../signing/sign.ts';
import { recordCheckpoint, signRecord } from '../signing/records.ts';
import type { Actor } from '../../../shared/session.ts';
import type { LegalReview, PrivilegeMarking, Recommendation, ReviewFields } from '../../../shared/decisions.ts';
import type { ExposureReport, StatutoryMaximumSetting } from '../../../shared/contract/legal.ts';
import { computeExposure, NoMaximumInForce, statutoryMaximumOn, type Culpability } from '../../../shared/legal/exposure.ts';
import { factorInfo, type Assessment, type FactorKey, type FactorRecord } from '../../../shared/legal/factors.ts';
import { rateMaxAgeDays } from '../rates/repo.ts';
import { parseAmount } from '../../../shared/payments.ts';
import { listPayments, missingRates } from '../payments/repo.ts';
import { exhibitRow } from '../evidence/repo.ts';

type MaxRow = { effective_from: string; amount_cents: number; note: string; set_by: string; set_at: string };
const rowToMax = (r: MaxRow): StatutoryMaximumSetting => ({ effectiveFrom: r.effective_from, amountCents: r.amount_cents, note: r.note, setBy: r.set_by, setAt: r.set_at });

export function listStatutoryMaximums(db: ReadDb): StatutoryMaximumSetting[] {
  return (stmt(db, 'SELECT * FROM statutory_maximums ORDER BY effective_from').all() as MaxRow[]).map(rowToMax);
}

/** The maximum is adjusted for inflation every year: counsel enters each new figure with the date it takes effect. */
export function setStatutoryMaximum(db: Db, actor: string, effectiveFrom: string, amountUsd: string, note: string): StatutoryMaximumSetting {
  const cents = parseAmount(amountUsd, 'USD');
  if (cents === null || cents <= 0) throw new AppError('invalid_input', `"${amountUsd}" is not an amount in USD.`, { issues: [{ path: 'amountUsd', message: 'must be a USD amount such as 377700' }] });
  return db.transaction(() => {
    const before = stmt(db, 'SELECT * FROM statutory_maximums WHERE effective_from = ?').get(effectiveFrom) as MaxRow | undefined;
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO statutory_maximums (effective_from, amount_cents, note, set_by, set_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (effective_from) DO UPDATE SET amount_cents = excluded.amount_cents, note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at`)
      .run(effectiveFrom, cents, note, actor, now);
    appendAudit(db, actor, {
      caseId: null, entity: 'statutory_maximum', entityId: effectiveFrom, action: before ? 'updated' : 'set',
      ...(before && { before: { amountCents: before.amount_cents } }), after: { amountCents: cents, note },
    }, now);
    return rowToMax(stmt(db, 'SELECT * FROM statutory_maximums WHERE effective_from = ?').get(effectiveFrom) as MaxRow);
  }).immediate();
}

type ReviewRow = {
  id: number;
  case_id: number;
  privilege: PrivilegeMarking;
  egregious: number;
  vsd: number;
  culpability_rationale: string;
  determination: string;
  recommendation: Recommendation;
  recommendation_rationale: string;
  reviewed_by: string;
  reviewed_at: string;
  signed_by: string | null;
  signed_at: string | null;
  sign_reason: string | null;
  supersedes: number | null;
  superseded_by: number | null;
  shared_by: string | null;
  shared_at: string | null;
};
const REVIEW_SELECT =
  'SELECT r.*, (SELECT n.id FROM legal_reviews n WHERE n.supersedes = r.id) AS superseded_by, s.shared_by, s.shared_at FROM legal_reviews r LEFT JOIN legal_review_shares s ON s.review_id = r.id';
/** How many of a case's reviews are privileged and not shared with officers (their text is counsel's alone). */
export const unsharedReviewCount = (db: ReadDb, caseId: number): number =>
  stmt(db, 'SELECT count(*) FROM legal_reviews r WHERE r.case_id = ? AND NOT EXISTS (SELECT 1 FROM legal_review_shares s WHERE s.review_id = r.id)').pluck().get(caseId) as number;

const rowToReview = (r: ReviewRow): LegalReview => ({
  id: r.id,
  caseId: r.case_id,
  privilege: r.privilege,
  egregious: r.egregious === 1,
  voluntarilySelfDisclosed: r.vsd === 1,
  culpabilityRationale: r.culpability_rationale,
  determination: r.determination,
  recommendation: r.recommendation,
  recommendationRationale: r.recommendation_rationale,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  signedBy: r.signed_by,
  signedAt: r.signed_at,
  signReason: r.sign_reason,
  supersedes: r.supersedes,
  supersededBy: r.superseded_by,
  shared: r.shared_by ? { by: r.shared_by, at: r.shared_at ?? '' } : null,
  withheld: false,
});

/**
 * A review as this reader may see it. Counsel's reviews are privileged: counsel reads them whole;
 * an officer sees that a review exists and its outcome (recommendation, culpability, who and when),
 * not counsel's reasoning, unless counsel shared it. Enforced here, in the core, for every reader.
 */
export function reviewFor(r: LegalReview, viewer: Actor | null): LegalReview {
  if (viewer?.role === 'counsel' || r.shared) return r;
  return { ...r, culpabilityRationale: '', determination: '', recommendationRationale: '', signReason: r.signReason === null ? null : '', withheld: true };
}

/** Counsel shares a review's text with the officers of this database; audited. */
export function shareReview(db: Db, actor: Actor, number: string, id: number): LegalReview {
  requireCounsel(actor, 'shares a legal review');
  return db.transaction(() => {
    const c = getCase(db, number);
    const r = getReview(db, c.id, id);
    if (r.shared) return r;
    const now = new Date().toISOString();
    stmt(db, 'INSERT INTO legal_review_shares (review_id, shared_by, shared_at) VALUES (?, ?, ?)').run(id, actor.name, now);
    appendAudit(db, actor.name, { caseId: c.id, entity: 'legal_review', entityId: id, action: 'shared', after: { sharedWith: 'officers' } }, now);
    return getReview(db, c.id, id);
  }).immediate();
}

export function listReviews(db: ReadDb, caseId: number): LegalReview[] {
  return (stmt(db, `${REVIEW_SELECT} WHERE r.case_id = ? ORDER BY r.id`).all(caseId) as ReviewRow[]).map(rowToReview);
}

function getReview(db: Db, caseId: number, id: number): LegalReview {
  const r = stmt(db, `${REVIEW_SELECT} WHERE r.id = ? AND r.case_id = ?`).get(id, caseId) as ReviewRow | undefined;
  if (!r) throw new AppError('not_found', `There is no legal review ${id} in this case.`);
  return rowToReview(r);
}

/** The review in force: the latest one nobody superseded. */
export const currentReview = (reviews: readonly LegalReview[]): LegalReview | null => reviews.filter((r) => r.supersededBy === null).at(-1) ?? null;

const requireCounsel = (actor: Actor, what: string) => {
  if (actor.role !== 'counsel') throw new AppError('forbidden', `Only counsel ${what}; you are signed in as an officer.`);
};

export function addReview(db: Db, actor: Actor, number: string, f: ReviewFields, supersedes?: number): LegalReview {
  requireCounsel(actor, 'records the legal review');
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    if (supersedes !== undefined) {
      const old = getReview(db, c.id, supersedes);
      if (old.supersededBy !== null) throw new AppError('conflict', `Review ${old.id} was already superseded by review ${old.supersededBy}; supersede that one instead.`);
    }
    const now = new Date().toISOString();
    const info = stmt(db, `INSERT INTO legal_reviews (case_id, privilege, egregious, vsd, culpability_rationale, determination, recommendation, recommendation_rationale, reviewed_by, reviewed_at, supersedes)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c.id, f.privilege, f.egregious ? 1 : 0, f.voluntarilySelfDisclosed ? 1 : 0, f.culpabilityRationale, f.determination, f.recommendation, f.recommendationRationale, actor.name, now, supersedes ?? null);
    const review = getReview(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor.name, { caseId: c.id, entity: 'legal_review', entityId: review.id, action: supersedes ? 'superseded' : 'recorded', ...(supersedes && { before: { review: supersedes } }), after: f }, now);
    return review;
  }).immediate();
}

export function signReview(db: Db, actor: Actor, number: string, id: number, reason: string, signer: Signer): LegalReview {
  requireCounsel(actor, 'signs the legal review');
  if (signer.user.toLowerCase() !== actor.name.toLowerCase()) throw new AppError('forbidden', `${actor.name} can only sign with their own key.`);
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const r = getReview(db, c.id, id);
    if (r.supersededBy !== null) throw new AppError('conflict', `Review ${id} was superseded by review ${r.supersededBy}; sign that one.`);
    if (r.signedBy) throw new AppError('conflict', `Review ${id} was already signed by ${r.signedBy} on ${r.signedAt}.`);
    const now = new Date().toISOString();
    // The sign-off is a signature over the review, the exhibits counsel cites, and the audit head now.
    const sig = signRecord(db, { what: 'legal_review', id, role: 'counsel', signer, signedAt: now, reason });
    stmt(db, 'UPDATE legal_reviews SET signed_by = ?, signed_at = ?, sign_reason = ? WHERE id = ?').run(actor.name, now, reason, id);
    appendAudit(db, actor.name, { caseId: c.id, entity: 'legal_review', entityId: id, action: 'signed', after: { signedBy: actor.name, reason, signature: sig.id, fingerprint: sig.fingerprint } }, now);
    recordCheckpoint(db, signer, 'sign-off', now);
    return getReview(db, c.id, id);
  }).immediate();
}

/**
 * The worksheet for a case. Culpability is what the caller chose, else what counsel's review in
 * force says, else neither egregious nor self-disclosed. The dated statutory amount is the one in
 * force on the assessment date (today unless given); a date before the earliest known amount is
 * refused.
 */
export function caseExposure(db: ReadDb, number: string, choice: Partial<Culpability>, asOf = new Date().toISOString().slice(0, 10)): ExposureReport {
  const c = getCase(db, number);
  const payments = listPayments(db, c.id);
  const review = currentReview(listReviews(db, c.id));
  const fromReview = review ? { egregious: review.egregious, voluntarilySelfDisclosed: review.voluntarilySelfDisclosed } : { egregious: false, voluntarilySelfDisclosed: false };
  const culpability = { ...fromReview, ...choice };
  const source = choice.egregious !== undefined || choice.voluntarilySelfDisclosed !== undefined ? 'input' : review ? 'review' : 'default';
  let max;
  try {
    max = statutoryMaximumOn(listStatutoryMaximums(db), asOf);
  } catch (e) {
    if (e instanceof NoMaximumInForce) throw new AppError('invalid_input', e.message, { issues: [{ path: 'asOf', message: e.message }] });
    throw e;
  }
  const exposure = computeExposure(
    payments.map((p) => ({ id: p.id, paidOn: p.paidOn, usdCents: p.usdCents, unconvertedReason: p.unconvertedReason })),
    culpability,
    { effectiveFrom: max.effectiveFrom, amountCents: max.amountCents },
    asOf,
  );
  return {
    ...exposure,
    culpabilitySource: source,
    reviewId: review?.id ?? null,
    payments,
    missingRates: missingRates(payments),
    rateMaxAgeDays: rateMaxAgeDays(db),
    factors: listFactors(db, c.id),
  };
}

type FactorRow = { factor: FactorKey; assessment: Assessment; note: string; exhibits: string; set_by: string; set_at: string };
const FACTOR_ORDER = "CASE factor WHEN 'wilfulness' THEN 1 WHEN 'awareness' THEN 2 WHEN 'harm' THEN 3 WHEN 'individual' THEN 4 WHEN 'compliance_program' THEN 5 WHEN 'remedial_response' THEN 6 WHEN 'cooperation' THEN 7 WHEN 'timing' THEN 8 WHEN 'other_enforcement' THEN 9 WHEN 'future_compliance' THEN 10 ELSE 11 END";
const rowToFactor = (r: FactorRow): FactorRecord => ({ factor: r.factor, assessment: r.assessment, note: r.note, exhibits: JSON.parse(r.exhibits) as string[], setBy: r.set_by, setAt: r.set_at });

export function listFactors(db: ReadDb, caseId: number): FactorRecord[] {
  return (stmt(db, `SELECT * FROM legal_factors WHERE case_id = ? ORDER BY ${FACTOR_ORDER}`).all(caseId) as FactorRow[]).map(rowToFactor);
}

/** Counsel records (or revises, audited with the earlier view) one General Factor, with the exhibits it rests on. */
export function setFactor(db: Db, actor: Actor, number: string, f: { factor: FactorKey; assessment: Assessment; note: string; exhibits: string[] }): FactorRecord {
  requireCounsel(actor, 'records the General Factors');
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const exhibits = [...new Set(f.exhibits.map((e) => e.toUpperCase()))];
    for (const e of exhibits) {
      try {
        exhibitRow(db, c, e);
      } catch {
        throw new AppError('not_found', `exhibits: there is no exhibit ${e} in ${c.number}.`, { issues: [{ path: 'exhibits', message: `no exhibit ${e} in this case` }] });
      }
    }
    const before = stmt(db, 'SELECT * FROM legal_factors WHERE case_id = ? AND factor = ?').get(c.id, f.factor) as FactorRow | undefined;
    const now = new Date().toISOString();
    stmt(db, `INSERT INTO legal_factors (case_id, factor, assessment, note, exhibits, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id, factor) DO UPDATE SET assessment = excluded.assessment, note = excluded.note, exhibits = excluded.exhibits, set_by = excluded.set_by, set_at = excluded.set_at`)
      .run(c.id, f.factor, f.assessment, f.note, JSON.stringify(exhibits), actor.name, now);
    appendAudit(db, actor.name, {
      caseId: c.id, entity: 'legal_factor', entityId: f.factor, action: before ? 'updated' : 'recorded',
      ...(before && { before: rowToFactor(before) }), after: { factor: `${factorInfo(f.factor).letter}. ${factorInfo(f.factor).label}`, assessment: f.assessment, note: f.note, exhibits },
    }, now);
    return rowToFactor(stmt(db, 'SELECT * FROM legal_factors WHERE case_id = ? AND factor = ?').get(c.id, f.factor) as FactorRow);
  }).immediate();
}
