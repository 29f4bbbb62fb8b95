import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { ACTIVITY_FIELDS, ActivitySettings } from '../activity/fields.ts';
import { isValidZone } from '../activity/hours.ts';
import { CIDR_KINDS, FINDING_STATUSES, type CidrList, type Finding, type Heatmap, type ImportPreview, type ImportRecord, type ImportResult } from '../activity/types.ts';
import { Rationale } from '../indicators/types.ts';
import type { DeviceImportResult, DeviceRecord } from '../activity/devices.ts';
import { hasControlChars } from '../text.ts';
import { MAX_UPLOAD_BYTES } from '../evidence.ts';

const FilePath = z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'must be a file path');
const Zone = z.string().trim().max(64).refine(isValidZone, 'must be an IANA time zone such as Europe/Berlin');
const JobId = z.string().min(1).max(100).optional();
/** A file picked in the browser harness or pasted: its name and bytes (the desktop app passes a path). */
export const FileBytes = z.object({ name: z.string().min(1).max(255), base64: z.string().max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, 'file too large to send; import it by path') });
const oneSource = (v: { path?: string | undefined; file?: unknown }) => (v.path === undefined) !== (v.file === undefined);
const SOURCE_MESSAGE = { message: 'give either a file path or the file itself', path: ['path'] };

export const activityContract = {
  'activity.preview': op(z.object({ path: FilePath.optional(), file: FileBytes.optional() }).refine(oneSource, SOURCE_MESSAGE)).returns<ImportPreview>(),
  'activity.import': op(
    z.object({
      number: CaseRef,
      path: FilePath.optional(),
      file: FileBytes.optional(),
      subject: z.string().trim().min(1).max(100).optional(),
      zone: Zone.optional(),
      mapping: z.record(z.string().min(1).max(200), z.enum(ACTIVITY_FIELDS)).default({}),
      jobId: JobId,
    }).refine(oneSource, SOURCE_MESSAGE),
  ).returns<ImportResult>(),
  'activity.imports': op(z.object({ number: CaseRef })).reads<ImportRecord[]>(),
  'activity.findings': op(z.object({ number: CaseRef, status: z.enum(FINDING_STATUSES).optional() })).reads<Finding[]>(),
  'activity.accept': op(z.object({ number: CaseRef, finding: z.number().int().min(1), rationale: Rationale.optional() })).returns<Finding>(),
  'activity.dismiss': op(z.object({ number: CaseRef, finding: z.number().int().min(1), reason: Rationale.pipe(z.string().min(1, 'is required to dismiss a finding')) })).returns<Finding>(),
  'activity.analyse': op(z.object({ number: CaseRef, zone: Zone.optional(), jobId: JobId })).returns<Finding[]>(),
  'activity.heatmap': op(z.object({ number: CaseRef, account: z.string().max(320).optional(), zone: Zone.optional() })).reads<Heatmap>(),
  'activity.settings': op(z.object({})).reads<ActivitySettings>(),
  'activity.setSettings': op(ActivitySettings.partial().strict()).returns<ActivitySettings>(),
  'activity.cidrImport': op(
    z.object({
      name: z.string().trim().min(1).max(100).refine((s) => !hasControlChars(s), 'must be one line'),
      kind: z.enum(CIDR_KINDS),
      path: FilePath,
    }),
  ).returns<CidrList>(),
  'activity.cidrLists': op(z.object({})).reads<CidrList[]>(),
  'activity.devicesImport': op(z.object({ number: CaseRef, path: FilePath.optional(), file: FileBytes.optional(), jobId: JobId }).refine(oneSource, SOURCE_MESSAGE)).returns<DeviceImportResult>(),
  'activity.devices': op(z.object({ number: CaseRef })).reads<DeviceRecord[]>(),
};
