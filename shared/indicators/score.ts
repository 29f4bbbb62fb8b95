import type { Indicator } from './catalog.ts';

export const ASSESSMENT_STATUSES = ['not_assessed', 'present', 'absent', 'inconclusive', 'not_applicable'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ASSESSMENT_LABELS: Record<AssessmentStatus, string> = {
  not_assessed: 'Not assessed',
  present: 'Present',
  absent: 'Absent',
  inconclusive: 'Inconclusive',
  not_applicable: 'Not applicable',
};

export const RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/**
 * The risk score, written so that an officer can redo it by hand:
 *
 *   points(indicator) = weight × 1    when present
 *                     = weight × 0.5  when inconclusive
 *                     = 0             otherwise (absent, not applicable, not assessed)
 *   score             = min(100, round(Σ points))
 *   band              = low < 25 ≤ medium < 50 ≤ high < 75 ≤ critical
 *
 * Weights are whole numbers from 0 to 100 (defaults in the catalog, overridable in settings).
 * A sanctioned counterparty (EN-01, PY-07; weight 75) therefore makes a case critical on its own.
 */
export const STATUS_FACTOR: Record<AssessmentStatus, number> = {
  present: 1,
  inconclusive: 0.5,
  absent: 0,
  not_applicable: 0,
  not_assessed: 0,
};

export const BAND_FLOORS: Record<RiskBand, number> = { low: 0, medium: 25, high: 50, critical: 75 };

export const bandFor = (score: number): RiskBand =>
  score >= BAND_FLOORS.critical ? 'critical' : score >= BAND_FLOORS.high ? 'high' : score >= BAND_FLOORS.medium ? 'medium' : 'low';

export type Weights = Record<string, number>;
export type Contribution = { indicator: string; status: AssessmentStatus; weight: number; points: number };
export type RiskScore = { score: number; band: RiskBand; contributions: Contribution[]; weights: Weights; capped: boolean };

export const defaultWeights = (indicators: Indicator[]): Weights => Object.fromEntries(indicators.map((i) => [i.id, i.weight]));

/** Computes the score from each indicator's status; contributions list every indicator that adds points, largest first. */
export function riskScore(indicators: Indicator[], statuses: Record<string, AssessmentStatus>, weights: Weights): RiskScore {
  const contributions: Contribution[] = [];
  let sum = 0;
  const used: Weights = {};
  for (const ind of indicators) {
    const weight = weights[ind.id] ?? ind.weight;
    used[ind.id] = weight;
    const status = statuses[ind.id] ?? 'not_assessed';
    const points = weight * STATUS_FACTOR[status];
    if (points > 0) contributions.push({ indicator: ind.id, status, weight, points });
    sum += points;
  }
  contributions.sort((a, b) => b.points - a.points || a.indicator.localeCompare(b.indicator));
  const score = Math.min(100, Math.round(sum));
  return { score, band: bandFor(score), contributions, weights: used, capped: sum > 100 };
}
