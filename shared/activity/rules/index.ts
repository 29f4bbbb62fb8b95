import type { FindingDraft, Rule } from './rule.ts';
import { na01Travel } from './na01-travel.ts';
import { na01Countries } from './na01-countries.ts';
import { na01Ips } from './na01-ips.ts';
import { na02Case } from './na02-case.ts';
import { na02CrossCase } from './na02-cross-case.ts';
import { na03Session } from './na03-session.ts';
import { na03Login } from './na03-login.ts';
import { na03Activity } from './na03-activity.ts';
import { na04Ranges } from './na04-ranges.ts';
import { na04Rdp } from './na04-rdp.ts';
import { na05Agent } from './na05-agent.ts';
import { na08Location } from './na08-location.ts';
import { wp01Hours } from './wp01-hours.ts';
import type { DeviceRule } from './device-rule.ts';
import { eq02LaptopFarm } from './eq02-laptop-farm.ts';
import { na05Software } from './na05-software.ts';

/** Every login rule; findings sort in this order. A new rule is a new file, listed here. */
export const RULES: readonly Rule[] = [na01Travel, na01Countries, na01Ips, na02Case, na02CrossCase, na03Session, na03Login, na03Activity, na04Ranges, na04Rdp, na05Agent, na08Location, wp01Hours];

/** Every rule over the case's company devices (a device inventory). */
export const DEVICE_RULES: readonly DeviceRule[] = [na05Software, eq02LaptopFarm];

/** Every finding the rules raise, each naming the indicator it serves (the device rules' come after). */
export const DETECTORS = [
  ...RULES.flatMap((r) => [{ id: r.detector, indicator: r.indicator, title: r.title }, ...(r.also ?? []).map((a) => ({ id: a.detector, indicator: r.indicator, title: a.title }))]),
  ...DEVICE_RULES.map((r) => ({ id: r.detector, indicator: r.indicator, title: r.title })),
];

const ORDER = new Map(DETECTORS.map((d, i) => [d.id, i]));

/** Findings in the rules' order, then by time. */
export function sortDrafts(drafts: FindingDraft[]): FindingDraft[] {
  const rank = (d: FindingDraft) => ORDER.get(d.detector) ?? DETECTORS.length;
  return drafts.sort((a, b) => rank(a) - rank(b) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
