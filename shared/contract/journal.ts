import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { ExhibitRef } from '../evidence.ts';
import { hasBinaryControlChars, hasControlChars } from '../text.ts';
import { TIMELINE_KINDS, type CaseNote, type Observable, type ObservableImportResult, type TimelineEntry } from '../journal.ts';

const Id = z.number().int().min(1);
const Version = z.number().int().min(1);
const FilePath = z.string().trim().min(1, 'is required').max(4096).refine((s) => !hasControlChars(s), 'must not contain control characters');
const At = z.string().trim().min(10, 'is required').max(40);
const Zone = z.string().trim().max(64).refine((s) => !hasControlChars(s), 'must not contain control characters').optional();
const EntryText = z.string().trim().min(3, 'must say what happened (at least 3 characters)').max(4000, 'must be at most 4000 characters').refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');
const Exhibits = z.array(ExhibitRef).max(50, 'at most 50 exhibits').default([]);
const Reason = z.string().trim().min(3, 'must say why (at least 3 characters)').max(2000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');
const NoteBody = z.string().trim().min(1, 'is empty').max(50_000, 'must be at most 50000 characters').refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');
const IndicatorRef = z.string().trim().toUpperCase().regex(/^[A-Z]{2}-\d{2}$/, 'must be an indicator id like NA-01');
const Links = {
  exhibits: Exhibits,
  identifiers: z.array(Id).max(100, 'at most 100 identifiers').default([]),
  indicators: z.array(IndicatorRef).max(100, 'at most 100 indicators').default([]),
};

export const journalContract = {
  /** The case's dated events, oldest first: drawn from its records, plus the officer's own entries. */
  'timeline.list': op(z.object({ number: CaseRef, kinds: z.array(z.enum(TIMELINE_KINDS)).optional() })).reads<TimelineEntry[]>(),
  'timeline.add': op(z.object({ number: CaseRef, at: At, zone: Zone, text: EntryText, exhibits: Exhibits })).returns<TimelineEntry>(),
  'timeline.update': op(
    z.object({ number: CaseRef, id: Id, version: Version, at: At, zone: Zone, text: EntryText, exhibits: Exhibits }),
  ).returns<TimelineEntry>(),
  'timeline.remove': op(z.object({ number: CaseRef, id: Id, reason: Reason })).returns<{ removed: true }>(),
  /** Writes the timeline (or the kinds chosen) as CSV; a bare file name goes to the exports folder. */
  'timeline.export': op(z.object({ number: CaseRef, out: FilePath, kinds: z.array(z.enum(TIMELINE_KINDS)).optional() })).returns<{ file: string; rows: number; sha256: string }>(),

  'notes.list': op(z.object({ number: CaseRef })).reads<CaseNote[]>(),
  'notes.add': op(z.object({ number: CaseRef, body: NoteBody, ...Links })).returns<CaseNote>(),
  'notes.update': op(z.object({ number: CaseRef, id: Id, version: Version, body: NoteBody, ...Links })).returns<CaseNote>(),

  /** Every identifier of the case with where it was seen, other cases holding it and its screening result. */
  'observables.list': op(z.object({ number: CaseRef })).reads<Observable[]>(),
  /**
   * Adds identifiers from pasted text or a file: one value per line (the kind told from its shape)
   * or a CSV whose header names kind and value (and optionally qualifier and subject). All or nothing.
   */
  'identifiers.import': op(
    z
      .object({
        number: CaseRef,
        text: z.string().max(5_000_000, 'must be at most 5 MB').optional(),
        path: FilePath.optional(),
        /** The name of the file the pasted text was read from, for messages. */
        fileName: z.string().trim().max(255).refine((s) => !hasControlChars(s), 'must not contain control characters').optional(),
        subjectId: Id.optional(),
        evidence: ExhibitRef.optional(),
      })
      .refine((x) => (x.text === undefined) !== (x.path === undefined), 'give either the pasted text or a file, not both'),
  ).returns<ObservableImportResult>(),
  'identifiers.export': op(z.object({ number: CaseRef, out: FilePath })).returns<{ file: string; rows: number; sha256: string }>(),
};
