import type { FindingDraft, Rule } from './rule.ts';
import { na01Countries } from './na01-countries.ts';
import { na01Ips } from './na01-ips.ts';
import { na02Case } from './na02-case.ts';
import { na02CrossCase } from './na02-cross-case.ts';
import { na03Session } from './na03-session.ts';
import { na03Login } from './na03-login.ts';
import { na03Activity } from './na03-activity.ts';
import { na04Ranges } from './na04-ranges.ts';
import { wp01Hours } from './wp01-hours.ts';

/** Every login rule; findings sort in this order. A new rule is a new file, listed here. */
export const RULES: readonly Rule[] = [na01Countries, na01Ips, na02Case, na02CrossCase, na03Session, na03Login, na03Activity, na04Ranges, wp01Hours];

/** The rules' findings, each naming the indicator it serves. */
export const DETECTORS = RULES.map((r) => ({ id: r.detector, indicator: r.indicator, title: r.title }));

const ORDER = new Map(RULES.map((r, i) => [r.detector, i]));

/** Findings in the rules' order, then by time. */
export function sortDrafts(drafts: FindingDraft[]): FindingDraft[] {
  const rank = (d: FindingDraft) => ORDER.get(d.detector) ?? RULES.length;
  return drafts.sort((a, b) => rank(a) - rank(b) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
