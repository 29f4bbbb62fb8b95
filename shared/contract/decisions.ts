import { z } from 'zod';
import { op } from './define.ts';
import { PassphraseInput } from '../session.ts';
import { CaseRef } from '../cases.ts';
import { DecisionFields, TASK_STATUSES, TaskFields, type Decision, type RemediationTask } from '../decisions.ts';
import { IsoDate } from '../payments.ts';

const Id = z.number().int().positive();

export type SignResult = { decision: Decision; caseLocked: boolean };

export const decisionsContract = {
  'decisions.list': op(z.object({ number: CaseRef })).reads<Decision[]>(),
  'decisions.add': op(DecisionFields.extend({ number: CaseRef, supersedes: Id.optional() })).returns<Decision>(),
  /** `reason`: why the signer signs, kept in the audit trail with the signature. `passphrase`: the signer's own, asked again. */
  'decisions.sign': op(z.object({ number: CaseRef, id: Id, reason: z.string().trim().max(2000).optional(), passphrase: PassphraseInput })).returns<SignResult>(),
  'tasks.list': op(z.object({ number: CaseRef })).reads<RemediationTask[]>(),
  'tasks.add': op(TaskFields.extend({ number: CaseRef })).returns<RemediationTask>(),
  'tasks.update': op(
    z.object({
      number: CaseRef,
      id: Id,
      version: z.number().int().min(1),
      patch: z
        .object({
          status: z.enum(TASK_STATUSES),
          owner: TaskFields.shape.owner,
          dueOn: IsoDate,
          evidence: TaskFields.shape.evidence.unwrap(),
          title: TaskFields.shape.title.unwrap(),
        })
        .partial()
        .refine((p) => Object.keys(p).length > 0, 'must change at least one field'),
    }),
  ).returns<RemediationTask>(),
};
