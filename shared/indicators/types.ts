import { z } from 'zod';
import { hasBinaryControlChars } from '../text.ts';
import type { CatalogChange, Indicator } from './catalog.ts';
import type { DiligenceStatus, DiligenceStep } from './diligence.ts';
import type { AssessmentStatus, RiskScore } from './score.ts';

export const ExhibitRef = z.string().trim().toUpperCase().regex(/^E-\d{3,}$/, 'must be an exhibit number like E-001');
export const IndicatorId = z.string().trim().toUpperCase().regex(/^[A-Z]{2}-\d{2}$/, 'must be an indicator id like NA-01');
export const Rationale = z.string().trim().max(10_000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');

export type Assessment = {
  indicator: string;
  status: AssessmentStatus;
  rationale: string;
  exhibits: string[];
  /** Accepted detector findings that back this indicator. */
  findings: number[];
  assessedBy: string | null;
  assessedAt: string | null;
};

export type DiligenceRecord = {
  step: string;
  status: DiligenceStatus;
  date: string | null;
  note: string;
  exhibits: string[];
  doneBy: string | null;
  updatedAt: string | null;
};

export type CaseRisk = RiskScore & { computedAt: string | null; catalogVersion: number };

export type Checklist = {
  caseNumber: string;
  catalogVersion: number;
  latestVersion: number;
  /** What upgrading to the latest catalog would change (empty when current). */
  pendingChanges: CatalogChange[];
  items: { indicator: Indicator; assessment: Assessment }[];
  notAssessed: string[];
  diligence: { step: DiligenceStep; record: DiligenceRecord }[];
  risk: CaseRisk;
};
