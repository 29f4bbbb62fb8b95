import { z } from 'zod';
import { hasBinaryControlChars, hasControlChars } from './text.ts';

export const EXHIBIT_KINDS = ['file', 'note', 'url'] as const;
export type ExhibitKind = (typeof EXHIBIT_KINDS)[number];

export const EXHIBIT_NUMBER_RE = /^E-\d{3,}$/;
export const ExhibitRef = z.string().trim().toUpperCase().regex(EXHIBIT_NUMBER_RE, 'must be an exhibit number like E-001');
export const exhibitNumber = (seq: number): string => `E-${String(seq).padStart(3, '0')}`;

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasControlChars(s), 'must not contain control characters or line breaks');
const longText = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');

/** The facts an officer records about an exhibit, whatever its kind. */
export const ExhibitMeta = z.object({
  title: oneLine(200).optional(),
  description: longText(20_000).optional(),
  source: oneLine(500).optional(),
  acquiredAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-03-01T14:30:00Z' }).optional(),
});

/** Above this the renderer sends a path instead of bytes; base64 over IPC/HTTP is for screenshots and small files. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Longest original file name kept; longer ones are shortened (the name is a label, never a path). */
export const MAX_NAME_CHARS = 255;

export type CustodyAction = 'added' | 'viewed' | 'exported' | 'verified' | 'retracted' | 'linked';

export type Exhibit = {
  id: number;
  caseNumber: string;
  number: string;
  kind: ExhibitKind;
  title: string;
  description: string;
  source: string;
  acquiredAt: string;
  acquiredBy: string;
  originalName: string | null;
  size: number;
  mime: string;
  sha256: string;
  url: string | null;
  text: string | null;
  subjects: { id: number; name: string }[];
  createdAt: string;
  createdBy: string;
  retracted: { at: string; by: string; reason: string } | null;
};

export type AddExhibitsResult = {
  added: Exhibit[];
  /** Files already in this case (same SHA-256): not added again. */
  duplicates: { name: string; sha256: string; exhibit: string }[];
};

export type VerifyProblem = 'missing' | 'altered' | 'unreadable';

export type VerifyFinding = {
  caseNumber: string;
  exhibit: string;
  sha256: string;
  problem: VerifyProblem;
  message: string;
};

export type EvidenceVerifyResult = {
  ok: boolean;
  exhibits: number;
  files: number;
  bytes: number;
  findings: VerifyFinding[];
};

export type PreviewKind = 'image' | 'pdf' | 'text' | 'none';
export type ExhibitPreview = { exhibit: Exhibit; preview: PreviewKind; mime: string; base64: string | null; text: string | null; reason: string | null };

/** Which MIME types the app shows inline; everything else is export-only. */
export function previewKind(mime: string): PreviewKind {
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(mime)) return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('text/') || mime === 'application/json') return 'text';
  return 'none';
}

export const humanSize = (n: number): string => {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
};
