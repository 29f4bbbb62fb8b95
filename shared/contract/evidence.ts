import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import type { AuditEvent } from '../audit.ts';
import { hasBinaryControlChars } from '../text.ts';
import {
  ExhibitMeta,
  ExhibitRef,
  MAX_UPLOAD_BYTES,
  type AddExhibitsResult,
  type EvidenceVerifyResult,
  type Exhibit,
  type ExhibitPreview,
} from '../evidence.ts';

const JobId = z.string().min(1).max(100).optional();
const FilePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'must be at most 4096 characters')
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character');
const Base64 = z
  .string()
  .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; add larger files by path`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const evidenceContract = {
  /** Files by path: from the desktop's file dialog or a drop, or the CLI. */
  'evidence.addFiles': op(
    ExhibitMeta.extend({ number: CaseRef, paths: z.array(FilePath).min(1, 'needs at least one file').max(1000, 'at most 1000 files at once'), jobId: JobId }),
  ).returns<AddExhibitsResult>(),
  /** Files as bytes: screenshots pasted in the app, and files picked in the browser harness. */
  'evidence.addBytes': op(
    ExhibitMeta.extend({
      number: CaseRef,
      files: z.array(z.object({ name: z.string().max(4096), base64: Base64 })).min(1, 'needs at least one file').max(100),
    }),
  ).returns<AddExhibitsResult>(),
  'evidence.addNote': op(
    ExhibitMeta.extend({
      number: CaseRef,
      title: ExhibitMeta.shape.title.unwrap().pipe(z.string().min(1, 'is required')),
      text: z.string().trim().min(1, 'is required').max(100_000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters'),
    }),
  ).returns<Exhibit>(),
  'evidence.addUrl': op(
    ExhibitMeta.extend({
      number: CaseRef,
      url: z
        .string()
        .trim()
        .max(4000)
        .refine((s) => {
          try {
            return ['http:', 'https:'].includes(new URL(s).protocol);
          } catch {
            return false;
          }
        }, 'must be a web address starting with http:// or https://'),
    }),
  ).returns<Exhibit>(),
  'evidence.list': op(z.object({ number: CaseRef })).reads<Exhibit[]>(),
  'evidence.custody': op(z.object({ number: CaseRef, exhibit: ExhibitRef })).reads<AuditEvent[]>(),
  'evidence.view': op(z.object({ number: CaseRef, exhibit: ExhibitRef })).returns<ExhibitPreview>(),
  'evidence.export': op(z.object({ number: CaseRef, exhibit: ExhibitRef, directory: FilePath })).returns<{ path: string; sha256: string }>(),
  'evidence.retract': op(
    z.object({
      number: CaseRef,
      exhibit: ExhibitRef,
      reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(2000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters'),
    }),
  ).returns<Exhibit>(),
  /**
   * Corrects an exhibit's description of itself (title, source, description, when and by whom it
   * was acquired); audited with before and after. The stored file and its SHA-256 never change: a
   * note's or URL record's hash covers its description and acquisition time, so those stay fixed.
   */
  'evidence.update': op(
    z.object({
      number: CaseRef,
      exhibit: ExhibitRef,
      patch: ExhibitMeta.extend({ acquiredBy: ExhibitMeta.shape.source.unwrap().pipe(z.string().min(1, 'is required')).optional() })
        .refine((p) => Object.values(p).some((v) => v !== undefined), 'change at least one field'),
      reason: z.string().trim().max(2000).optional(),
    }),
  ).returns<Exhibit>(),
  'evidence.linkSubject': op(z.object({ number: CaseRef, exhibit: ExhibitRef, subjectId: z.number().int().min(1) })).returns<Exhibit>(),
  /** Re-hashes stored files: one exhibit, one case, or (with neither) everything. */
  'evidence.verify': op(z.object({ number: CaseRef.optional(), exhibit: ExhibitRef.optional(), jobId: JobId })).returns<EvidenceVerifyResult>(),
  /** Stored files no exhibit names and temporary files a crash left; with `repair`, removes them (never one a running job uses). */
  'evidence.orphans': op(z.object({ repair: z.boolean().default(false) }).strict()).returns<OrphanReport>(),
};

/** What `evidence.orphans` found (paths relative to the data folder). `ok` when nothing is left behind. */
export type OrphanReport = {
  ok: boolean;
  orphans: { path: string; kind: 'stored file' | 'temporary file'; bytes: number; removed: boolean }[];
  count: number;
  bytes: number;
  removed: number;
  removedBytes: number;
  /** Files left alone because a running job may be writing or about to file them. */
  inUse: number;
};
