import type { Db } from '../db/connection.ts';
import type { ActivitySettings } from '../../../shared/activity/fields.ts';
import {
  detectNa01, detectNa02, detectNa03, detectNa04, detectWp01, groupBy, slide, timeOrder,
  type EventColumns, type FindingDraft, type Groups,
} from '../../../shared/activity/detectors.ts';
import { rangeMatcher } from './cidr.ts';

/** What a detector sees: the case's events (grouped once), thresholds, and the database for cross-case look-ups. */
export type DetectContext = {
  db: Db;
  caseId: number;
  caseNumber: string;
  events: EventColumns;
  byAccount: Groups;
  byIp: Groups;
  bySession: Groups;
  settings: ActivitySettings;
  zoneOf: (account: string) => string | null;
  /** Findings a detector raises in other cases (cross-case links), by case id. */
  mirrored: Map<number, FindingDraft[]>;
};

/** A detector names the indicator it serves. The payments work registers its own here. */
export type Detector = { id: string; indicator: string; title: string; run: (ctx: DetectContext) => FindingDraft[] };

export function prepare(db: Db, caseId: number, caseNumber: string, events: EventColumns, settings: ActivitySettings, zoneOf: (a: string) => string | null): DetectContext {
  const order = timeOrder(events);
  return {
    db, caseId, caseNumber, events, settings, zoneOf, mirrored: new Map(),
    byAccount: groupBy(order, events.account, events.dict.accounts.length),
    byIp: groupBy(order, events.ip, events.dict.ips.length),
    bySession: groupBy(order, events.session, events.dict.sessions.length),
  };
}

/**
 * NA-02 across cases: this case's IP used by an account of another case within the window.
 * Returns this case's findings and records the mirror findings for the other cases in ctx.mirrored.
 */
export function crossCase(ctx: DetectContext): FindingDraft[] {
  const { db, caseId, events: ev, byIp, settings: s, mirrored } = ctx;
  const own: FindingDraft[] = [];
  const candidates = db.prepare('SELECT s.case_id, c.number, s.first_ts, s.last_ts FROM case_ips s JOIN cases c ON c.id = s.case_id WHERE s.ip = ? AND s.case_id <> ?');
  const fetch = db.prepare('SELECT id, account, ts FROM login_events WHERE case_id = ? AND ts BETWEEN ? AND ? AND ip = ? ORDER BY ts, id');
  const w = s.na02WindowHours * 3_600_000;
  for (let p = 0; p < ev.dict.ips.length; p++) {
    const lo = byIp.starts[p]!;
    const hi = byIp.starts[p + 1]!;
    if (lo === hi) continue;
    const ip = ev.dict.ips[p]!;
    const first = ev.ts[byIp.order[lo]!]! - w;
    const last = ev.ts[byIp.order[hi - 1]!]! + w;
    const near = (candidates.all(ip, caseId) as { case_id: number; number: string; first_ts: number; last_ts: number }[]).filter((r) => r.first_ts <= last && r.last_ts >= first);
    if (near.length === 0) continue;
    type E = { ts: number; caseId: number; number: string; account: string; ref: number };
    const merged: E[] = [];
    for (const other of new Map(near.map((r) => [r.case_id, r.number]))) {
      for (const e of fetch.all(other[0], first, last, ip) as { id: number; account: string; ts: number }[]) {
        merged.push({ ts: e.ts, caseId: other[0], number: other[1], account: e.account, ref: e.id });
      }
    }
    for (let k = lo; k < hi; k++) {
      const i = byIp.order[k]!;
      merged.push({ ts: ev.ts[i]!, caseId, number: ctx.caseNumber, account: ev.dict.accounts[ev.account[i]!]!, ref: ev.ref[i]! });
    }
    merged.sort((a, b) => a.ts - b.ts || a.ref - b.ref);
    const idx = Uint32Array.from(merged.keys());
    const ts = merged.map((m) => m.ts);
    for (const e of slide(idx, 0, merged.length, ts, (i) => merged[i]!.caseId, w, (c) => c.has(caseId) && c.size >= 2)) {
      const span = merged.slice(e.start, e.end + 1);
      const from = new Date(span[0]!.ts).toISOString();
      const to = new Date(span[span.length - 1]!.ts).toISOString();
      const cases = [...new Set(span.map((m) => m.number))].sort();
      const byCase = Object.fromEntries(cases.map((n) => [n, [...new Set(span.filter((m) => m.number === n).map((m) => m.account))].sort()]));
      const make = (forCase: number, forNumber: string): FindingDraft => ({
        indicator: 'NA-02', detector: 'NA-02/cross-case', account: (byCase[forNumber] ?? []).join(', '), ips: [ip], countries: [], from, to,
        refs: span.filter((m) => m.caseId === forCase).slice(0, 50).map((m) => m.ref),
        key: `NA-02/cross-case|${ip}|${from}`,
        detail: { rule: `one IP used in another case within ${s.na02WindowHours} h`, ip, cases, accounts: byCase, otherCases: cases.filter((n) => n !== forNumber), events: span.length },
      });
      own.push(make(caseId, ctx.caseNumber));
      for (const other of new Set(span.filter((m) => m.caseId !== caseId).map((m) => m.caseId))) {
        const number = span.find((m) => m.caseId === other)!.number;
        mirrored.set(other, [...(mirrored.get(other) ?? []), make(other, number)]);
      }
    }
  }
  return own;
}

export const DETECTORS: Detector[] = [
  { id: 'NA-01', indicator: 'NA-01', title: 'One account from several countries or many IPs in a short time', run: (c) => detectNa01(c.events, c.byAccount, c.settings) },
  { id: 'NA-02/case', indicator: 'NA-02', title: 'Several accounts from one IP (this case)', run: (c) => detectNa02(c.events, c.byIp, c.settings) },
  { id: 'NA-02/cross-case', indicator: 'NA-02', title: 'One IP shared with an account of another case', run: crossCase },
  { id: 'NA-03', indicator: 'NA-03', title: 'A session of a day or more', run: (c) => detectNa03(c.events, c.byAccount, c.bySession, c.settings) },
  {
    id: 'NA-04', indicator: 'NA-04', title: 'Addresses inside imported VPN / hosting / remote-desktop ranges',
    run: (c) => {
      const match = rangeMatcher(c.db);
      return detectNa04(c.events, c.byAccount, (p) => match(c.events.dict.ips[p]!));
    },
  },
  { id: 'WP-01', indicator: 'WP-01', title: 'Activity hours against the claimed time zone', run: (c) => detectWp01(c.events, c.byAccount, c.settings, c.zoneOf) },
];
