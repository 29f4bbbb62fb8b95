import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { CATEGORIES, type CatalogChange, type Indicator } from '../indicators/catalog.ts';
import { DILIGENCE_STATUSES, type DiligenceStep } from '../indicators/diligence.ts';
import { ASSESSMENT_STATUSES, type Weights } from '../indicators/score.ts';
import { SOURCES } from '../indicators/sources.ts';
import { ExhibitRef, IndicatorId, Rationale, type Assessment, type CaseRisk, type Checklist, type DiligenceRecord } from '../indicators/types.ts';

export const indicatorsContract = {
  'indicators.catalog': op(z.object({ version: z.number().int().min(1).optional() })).reads<{
    version: number;
    date: string;
    indicators: Indicator[];
    categories: typeof CATEGORIES;
    sources: typeof SOURCES;
    diligence: DiligenceStep[];
  }>(),
  'indicators.checklist': op(z.object({ number: CaseRef })).reads<Checklist>(),
  'indicators.assess': op(
    z.object({
      number: CaseRef,
      indicator: IndicatorId,
      status: z.enum(ASSESSMENT_STATUSES),
      rationale: Rationale.default(''),
      exhibits: z.array(ExhibitRef).max(200).default([]).transform((xs) => [...new Set(xs)].sort()),
    }),
  ).returns<Assessment>(),
  /** One rationale for several indicators at once: only "absent" or "not applicable" (no evidence to link). */
  'indicators.assessMany': op(
    z.object({
      number: CaseRef,
      indicators: z.array(IndicatorId).min(1, 'choose at least one indicator').max(200).transform((xs) => [...new Set(xs)]),
      status: z.enum(['absent', 'not_applicable']),
      rationale: Rationale,
    }),
  ).returns<Assessment[]>(),
  'indicators.diligence': op(
    z.object({
      number: CaseRef,
      step: z.string().trim().toUpperCase().regex(/^DD-\d{2}$/, 'must be a step id like DD-01'),
      status: z.enum(DILIGENCE_STATUSES),
      date: z.iso.date().nullable().default(null),
      note: Rationale.default(''),
      exhibits: z.array(ExhibitRef).max(200).default([]).transform((xs) => [...new Set(xs)].sort()),
    }),
  ).returns<DiligenceRecord>(),
  'indicators.upgrade': op(z.object({ number: CaseRef })).returns<{ from: number; to: number; changes: CatalogChange[] }>(),
  'indicators.risk': op(z.object({ number: CaseRef })).reads<CaseRisk>(),
  'indicators.weights': op(z.object({})).reads<{ weights: Weights; defaults: Weights }>(),
  'indicators.setWeights': op(
    z.object({ weights: z.record(IndicatorId, z.number().int().min(0).max(100)), reset: z.boolean().default(false) }),
  ).returns<{ weights: Weights; defaults: Weights; rescored: number }>(),
};
