import type { ActivitySettings } from '../fields.ts';
import { HOUR, iso, MAX_LISTED, MAX_REFS, Slider } from '../span.ts';
import type { FindingDraft, Rule } from './rule.ts';
import { utcText } from '../../text.ts';

export type CrossEvent = { ts: number; caseId: number; number: string; account: string; ref: number; ip: string };

/**
 * NA-02 (A22) across cases: one IP address used by an account of this case and by one of another
 * case within a window. IPv4 addresses are compared exactly; IPv6 addresses by their /64, since a
 * connection's privacy addresses (RFC 8981) change within its /64 every few hours and a /64 is
 * normally one subscriber's link (RFC 6177). The pass over this case's events only notes its
 * networks that other cases also hold (the core does that, as it needs the database);
 * `crossCaseFindings` then judges each such network.
 */
export const na02CrossCase: Rule = {
  detector: 'NA-02/cross-case',
  indicator: 'NA-02',
  title: 'One IP shared with an account of another case',
  settings: ['na02WindowHours'],
  explain: (d) => {
    const cases = d.detail.otherCases as string[];
    const where = `in case${cases.length === 1 ? '' : 's'} ${cases.join(', ')} (${utcText(d.from)} – ${utcText(d.to)})`;
    return d.detail.compared === 'ipv6-64'
      ? `Addresses in the one IPv6 network ${String(d.detail.ip)} (${d.ips.join(', ')}) were used by ${d.account} in this case and, within ${String(d.detail.windowHours)} hours, ${where}. IPv6 addresses are compared by their /64 network, since one connection's privacy addresses change within it; IPv4 addresses are compared exactly.`
      : `The address ${String(d.detail.ip)} was used by ${d.account} in this case and, within ${String(d.detail.windowHours)} hours, ${where}. IPv4 addresses are compared exactly.`;
  },
  start: () => null,
};

/**
 * NA-02 across cases for one address: `merged` holds this case's and other cases' events on it,
 * in time order. Returns this case's findings and, by case id, the mirror findings for the others.
 */
export function crossCaseFindings(net: string, merged: CrossEvent[], caseId: number, caseNumber: string, s: ActivitySettings): { own: FindingDraft[]; mirrored: Map<number, FindingDraft[]> } {
  const own: FindingDraft[] = [];
  const mirrored = new Map<number, FindingDraft[]>();
  const w = s.na02WindowHours * HOUR;
  const spans: CrossEvent[][] = [];
  // The case id is the value that must differ within the window.
  const slider = new Slider<number>(w, (e) => e.importId, (c) => c.has(caseId) && c.size >= 2, (ep) => spans.push(merged.slice(ep.start, ep.end + 1)));
  for (const m of merged) slider.push({ ref: m.ref, importId: m.caseId, ts: m.ts, account: m.account, ip: m.ip, country: null, session: null, event: null, agent: null, port: null });
  slider.close();
  for (const span of spans) {
    const from = iso(span[0]!.ts);
    const to = iso(span[span.length - 1]!.ts);
    const cases = [...new Set(span.map((m) => m.number))].sort();
    const byCase = Object.fromEntries(cases.map((n) => [n, [...new Set(span.filter((m) => m.number === n).map((m) => m.account))].sort()]));
    const ipv6 = net.includes(':');
    const make = (forCase: number, forNumber: string): FindingDraft => {
      const d: FindingDraft = {
        indicator: 'NA-02', detector: 'NA-02/cross-case', account: (byCase[forNumber] ?? []).join(', '), ips: [...new Set(span.map((m) => m.ip))].sort().slice(0, MAX_LISTED), countries: [], from, to,
        refs: span.filter((m) => m.caseId === forCase).slice(0, MAX_REFS).map((m) => m.ref),
        key: `NA-02/cross-case|${net}|${from}`,
        detail: {
          rule: ipv6 ? `one IPv6 /64 network used in another case within ${s.na02WindowHours} h` : `one IP used in another case within ${s.na02WindowHours} h`,
          ip: net, compared: ipv6 ? 'ipv6-64' : 'ipv4-exact', cases, accounts: byCase, otherCases: cases.filter((n) => n !== forNumber), windowHours: s.na02WindowHours, events: span.length },
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
