/**
 * The General Factors OFAC weighs in a civil penalty (31 CFR 501 App. A, section III). The base
 * amount from the matrix is adjusted up or down by them; the Guidelines give no fixed
 * percentage, so Casebook records counsel's view of each factor and computes none.
 */
export const FACTORS = [
  { key: 'wilfulness', letter: 'A', label: 'Wilfulness or recklessness', egregiousness: true },
  { key: 'awareness', letter: 'B', label: 'Awareness of the conduct at issue', egregiousness: true },
  { key: 'harm', letter: 'C', label: 'Harm to sanctions program objectives', egregiousness: true },
  { key: 'individual', letter: 'D', label: 'Individual characteristics', egregiousness: true },
  { key: 'compliance_program', letter: 'E', label: 'Compliance program', egregiousness: false },
  { key: 'remedial_response', letter: 'F', label: 'Remedial response', egregiousness: false },
  { key: 'cooperation', letter: 'G', label: 'Cooperation with OFAC', egregiousness: false },
  { key: 'timing', letter: 'H', label: 'Timing of the apparent violation in relation to the sanctions', egregiousness: false },
  { key: 'other_enforcement', letter: 'I', label: 'Other enforcement action', egregiousness: false },
  { key: 'future_compliance', letter: 'J', label: 'Future compliance and deterrence effect', egregiousness: false },
  { key: 'other', letter: 'K', label: 'Other relevant factors', egregiousness: false },
] as const;

export type FactorKey = (typeof FACTORS)[number]['key'];
export const FACTOR_KEYS = FACTORS.map((f) => f.key) as unknown as readonly [FactorKey, ...FactorKey[]];

export const ASSESSMENTS = ['aggravating', 'mitigating', 'neutral'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export const ASSESSMENT_LABELS: Record<Assessment, string> = { aggravating: 'Aggravating', mitigating: 'Mitigating', neutral: 'Neutral' };

export type FactorRecord = { factor: FactorKey; assessment: Assessment; note: string; exhibits: string[]; setBy: string; setAt: string };

export const factorInfo = (key: FactorKey) => FACTORS.find((f) => f.key === key)!;

/** Section V.B.1: whether a case is egregious turns mainly on factors A to D. */
export const EGREGIOUSNESS_FACTORS: readonly FactorKey[] = FACTORS.filter((f) => f.egregiousness).map((f) => f.key);

export const FACTORS_CITE = '31 CFR 501 App. A, section III (General Factors); section V.B.1 (egregiousness rests mainly on factors A–D)';
export const FACTORS_NOTE =
  'The General Factors adjust the base amount up or down; the Enforcement Guidelines give no fixed percentage for any of them, so this worksheet shows the base amount and counsel’s view of each factor, and computes no adjustment.';
