import type { ActivitySettings } from './fields.ts';
import type { Finding } from './types.ts';
import { analyseHours, formatOffset } from './hours.ts';

/** Login events in columns: strings are interned in `dict`, -1 means absent. */
export type EventColumns = {
  n: number;
  ts: ArrayLike<number>;
  account: ArrayLike<number>;
  ip: ArrayLike<number>;
  country: ArrayLike<number>;
  session: ArrayLike<number>;
  /** The record's event (login, logout, …), -1 when it gave none. */
  event: ArrayLike<number>;
  /** The stored event's row id, so that a finding links to its records. */
  ref: ArrayLike<number>;
  dict: { accounts: string[]; ips: string[]; countries: string[]; sessions: string[]; events: string[] };
};

/** What a detector reports, before it is stored as a Finding. */
export type FindingDraft = Pick<Finding, 'indicator' | 'detector' | 'account' | 'ips' | 'countries' | 'from' | 'to' | 'detail'> & {
  refs: number[];
  /** Identifies the same finding when analysis runs again. */
  key: string;
};

const MAX_REFS = 50;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Event indices in time order (stable on ties). */
export function timeOrder(ev: EventColumns): Uint32Array {
  const order = new Uint32Array(ev.n);
  let sorted = true;
  for (let i = 0; i < ev.n; i++) {
    order[i] = i;
    if (i > 0 && ev.ts[i]! < ev.ts[i - 1]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => ev.ts[a]! - ev.ts[b]! || a - b);
  return order;
}

export type Groups = { order: Uint32Array; starts: Uint32Array };

/** Regroups `order` by key with a counting sort, keeping time order inside each group; events whose key is -1 are left out. */
export function groupBy(order: Uint32Array, key: ArrayLike<number>, nKeys: number): Groups {
  const counts = new Uint32Array(nKeys + 1);
  for (const i of order) if (key[i]! >= 0) counts[key[i]! + 1]!++;
  for (let k = 1; k <= nKeys; k++) counts[k]! += counts[k - 1]!;
  const starts = counts.slice();
  const out = new Uint32Array(counts[nKeys]!);
  const fill = counts.slice(0, nKeys);
  for (const i of order) {
    const k = key[i]!;
    if (k >= 0) out[fill[k]!++] = i;
  }
  return { order: out, starts };
}

export type Episode = { start: number; end: number; peak: number; peakFrom: number; peakTo: number };

/**
 * Slides a time window over positions [lo, hi) of `idx` and returns the episodes in which
 * `hit(distinct keys in the window)` holds; overlapping hit windows merge into one episode.
 * Two events exactly `windowMs` apart are inside one window.
 */
export function slide(
  idx: Uint32Array, lo: number, hi: number, ts: ArrayLike<number>, key: (i: number) => number, windowMs: number,
  hit: (counts: Map<number, number>) => boolean,
): Episode[] {
  const counts = new Map<number, number>();
  const episodes: Episode[] = [];
  let cur: Episode | null = null;
  let i = lo;
  for (let j = lo; j < hi; j++) {
    const kj = key(idx[j]!);
    counts.set(kj, (counts.get(kj) ?? 0) + 1);
    const tj = ts[idx[j]!]!;
    while (tj - ts[idx[i]!]! > windowMs) {
      const ki = key(idx[i]!);
      const c = counts.get(ki)! - 1;
      if (c === 0) counts.delete(ki);
      else counts.set(ki, c);
      i++;
    }
    if (!hit(counts)) continue;
    if (cur && i <= cur.end) {
      cur.end = j;
      if (counts.size > cur.peak) Object.assign(cur, { peak: counts.size, peakFrom: i, peakTo: j });
    } else {
      cur = { start: i, end: j, peak: counts.size, peakFrom: i, peakTo: j };
      episodes.push(cur);
    }
  }
  return episodes;
}

type Span = { idx: Uint32Array; start: number; end: number };

function describeSpan(ev: EventColumns, { idx, start, end }: Span) {
  const ips = new Set<string>();
  const countries = new Set<string>();
  const accounts = new Set<string>();
  const refs: number[] = [];
  for (let p = start; p <= end; p++) {
    const i = idx[p]!;
    ips.add(ev.dict.ips[ev.ip[i]!]!);
    if (ev.country[i]! >= 0) countries.add(ev.dict.countries[ev.country[i]!]!);
    accounts.add(ev.dict.accounts[ev.account[i]!]!);
    if (refs.length < MAX_REFS) refs.push(ev.ref[i]!);
  }
  return {
    ips: [...ips].sort(),
    countries: [...countries].sort(),
    accounts: [...accounts].sort(),
    refs,
    from: iso(ev.ts[idx[start]!]!),
    to: iso(ev.ts[idx[end]!]!),
    events: end - start + 1,
  };
}

/** NA-01: one account seen from ≥ N countries within a window (24 h), or ≥ N IPs within a window (1 h). */
export function detectNa01(ev: EventColumns, byAccount: Groups, s: ActivitySettings): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (let a = 0; a < ev.dict.accounts.length; a++) {
    const lo = byAccount.starts[a]!;
    const hi = byAccount.starts[a + 1]!;
    const account = ev.dict.accounts[a]!;
    const known = byAccount.order.slice(lo, hi).filter((i) => ev.country[i]! >= 0);
    const cw = s.na01CountryWindowHours * HOUR;
    for (const e of slide(known, 0, known.length, ev.ts, (i) => ev.country[i]!, cw, (c) => c.size >= s.na01Countries)) {
      const d = describeSpan(ev, { idx: known, ...e });
      const peak = describeSpan(ev, { idx: known, start: e.peakFrom, end: e.peakTo });
      out.push({
        indicator: 'NA-01', detector: 'NA-01/countries', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-01/countries|${account}|${d.from}`,
        detail: { rule: `≥ ${s.na01Countries} countries within ${s.na01CountryWindowHours} h`, countries: d.countries.length, maxCountriesInWindow: e.peak, window: { from: peak.from, to: peak.to, hours: round((Date.parse(peak.to) - Date.parse(peak.from)) / HOUR) }, events: d.events },
      });
    }
    const iw = s.na01IpWindowMinutes * 60_000;
    for (const e of slide(byAccount.order, lo, hi, ev.ts, (i) => ev.ip[i]!, iw, (c) => c.size >= s.na01Ips)) {
      const d = describeSpan(ev, { idx: byAccount.order, ...e });
      const peak = describeSpan(ev, { idx: byAccount.order, start: e.peakFrom, end: e.peakTo });
      out.push({
        indicator: 'NA-01', detector: 'NA-01/ips', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-01/ips|${account}|${d.from}`,
        detail: { rule: `≥ ${s.na01Ips} IP addresses within ${s.na01IpWindowMinutes} min`, ips: d.ips.length, maxIpsInWindow: e.peak, window: { from: peak.from, to: peak.to, minutes: round((Date.parse(peak.to) - Date.parse(peak.from)) / 60_000) }, events: d.events },
      });
    }
  }
  return out;
}

/** NA-02 within the case: ≥ N accounts from one IP within a window (24 h). */
export function detectNa02(ev: EventColumns, byIp: Groups, s: ActivitySettings): FindingDraft[] {
  const out: FindingDraft[] = [];
  const w = s.na02WindowHours * HOUR;
  for (let p = 0; p < ev.dict.ips.length; p++) {
    const lo = byIp.starts[p]!;
    const hi = byIp.starts[p + 1]!;
    if (hi - lo < s.na02Accounts) continue;
    for (const e of slide(byIp.order, lo, hi, ev.ts, (i) => ev.account[i]!, w, (c) => c.size >= s.na02Accounts)) {
      const d = describeSpan(ev, { idx: byIp.order, ...e });
      const ip = ev.dict.ips[p]!;
      out.push({
        indicator: 'NA-02', detector: 'NA-02/case', account: d.accounts.join(', '), ips: [ip], countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-02/case|${ip}|${d.from}`,
        detail: { rule: `≥ ${s.na02Accounts} accounts from one IP within ${s.na02WindowHours} h`, ip, accounts: d.accounts, maxAccountsInWindow: e.peak, events: d.events },
      });
    }
  }
  return out;
}

const LOGIN_EVENTS = new Set(['login', 'logon', 'signin', 'loggedin', 'sessionstart', 'connect', 'connected']);
const LOGOUT_EVENTS = new Set(['logout', 'logoff', 'signout', 'loggedout', 'sessionend', 'disconnect', 'disconnected']);

/** 1 for a login-like event name, 2 for a logout-like one, 0 otherwise (by event dictionary index). */
export function eventKinds(events: string[]): Uint8Array {
  return Uint8Array.from(events, (e) => {
    const k = e.toLowerCase().replace(/[^a-z]/g, '');
    return LOGIN_EVENTS.has(k) ? 1 : LOGOUT_EVENTS.has(k) ? 2 : 0;
  });
}

/** NA-03: a session of ≥ 24 h, by session id, by a login and the account's next logout, or by activity without a gap over 30 minutes. */
export function detectNa03(ev: EventColumns, byAccount: Groups, bySession: Groups, s: ActivitySettings): FindingDraft[] {
  const out: FindingDraft[] = [];
  const minSpan = s.na03SessionHours * HOUR;
  const maxGap = s.na03GapMinutes * 60_000;
  for (let k = 0; k < ev.dict.sessions.length; k++) {
    const lo = bySession.starts[k]!;
    const hi = bySession.starts[k + 1]!;
    if (hi - lo < 2) continue;
    const span = ev.ts[bySession.order[hi - 1]!]! - ev.ts[bySession.order[lo]!]!;
    if (span < minSpan) continue;
    const d = describeSpan(ev, { idx: bySession.order, start: lo, end: hi - 1 });
    const session = ev.dict.sessions[k]!;
    out.push({
      indicator: 'NA-03', detector: 'NA-03/session', account: d.accounts.join(', '), ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
      key: `NA-03/session|${session}|${d.from}`,
      detail: { rule: `session ≥ ${s.na03SessionHours} h`, session, hours: round(span / HOUR), events: d.events },
    });
  }
  // Records without a session id: a login is paired with the account's next logout (a second
  // login before it does not restart the session).
  const kinds = eventKinds(ev.dict.events);
  for (let a = 0; a < ev.dict.accounts.length; a++) {
    let open = -1;
    for (let p = byAccount.starts[a]!; p < byAccount.starts[a + 1]!; p++) {
      const i = byAccount.order[p]!;
      if (ev.session[i]! >= 0 || ev.event[i]! < 0) continue;
      const kind = kinds[ev.event[i]!];
      if (kind === 1 && open < 0) open = p;
      else if (kind === 2 && open >= 0) {
        const span = ev.ts[i]! - ev.ts[byAccount.order[open]!]!;
        if (span >= minSpan) {
          const d = describeSpan(ev, { idx: byAccount.order, start: open, end: p });
          const account = ev.dict.accounts[a]!;
          out.push({
            indicator: 'NA-03', detector: 'NA-03/login', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `NA-03/login|${account}|${d.from}`,
            detail: { rule: `login to the next logout ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), login: ev.dict.events[ev.event[byAccount.order[open]!]!], logout: ev.dict.events[ev.event[i]!], events: d.events },
          });
        }
        open = -1;
      }
    }
  }
  for (let a = 0; a < ev.dict.accounts.length; a++) {
    const lo = byAccount.starts[a]!;
    const hi = byAccount.starts[a + 1]!;
    let runStart = lo;
    let longestGap = 0;
    for (let p = lo; p <= hi; p++) {
      const gap = p < hi && p > runStart ? ev.ts[byAccount.order[p]!]! - ev.ts[byAccount.order[p - 1]!]! : 0;
      if (p === hi || gap > maxGap) {
        const span = p - 1 >= runStart ? ev.ts[byAccount.order[p - 1]!]! - ev.ts[byAccount.order[runStart]!]! : 0;
        if (span >= minSpan) {
          const d = describeSpan(ev, { idx: byAccount.order, start: runStart, end: p - 1 });
          const account = ev.dict.accounts[a]!;
          out.push({
            indicator: 'NA-03', detector: 'NA-03/activity', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `NA-03/activity|${account}|${d.from}`,
            detail: { rule: `activity with no gap over ${s.na03GapMinutes} min spanning ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), longestGapMinutes: round(longestGap / 60_000), events: d.events },
          });
        }
        runStart = p;
        longestGap = 0;
      } else if (gap > longestGap) longestGap = gap;
    }
  }
  return out;
}

/** NA-04: events from IPs inside an imported CIDR list; `listOf(ipIndex)` names the matching list, or null. */
export function detectNa04(ev: EventColumns, byAccount: Groups, listOf: (ip: number) => { list: string; kind: string; cidr: string } | null): FindingDraft[] {
  const out: FindingDraft[] = [];
  const matches = ev.dict.ips.map((_, p) => listOf(p));
  for (let a = 0; a < ev.dict.accounts.length; a++) {
    const perList = new Map<string, number[]>();
    for (let p = byAccount.starts[a]!; p < byAccount.starts[a + 1]!; p++) {
      const m = matches[ev.ip[byAccount.order[p]!]!];
      if (!m) continue;
      let xs = perList.get(m.list);
      if (!xs) perList.set(m.list, (xs = []));
      xs.push(byAccount.order[p]!);
    }
    for (const [list, xs] of perList) {
      const idx = Uint32Array.from(xs);
      const d = describeSpan(ev, { idx, start: 0, end: idx.length - 1 });
      const account = ev.dict.accounts[a]!;
      const ranges = [...new Set(xs.map((i) => matches[ev.ip[i]!]!.cidr))].sort();
      out.push({
        indicator: 'NA-04', detector: 'NA-04/cidr', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-04/cidr|${account}|${list}`,
        detail: { rule: 'IP inside an imported range list', list, kind: matches[ev.ip[xs[0]!]!]!.kind, ranges, events: d.events },
      });
    }
  }
  return out;
}

/** WP-01: activity hours against the claimed zone; `zoneOf(account)` gives the claimed IANA zone, or null to skip. */
export function detectWp01(ev: EventColumns, byAccount: Groups, s: ActivitySettings, zoneOf: (account: string) => string | null): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (let a = 0; a < ev.dict.accounts.length; a++) {
    const account = ev.dict.accounts[a]!;
    const zone = zoneOf(account);
    const lo = byAccount.starts[a]!;
    const hi = byAccount.starts[a + 1]!;
    if (!zone || hi - lo < s.wp01MinEvents) continue;
    const positions = byAccount.order.subarray(lo, hi);
    const h = analyseHours(ev.ts, positions, zone);
    const offHours = h.deviationMinutes >= s.wp01OffsetHours * 60;
    const nightly = h.nightShare >= s.wp01NightShare;
    if (!offHours && !nightly) continue;
    const d = describeSpan(ev, { idx: byAccount.order, start: lo, end: hi - 1 });
    out.push({
      indicator: 'WP-01', detector: 'WP-01/hours', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
      key: `WP-01/hours|${account}`,
      detail: {
        rule: `night share ≥ ${s.wp01NightShare} or best-fit offset ≥ ${s.wp01OffsetHours} h from the claimed zone`,
        zone,
        events: h.events,
        nightEvents: h.night,
        nightShare: round(h.nightShare),
        workdayShareClaimed: round(h.workdayShareClaimed),
        bestFitOffset: formatOffset(h.bestOffsetMinutes),
        workdayShareBestFit: round(h.workdayShareBest),
        claimedOffsets: h.claimedOffsetsMinutes.map(formatOffset),
        deviationHours: round(h.deviationMinutes / 60, 2),
        reasons: [...(nightly ? ['night'] : []), ...(offHours ? ['offset'] : [])],
      },
    });
  }
  return out;
}
