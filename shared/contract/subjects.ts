import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { ExhibitRef } from '../evidence.ts';
import { IDENTIFIER_KINDS, type NormaliseResult } from '../identifiers.ts';
import { hasBinaryControlChars, hasControlChars } from '../text.ts';
import {
  SubjectFields,
  type GraphData,
  type IdentifierFindResult,
  type IdentifierRecord,
  type LinkedCase,
  type SubjectRecord,
} from '../subjects.ts';

const Id = z.number().int().min(1);
const Kind = z.enum(IDENTIFIER_KINDS, { message: `must be one of ${IDENTIFIER_KINDS.join(', ')}` });
const RawValue = z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters');
const Qualifier = z
  .string()
  .trim()
  .max(60, 'must be at most 60 characters')
  .refine((s) => !hasControlChars(s), 'must not contain control characters')
  .optional();
const Reason = z.string().trim().min(3, 'must say why (at least 3 characters)').max(2000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters');

export const subjectsContract = {
  'subjects.add': op(SubjectFields.extend({ number: CaseRef })).returns<SubjectRecord>(),
  'subjects.update': op(
    z.object({
      number: CaseRef,
      id: Id,
      version: Id,
      patch: SubjectFields.partial().refine((p) => Object.values(p).some((v) => v !== undefined), 'must change at least one field'),
    }),
  ).returns<SubjectRecord>(),
  'subjects.list': op(z.object({ number: CaseRef })).reads<SubjectRecord[]>(),
  'identifiers.check': op(z.object({ kind: Kind, value: RawValue, qualifier: Qualifier })).reads<NormaliseResult>(),
  'identifiers.add': op(
    z.object({
      number: CaseRef,
      kind: Kind,
      value: RawValue,
      qualifier: Qualifier,
      subjectId: Id.optional(),
      evidence: ExhibitRef.optional(),
      seenAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-03-01T14:30:00Z' }).optional(),
      note: z.string().trim().max(2000).refine((s) => !hasBinaryControlChars(s), 'must not contain control characters').default(''),
    }),
  ).returns<IdentifierRecord>(),
  'identifiers.list': op(z.object({ number: CaseRef })).reads<IdentifierRecord[]>(),
  'identifiers.remove': op(z.object({ number: CaseRef, id: Id, reason: Reason })).returns<{ removed: true }>(),
  'identifiers.find': op(z.object({ kind: Kind.optional(), value: RawValue, qualifier: Qualifier })).reads<IdentifierFindResult>(),
  'identifiers.linkedCases': op(z.object({ number: CaseRef })).reads<LinkedCase[]>(),
  'identifiers.graph': op(
    z.object({ number: CaseRef.optional(), depth: z.number().int().min(1).max(4).default(2), maxNodes: z.number().int().min(10).max(2000).default(600) }),
  ).reads<GraphData>(),
};
