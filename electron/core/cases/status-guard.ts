import type { ReadDb } from '../db/handle.ts';
import type { CaseRecord, CaseStatus } from '../../../shared/cases.ts';

export type Refusal = { message: string; details?: unknown };

/** A domain's rule that may refuse a case's status change. It only reads. */
export type StatusGuard = (db: ReadDb, c: CaseRecord, to: CaseStatus) => Refusal | null;
