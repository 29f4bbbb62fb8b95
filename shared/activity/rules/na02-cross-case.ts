import type { ActivitySettings } from '../fields.ts';
import { HOUR, iso, MAX_REFS, Slider } from '../span.ts';
import type { FindingDraft, Rule } from './rule.ts';
import { utcText } from '../../text.ts';

export type CrossEvent = { ts: number; caseId: number; number: string; account: string; ref: number };

/**
 * NA-02 (A22) across cases: one IP address used by an account of this case and by one of another
 * case within a window. The pass over this case's events only notes its addresses that other
 * cases also hold (the core does that, as it needs the database); `crossCaseFindings` then judges
 * each such address.
 */
export const na02CrossCase: Rule = {
  detector: 'NA-02/cross-case',
  indicator: 'NA-02',
  title: 'One IP shared with an account of another case',
  settings: ['na02WindowHours'],
  explain: (d) =>
    `The address ${String(d.detail.ip)} was used by ${d.account} in this case and, within ${String(d.detail.windowHours)} hours, in case${(d.detail.otherCases as string[]).length === 1 ? '' : 's'} ${(d.detail.otherCases as string[]).join(', ')} (${utcText(d.from)} – ${utcText(d.to)}).`,
  start: () => null,
};

/**
 * NA-02 across cases for one address: `merged` holds this case's and other cases' events on it,
 * in time order. Returns this case's findings and, by case id, the mirror findings for the others.
 */
export function crossCaseFindings(ip: string, merged: CrossEvent[], caseId: number, caseNumber: string, s: ActivitySettings): { own: FindingDraft[]; mirrored: Map<number, FindingDraft[]> } {
  const own: FindingDraft[] = [];
  const mirrored = new Map<number, FindingDraft[]>();
  const w = s.na02WindowHours * HOUR;
  const spans: CrossEvent[][] = [];
  // The case id is the value that must differ within the window.
  const slider = new Slider<number>(w, (e) => e.importId, (c) => c.has(caseId) && c.size >= 2, (ep) => spans.push(merged.slice(ep.start, ep.end + 1)));
  for (const m of merged) slider.push({ ref: m.ref, importId: m.caseId, ts: m.ts, account: m.account, ip, country: null, session: null, event: null, agent: null, port: null });
  slider.close();
  for (const span of spans) {
    const from = iso(span[0]!.ts);
    const to = iso(span[span.length - 1]!.ts);
    const cases = [...new Set(span.map((m) => m.number))].sort();
    const byCase = Object.fromEntries(cases.map((n) => [n, [...new Set(span.filter((m) => m.number === n).map((m) => m.account))].sort()]));
    const make = (forCase: number, forNumber: string): FindingDraft => {
      const d: FindingDraft = {
        indicator: 'NA-02', detector: 'NA-02/cross-case', account: (byCase[forNumber] ?? []).join(', '), ips: [ip], countries: [], from, to,
        refs: span.filter((m) => m.caseId === forCase).slice(0, MAX_REFS).map((m) => m.ref),
        key: `NA-02/cross-case|${ip}|${from}`,
        detail: { rule: `one IP used in another case within ${s.na02WindowHours} h`, ip, cases, accounts: byCase, otherCases: cases.filter((n) => n !== forNumber), windowHours: s.na02WindowHours, events: span.length },
      };
      d.detail.explanation = na02CrossCase.explain(d);
      return d;
    };
    own.push(make(caseId, caseNumber));
    for (const other of new Set(span.filter((m) => m.caseId !== caseId).map((m) => m.caseId))) {
      const number = span.find((m) => m.caseId === other)!.number;
      mirrored.set(other, [...(mirrored.get(other) ?? []), make(other, number)]);
    }
  }
  return { own, mirrored };
}
