import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { Currency, IsoDate, PaymentFields, type FxRate, type Payment, type PaymentFinding, type Totals } from '../payments.ts';
import { ReviewFields, type LegalReview } from '../decisions.ts';
import type { Culpability, Exposure, StatutoryMaximum } from '../legal/exposure.ts';
import { FileBytes } from './activity.ts';

const Id = z.number().int().positive();
const Decimal = z.string().trim().regex(/^\d{1,15}(\.\d{1,10})?$/, 'must be a positive decimal number such as 1.0834');

export type PaymentsView = { payments: Payment[]; totals: Totals; findings: PaymentFinding[] };
export type ImportResult = { importId: number; imported: number; sha256: string; bytes: number; exhibit: string | null };
export type ExposureReport = Exposure & {
  /** Where the culpability came from: counsel's latest review, the caller's choice, or the default (neither). */
  culpabilitySource: 'review' | 'input' | 'default';
  reviewId: number | null;
  payments: Payment[];
  missingRates: { currency: string; date: string }[];
};
export type StatutoryMaximumSetting = StatutoryMaximum & { note: string; setBy: string; setAt: string };

export const legalContract = {
  'payments.list': op(z.object({ number: CaseRef })).reads<PaymentsView>(),
  'payments.add': op(PaymentFields.extend({ number: CaseRef })).returns<Payment>(),
  'payments.import': op(
    z.object({
      number: CaseRef,
      /** A file the core reads (CLI), or the file's text as the UI read it. */
      path: z.string().min(1).max(4096).optional(),
      fileName: z.string().trim().min(1).max(255).optional(),
      text: z.string().max(50_000_000).optional(),
      /** The file's exact bytes as the UI read them (kept byte for byte as the exhibit). */
      file: FileBytes.optional(),
      jobId: z.string().max(100).optional(),
    }).refine((i) => [i.path, i.text, i.file].filter((s) => s !== undefined).length === 1, 'give one of path, text or file'),
  ).returns<ImportResult>(),
  'rates.list': op(z.object({ currency: Currency.optional() })).reads<FxRate[]>(),
  'rates.set': op(z.object({ currency: Currency, date: IsoDate, usdPerUnit: Decimal })).returns<FxRate>(),
  'legal.statutoryMaximums': op(z.object({})).reads<StatutoryMaximumSetting[]>(),
  'legal.setStatutoryMaximum': op(z.object({ effectiveFrom: IsoDate, amountUsd: Decimal, note: z.string().trim().max(500).default('') })).returns<StatutoryMaximumSetting>(),
  'legal.exposure': op(
    z.object({ number: CaseRef, egregious: z.boolean().optional(), voluntarilySelfDisclosed: z.boolean().optional(), asOf: IsoDate.optional() }),
  ).reads<ExposureReport>(),
  'legal.reviews': op(z.object({ number: CaseRef })).reads<LegalReview[]>(),
  'legal.review': op(ReviewFields.extend({ number: CaseRef, supersedes: Id.optional() })).returns<LegalReview>(),
  'legal.signReview': op(z.object({ number: CaseRef, id: Id })).returns<LegalReview>(),
};

export type { Culpability };
