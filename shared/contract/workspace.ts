import { z } from 'zod';
import { op } from './define.ts';
import { CaseRef } from '../cases.ts';
import { IsoDate } from '../payments.ts';
import {
  INVESTIGATION_STATUSES,
  InvestigationTaskFields,
  TaskExhibits,
  TaskNotes,
  TemplateFields,
  type CaseOverview,
  type CaseTemplate,
  type Dashboard,
  type InvestigationTask,
} from '../workspace.ts';

const Id = z.number().int().positive();

/** The home dashboard, the case's front page, case templates and investigation tasks. */
export const workspaceContract = {
  'dashboard.get': op(z.object({})).reads<Dashboard>(),
  'cases.overview': op(z.object({ number: CaseRef })).reads<CaseOverview>(),
  'templates.list': op(z.object({ includeRetired: z.boolean().default(false) })).reads<CaseTemplate[]>(),
  /** Every version of one template, newest first. */
  'templates.versions': op(z.object({ id: Id })).reads<CaseTemplate[]>(),
  /** A new template, or (with `id` and the `version` the edit started from) its next version. */
  'templates.save': op(TemplateFields.extend({ id: Id.optional(), version: z.number().int().min(1).optional() })).returns<CaseTemplate>(),
  'templates.retire': op(z.object({ id: Id, retired: z.boolean() })).returns<CaseTemplate>(),
  'investigation.list': op(z.object({ number: CaseRef })).reads<InvestigationTask[]>(),
  'investigation.add': op(InvestigationTaskFields.extend({ number: CaseRef })).returns<InvestigationTask>(),
  'investigation.update': op(
    z.object({
      number: CaseRef,
      id: Id,
      version: z.number().int().min(1),
      patch: z
        .object({
          status: z.enum(INVESTIGATION_STATUSES),
          title: InvestigationTaskFields.shape.title,
          owner: InvestigationTaskFields.shape.owner,
          dueOn: IsoDate,
          notes: TaskNotes,
          exhibits: TaskExhibits,
        })
        .partial()
        .refine((p) => Object.keys(p).length > 0, 'must change at least one field'),
    }),
  ).returns<InvestigationTask>(),
};
