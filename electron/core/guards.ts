import type { Db } from './db/connection.ts';
import type { CaseRecord, CaseStatus } from '../../shared/cases.ts';
import { indicatorsAssessedGuard } from './indicators/guard.ts';

export type Refusal = { message: string; details?: unknown };
export type StatusGuard = (db: Db, c: CaseRecord, to: CaseStatus) => Refusal | null;

/** Domain rules that may refuse a status change. Each domain adds its guard here. */
export const STATUS_GUARDS: StatusGuard[] = [];
STATUS_GUARDS.push(indicatorsAssessedGuard);
