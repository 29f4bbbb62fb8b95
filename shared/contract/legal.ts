import { z } from 'zod';
import { op } from './define.ts';
import { PassphraseInput } from '../session.ts';
import { CaseRef } from '../cases.ts';
import { IsoDate, type Payment } from '../payments.ts';
import { ReviewFields, type LegalReview } from '../decisions.ts';
import type { Culpability, Exposure, StatutoryMaximum } from '../legal/exposure.ts';
import { ASSESSMENTS, FACTOR_KEYS, type FactorRecord } from '../legal/factors.ts';

const Id = z.number().int().positive();
const Decimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,10})?$/, 'must be a positive decimal number such as 1.0834');

export type ExposureReport = Exposure & {
  /** Where the culpability came from: counsel's latest review, the caller's choice, or the default (neither). */
  culpabilitySource: 'review' | 'input' | 'default';
  reviewId: number | null;
  payments: Payment[];
  missingRates: { currency: string; date: string; reason: 'no rate' | 'stale rate'; staleRateDate: string | null }[];
  /** Days before a payment its rate may be dated. */
  rateMaxAgeDays: number;
  /** Counsel's view of each General Factor recorded so far. */
  factors: FactorRecord[];
};
export type StatutoryMaximumSetting = StatutoryMaximum & { note: string; setBy: string; setAt: string };

export const legalContract = {
  'legal.statutoryMaximums': op(z.object({})).reads<StatutoryMaximumSetting[]>(),
  'legal.setStatutoryMaximum': op(z.object({ effectiveFrom: IsoDate, amountUsd: Decimal, note: z.string().trim().max(500).default('') })).returns<StatutoryMaximumSetting>(),
  'legal.exposure': op(
    z.object({ number: CaseRef, egregious: z.boolean().optional(), voluntarilySelfDisclosed: z.boolean().optional(), asOf: IsoDate.optional() }),
  ).reads<ExposureReport>(),
  'legal.reviews': op(z.object({ number: CaseRef })).reads<LegalReview[]>(),
  'legal.review': op(ReviewFields.extend({ number: CaseRef, supersedes: Id.optional() })).returns<LegalReview>(),
  /** Counsel signs a review: why (`reason`), and their own passphrase again. */
  'legal.signReview': op(
    z.object({ number: CaseRef, id: Id, reason: z.string().trim().min(1, 'is required: say why you sign').max(2000), passphrase: PassphraseInput }),
  ).returns<LegalReview>(),
  /** Counsel shares a privileged review's text with the officers. */
  'legal.shareReview': op(z.object({ number: CaseRef, id: Id })).returns<LegalReview>(),
  'legal.factors': op(z.object({ number: CaseRef })).reads<FactorRecord[]>(),
  'legal.setFactor': op(
    z.object({
      number: CaseRef,
      factor: z.enum(FACTOR_KEYS),
      assessment: z.enum(ASSESSMENTS),
      note: z.string().trim().min(1, 'is required: say why').max(4000),
      exhibits: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
    }),
  ).returns<FactorRecord>(),
};

export type { Culpability };
