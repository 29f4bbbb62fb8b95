import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';

const JobId = z.string().min(1).max(100).optional();
const FilePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'must be at most 4096 characters')
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character');
const Fingerprint = z.string().trim().max(100).regex(/^[0-9a-fA-F ]+$/, 'must be a key fingerprint (hex digits in groups)');

export type BundleSignature = { signer: string; fingerprint: string; what: string; at: string };

export type BundleExportResult = { file: string; parts: number; sha256: string; bytes: number; case: string; encryptedTo: string | null };

export type BundleVerifyResult =
  | {
      ok: true;
      case: string;
      title: string;
      parts: number;
      bytes: number;
      encrypted: boolean;
      exportedAt: string;
      /** Whether this database knows the exporter's key (one of its users, or accepted from an earlier bundle). */
      exporter: { user: string; fingerprint: string; known: boolean; database: string };
      signatures: BundleSignature[];
    }
  | { ok: false; part: string; reason: string };

export type BundleChange = { table: string; key: string; fields: string[] };

export type BundleImportResult = {
  case: { number: string; title: string; status: string };
  newCase: boolean;
  provenance: { exportedBy: string; fingerprint: string; exportedAt: string; database: string };
  previous: { exportedAt: string; importedAt: string } | null;
  changes: { added: Record<string, number>; updated: BundleChange[]; conflicts: BundleChange[]; unchanged: number; auditEvents: number };
  signatures: BundleSignature[];
  parts: number;
};

export type BundleExchange = {
  direction: 'export' | 'import';
  at: string;
  by: string;
  exportedBy: string;
  fingerprint: string;
  exportedAt: string;
  database: string;
  recipient: string | null;
  changes: BundleImportResult['changes'] | null;
};

export const bundleContract = {
  /** Writes one case and everything attached to it to a bundle file, signed by the acting user (their passphrase again). */
  'bundle.export': op(
    z.object({
      number: CaseRef,
      to: FilePath,
      passphrase: z.string().min(1, 'is required').max(1024),
      recipient: z.string().trim().min(1).max(200).optional(),
      jobId: JobId,
    }),
  ).returns<BundleExportResult>(),
  /** Checks a bundle: its manifest, every hash and every signature; reads nothing into the database. */
  'bundle.verify': op(z.object({ path: FilePath, jobId: JobId })).reads<BundleVerifyResult>(),
  /** Adds the bundle's case to this database (or brings an earlier import of it up to date), all or nothing. */
  'bundle.import': op(z.object({ path: FilePath, trust: Fingerprint.optional(), jobId: JobId })).returns<BundleImportResult>(),
  /** The acting user's key for bundles encrypted to them (age1…), created the first time. */
  'bundle.key': op(z.object({})).returns<{ user: string; recipient: string }>(),
  /** Every hand-over of a case: exports from here and imports into here, with who, when and what changed. */
  'bundle.history': op(z.object({ number: CaseRef })).reads<BundleExchange[]>(),
};
