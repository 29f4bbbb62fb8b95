import type { StatusGuard } from './cases/status-guard.ts';
import { indicatorsAssessedGuard } from './indicators/guard.ts';

export type { Refusal, StatusGuard } from './cases/status-guard.ts';

/** Domain rules that may refuse a status change. Each domain adds its guard here. */
export const STATUS_GUARDS: StatusGuard[] = [];
STATUS_GUARDS.push(indicatorsAssessedGuard);
