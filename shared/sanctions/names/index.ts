/**
 * Name matching for sanctions screening: pure functions over names (no database), shared by the
 * core's screening and by tests. `matchNames(query, listed)` is the whole pipeline.
 */
import { normaliseName, type NameKind } from './normalise.ts';
import { compareNames, type NameMatch } from './score.ts';

export { normaliseName, fold, spellingKey, skeleton, koreanKeys, indexKeys, queryKeys, type Name, type Token, type NameKind } from './normalise.ts';
export { compareNames, DEFAULT_THRESHOLD, type NameMatch } from './score.ts';

/** Normalises both names and compares them; `kind` is the parties' type when known. */
export const matchNames = (query: string, listed: string, kind?: NameKind): NameMatch => compareNames(normaliseName(query, kind), normaliseName(listed, kind));
