import { z } from 'zod';
import { op } from './define.ts';
import {
  CASE_STATUSES,
  CaseFields,
  CaseListQuery,
  CaseRef,
  type CaseListResult,
  type CaseListView,
  type CaseRecord,
} from '../cases.ts';
import type { AuditEvent } from '../audit.ts';

const ViewSchema = z.object({
  sort: z.string().max(40),
  desc: z.boolean(),
  filters: z.record(z.string(), z.unknown()),
  hiddenColumns: z.array(z.string().max(40)).max(40),
});

export const casesContract = {
  'cases.create': op(
    CaseFields.partial({ summary: true, priority: true, assignee: true, tags: true }).extend({
      summary: CaseFields.shape.summary.default(''),
      // Absent: the template's priority, else medium.
      priority: CaseFields.shape.priority.optional(),
      assignee: CaseFields.shape.assignee.default(''),
      tags: CaseFields.shape.tags.default([]),
      /** The name of a case template: pre-fills priority and tags, adds its investigation tasks, records its version. */
      template: z.string().trim().min(1).max(120).optional(),
    }),
  ).returns<CaseRecord>(),
  'cases.get': op(z.object({ number: CaseRef })).reads<CaseRecord>(),
  'cases.list': op(CaseListQuery).reads<CaseListResult>(),
  'cases.update': op(
    z.object({
      number: CaseRef,
      version: z.number().int().min(1),
      patch: CaseFields.partial().refine((p) => Object.keys(p).length > 0, 'must change at least one field'),
    }),
  ).returns<CaseRecord>(),
  'cases.setStatus': op(
    z.object({
      number: CaseRef,
      to: z.enum(CASE_STATUSES),
      note: z.string().trim().max(5000).optional(),
    }),
  ).returns<CaseRecord>(),
  'cases.audit': op(z.object({ number: CaseRef })).reads<AuditEvent[]>(),
  'cases.assignees': op(z.object({})).reads<string[]>(),
  'cases.tags': op(z.object({})).reads<string[]>(),
  'cases.getView': op(z.object({})).reads<CaseListView | null>(),
  'cases.saveView': op(ViewSchema).returns<{ saved: true }>(),
};
