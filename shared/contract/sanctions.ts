import { z } from 'zod';
import { op } from './define.ts';
import { hasControlChars } from '../text.ts';
import type { BatchResult, CaseHit, CaseScreening, EntryDetail, ImportResult, ListVersion, RescreenResult, SanctionsSettings, ScreenResult } from '../sanctions/types.ts';
import { CaseRef } from '../cases.ts';

const FilePath = z.string().trim().min(1, 'is required').max(4096).refine((s) => !hasControlChars(s), 'must not contain control characters');
const JobId = z.string().min(1).max(100).optional();
const VersionId = z.number().int().min(1).optional();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date');
const Threshold = z.number().min(0.5, 'must be at least 0.5').max(1, 'must be at most 1');

export const sanctionsContract = {
  'sanctions.import': op(z.object({ sdn: FilePath, alt: FilePath.optional(), add: FilePath.optional(), comments: FilePath.optional(), list: z.enum(['SDN', 'CONS']).optional(), published: IsoDate.optional(), jobId: JobId })).returns<ImportResult>(),
  'sanctions.versions': op(z.object({})).reads<ListVersion[]>(),
  'sanctions.screenName': op(
    z.object({
      name: z.string().trim().min(1, 'is required').max(300),
      type: z.enum(['individual', 'entity']).optional(),
      limit: z.number().int().min(1).max(200).optional(),
      threshold: Threshold.optional(),
      version: VersionId,
      dob: z.string().trim().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date as YYYY-MM-DD, YYYY-MM or YYYY').optional(),
      nationality: z.string().trim().min(2, 'must be a country code like KP or a country name').max(100).optional(),
      gender: z.enum(['male', 'female']).optional(),
    }),
  ).returns<ScreenResult>(),
  'sanctions.screenIdentifier': op(z.object({ value: z.string().trim().min(1, 'is required').max(300), version: VersionId })).returns<ScreenResult>(),
  'sanctions.screenFile': op(z.object({ file: FilePath, out: FilePath.optional(), threshold: Threshold.optional(), version: VersionId, jobId: JobId })).returns<BatchResult>(),
  'sanctions.entry': op(z.object({ entNum: z.number().int().min(1), version: VersionId })).reads<EntryDetail>(),
  'sanctions.settings': op(z.object({})).reads<SanctionsSettings>(),
  'sanctions.setThreshold': op(z.object({ threshold: Threshold })).returns<SanctionsSettings>(),
  'sanctions.screenCase': op(z.object({ number: CaseRef, version: VersionId })).returns<CaseScreening>(),
  'sanctions.caseScreenings': op(z.object({ number: CaseRef })).reads<CaseScreening[]>(),
  'sanctions.decideHit': op(
    z.object({
      number: CaseRef,
      hit: z.number().int().min(1),
      decision: z.enum(['confirmed', 'dismissed']),
      reason: z.string().trim().min(1, 'is required').max(5000),
    }),
  ).returns<CaseHit>(),
  'sanctions.rescreenOpenCases': op(z.object({ version: VersionId, jobId: JobId })).returns<RescreenResult>(),
};
