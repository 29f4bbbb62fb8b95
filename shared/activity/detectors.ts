import type { ActivitySettings } from './fields.ts';
import type { Finding } from './types.ts';
import { HoursAccumulator, formatOffset } from './hours.ts';

/**
 * The login detectors, run over a case's events in one pass in time order. Nothing here holds
 * the events: each detector keeps only what its window, run or summary needs, and state that can
 * no longer change is reported and dropped as the pass moves on. Memory follows the number of
 * accounts, addresses and open windows, not the number of events.
 */

/** One stored login event, as the pass sees it. */
export type LoginEvent = {
  /** The stored event's row id, so that a finding links to its records. */
  ref: number;
  importId: number;
  ts: number;
  account: string;
  ip: string;
  country: string | null;
  session: string | null;
  event: string | null;
};

/** What a detector reports, before it is stored as a Finding. */
export type FindingDraft = Pick<Finding, 'indicator' | 'detector' | 'account' | 'ips' | 'countries' | 'from' | 'to' | 'detail'> & {
  refs: number[];
  /** Identifies the same finding when analysis runs again. */
  key: string;
};

export type RangeMatch = { list: string; kind: string; cidr: string };

const MAX_REFS = 50;
const HOUR = 3_600_000;
/** A session id unseen for this long is closed: the id seen again later starts a new session. */
const SESSION_IDLE_MS = 7 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Distinct values, cheap to add to: consecutive events mostly repeat the last value, and most
 * spans see a handful of values, kept in an array (a Set only beyond that).
 */
class Distinct {
  private last: string | null = null;
  private readonly few: string[] = [];
  private many: Set<string> | null = null;

  add(v: string): void {
    if (v === this.last) return;
    this.last = v;
    if (this.many) {
      this.many.add(v);
      return;
    }
    const few = this.few;
    for (let i = 0; i < few.length; i++) if (few[i] === v) return;
    if (few.length < 8) few.push(v);
    else (this.many = new Set(few)).add(v);
  }

  sorted(): string[] {
    return [...(this.many ?? this.few)].sort();
  }
}

/** What a finding says about the events it covers: addresses, countries, accounts, time span, the first records. */
export class SpanStats {
  // Most spans (a run of one event, a short session) never become findings: the sets are made
  // only from the second event on.
  private first: LoginEvent | null = null;
  private sets: { ips: Distinct; countries: Distinct; accounts: Distinct; refs: number[] } | null = null;
  from = 0;
  to = 0;
  events = 0;

  add(e: LoginEvent): void {
    this.to = e.ts;
    if (this.events++ === 0) {
      this.from = e.ts;
      this.first = e;
      return;
    }
    const s = this.sets ?? this.materialise();
    s.ips.add(e.ip);
    if (e.country !== null) s.countries.add(e.country);
    s.accounts.add(e.account);
    if (s.refs.length < MAX_REFS) s.refs.push(e.ref);
  }

  private materialise() {
    if (!this.sets) {
      const f = this.first;
      this.sets = { ips: new Distinct(), countries: new Distinct(), accounts: new Distinct(), refs: [] };
      if (f) {
        this.sets.ips.add(f.ip);
        if (f.country !== null) this.sets.countries.add(f.country);
        this.sets.accounts.add(f.account);
        this.sets.refs.push(f.ref);
      }
      this.first = null;
    }
    return this.sets;
  }

  view() {
    const s = this.materialise();
    return {
      ips: s.ips.sorted(),
      countries: s.countries.sorted(),
      accounts: s.accounts.sorted(),
      refs: s.refs.slice(),
      from: iso(this.from),
      to: iso(this.to),
      events: this.events,
    };
  }
}

/** The distinct values in a window, with how many of its events hold each. */
export type WindowCounts<K> = { readonly size: number; has(v: K): boolean };

/**
 * Counts per value, for the few values a window usually holds: parallel arrays searched by
 * identity (the strings of one import are shared, so that is mostly a pointer compare), and a
 * Map only beyond 16 values.
 */
class Counter<K> implements WindowCounts<K> {
  private keys: K[] = [];
  private counts: number[] = [];
  private map: Map<K, number> | null = null;

  get size(): number {
    return this.map ? this.map.size : this.keys.length;
  }

  has(v: K): boolean {
    return this.map ? this.map.has(v) : this.keys.indexOf(v) >= 0;
  }

  inc(v: K): void {
    const { map } = this;
    if (map) {
      map.set(v, (map.get(v) ?? 0) + 1);
      return;
    }
    const i = this.keys.indexOf(v);
    if (i >= 0) this.counts[i]!++;
    else if (this.keys.length < 16) {
      this.keys.push(v);
      this.counts.push(1);
    } else {
      this.map = new Map(this.keys.map((k, j) => [k, this.counts[j]!]));
      this.map.set(v, 1);
      this.keys = [];
      this.counts = [];
    }
  }

  dec(v: K): void {
    const { map } = this;
    if (map) {
      const c = map.get(v)! - 1;
      if (c === 0) map.delete(v);
      else map.set(v, c);
      return;
    }
    const i = this.keys.indexOf(v);
    if (--this.counts[i]! > 0) return;
    const last = this.keys.length - 1;
    this.keys[i] = this.keys[last]!;
    this.counts[i] = this.counts[last]!;
    this.keys.pop();
    this.counts.pop();
  }
}

/** An episode: its events' summary, the busiest window, and its first and last positions among the events pushed. */
export type Episode = { stats: SpanStats; peak: number; peakFrom: number; peakTo: number; start: number; end: number };

/**
 * A time window sliding over one key's events (fed in time order). Whenever `hit(distinct values
 * in the window)` holds, the window's events belong to an episode; hit windows that overlap merge
 * into one episode. Two events exactly `windowMs` apart are inside one window. An episode is
 * reported once no later event can extend it.
 */
export class Slider<K> {
  /** The window's events from `head` on; slots before it are emptied so that what left the window can be collected. */
  private readonly q: (LoginEvent | null)[] = [];
  private head = 0;
  /** Absolute position of q[0]; positions count every event pushed. */
  private base = 0;
  private readonly counts = new Counter<K>();
  private ep: Episode | null = null;
  lastTs = -Infinity;
  private readonly windowMs: number;
  private readonly value: (e: LoginEvent) => K;
  private readonly hit: (counts: WindowCounts<K>) => boolean;
  private readonly report: (e: Episode) => void;

  constructor(windowMs: number, value: (e: LoginEvent) => K, hit: (counts: WindowCounts<K>) => boolean, report: (e: Episode) => void) {
    this.windowMs = windowMs;
    this.value = value;
    this.hit = hit;
    this.report = report;
  }

  push(e: LoginEvent): void {
    const { q, counts } = this;
    const j = this.base + q.length;
    q.push(e);
    this.lastTs = e.ts;
    const v = this.value(e);
    counts.inc(v);
    while (e.ts - q[this.head]!.ts > this.windowMs) {
      counts.dec(this.value(q[this.head]!));
      q[this.head++] = null;
    }
    const i = this.base + this.head;
    if (this.ep && i > this.ep.end) this.close();
    // Events that left the window are dropped soon, so that a quiet key keeps almost nothing.
    if (this.head >= 64 && this.head * 2 >= q.length) {
      q.splice(0, this.head);
      this.base += this.head;
      this.head = 0;
    }
    if (!this.hit(counts)) return;
    const ep = this.ep;
    if (ep) {
      for (let p = ep.end + 1; p <= j; p++) ep.stats.add(q[p - this.base]!);
      ep.end = j;
      if (counts.size > ep.peak) Object.assign(ep, { peak: counts.size, peakFrom: q[this.head]!.ts, peakTo: e.ts });
    } else {
      const stats = new SpanStats();
      for (let p = this.head; p < q.length; p++) stats.add(q[p]!);
      this.ep = { stats, start: i, end: j, peak: counts.size, peakFrom: q[this.head]!.ts, peakTo: e.ts };
    }
  }

  /** True when the next event, whenever it comes after `now`, can no longer extend anything here. */
  idle(now: number): boolean {
    return now - this.lastTs > this.windowMs;
  }

  close(): void {
    if (this.ep) this.report(this.ep);
    this.ep = null;
  }
}

/** Sliders by key (account, address …); the ones whose window has passed are closed and dropped as the pass moves on. */
class SliderMap<K> {
  private readonly map = new Map<string, Slider<K>>();
  private readonly make: (key: string) => Slider<K>;
  constructor(make: (key: string) => Slider<K>) {
    this.make = make;
  }

  push(key: string, e: LoginEvent): void {
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = this.make(key)));
    s.push(e);
  }

  sweep(now: number): void {
    for (const [key, s] of this.map) {
      if (!s.idle(now)) continue;
      s.close();
      this.map.delete(key);
    }
  }

  finish(): void {
    for (const s of this.map.values()) s.close();
    this.map.clear();
  }
}

const LOGIN_EVENTS = new Set(['login', 'logon', 'signin', 'loggedin', 'sessionstart', 'connect', 'connected']);
const LOGOUT_EVENTS = new Set(['logout', 'logoff', 'signout', 'loggedout', 'sessionend', 'disconnect', 'disconnected']);

/** 1 for a login-like event name, 2 for a logout-like one, 0 otherwise. */
export function eventKind(event: string): 0 | 1 | 2 {
  const k = event.toLowerCase().replace(/[^a-z]/g, '');
  return LOGIN_EVENTS.has(k) ? 1 : LOGOUT_EVENTS.has(k) ? 2 : 0;
}

type Run = { stats: SpanStats; lastTs: number; longestGap: number };
type SessionState = { stats: SpanStats; lastTs: number };
type AccountState = {
  /** NA-03: the open login waiting for its logout. */
  login: { stats: SpanStats; name: string } | null;
  /** NA-03: the current run of activity without a long gap. */
  run: Run | null;
  /** NA-03: the run's event while it has only one (most runs: it is made into a Run by a second). */
  runStart: LoginEvent | null;
  /** WP-01: the account's whole activity, and its hours read in each zone claimed in the case. */
  all: SpanStats | null;
  hours: Map<string, HoursAccumulator>;
  /** The latest import naming a zone that holds events of this account. */
  zoneImport: number;
  /** NA-04: events inside imported ranges, by list. */
  ranges: Map<string, { stats: SpanStats; kind: string; cidrs: Set<string> }>;
};

export type AnalyserPart = 'accounts' | 'addresses';

export type AnalyserOptions = {
  settings: ActivitySettings;
  /** The claimed zone of each import of the case that names one. */
  zones: Map<number, string>;
  /** The imported range list an address falls in, or null; null itself when there are no range lists (NA-04 is skipped). */
  rangeOf: ((ip: string) => RangeMatch | null) | null;
  /** Whether an address is also seen in another case (its events are kept for the cross-case look-up); null when no other case has any address. */
  isShared: ((ip: string) => boolean) | null;
  /**
   * Runs half of the detectors, so that two threads can share a large import's analysis:
   * 'accounts' (NA-01, NA-03 by login and by activity, NA-04, WP-01) or 'addresses' (NA-02,
   * NA-03 by session id, and the events kept for the cross-case look-up). Both by default.
   */
  only?: AnalyserPart;
};

/** The login detectors, each naming the indicator it serves; findings sort in this order. */
export const DETECTORS = [
  { id: 'NA-01/countries', indicator: 'NA-01', title: 'One account from several countries in a short time' },
  { id: 'NA-01/ips', indicator: 'NA-01', title: 'One account from many IP addresses in a short time' },
  { id: 'NA-02/case', indicator: 'NA-02', title: 'Several accounts from one IP (this case)' },
  { id: 'NA-02/cross-case', indicator: 'NA-02', title: 'One IP shared with an account of another case' },
  { id: 'NA-03/session', indicator: 'NA-03', title: 'A session id spanning a day or more' },
  { id: 'NA-03/login', indicator: 'NA-03', title: 'A login and its logout a day or more apart' },
  { id: 'NA-03/activity', indicator: 'NA-03', title: 'Activity without a long gap for a day or more' },
  { id: 'NA-04/cidr', indicator: 'NA-04', title: 'Addresses inside imported VPN / hosting / remote-desktop ranges' },
  { id: 'WP-01/hours', indicator: 'WP-01', title: 'Activity hours against the claimed time zone' },
] as const;
const DETECTOR_ORDER: string[] = DETECTORS.map((d) => d.id);

const SWEEP_EVERY = 4096;
const RANGE_CACHE = 65_536;

/**
 * Runs NA-01, NA-02 (within the case), NA-03, NA-04 and WP-01 over the events pushed in time order
 * (ties by row id). `finish()` returns the findings, and the events on addresses shared with
 * other cases for the cross-case look-up.
 */
export class CaseAnalyser {
  private readonly drafts: FindingDraft[] = [];
  private readonly na01Countries: SliderMap<string>;
  private readonly na01Ips: SliderMap<string>;
  private readonly na02: SliderMap<string>;
  private readonly sessions = new Map<string, SessionState>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly rangeCache = new Map<string, RangeMatch | null>();
  readonly shared = new Map<string, LoginEvent[]>();
  private readonly zoneList: string[];
  private pushed = 0;
  /** The time of the last event pushed: the next must not be earlier. */
  lastTs = -Infinity;

  private readonly o: AnalyserOptions;

  constructor(o: AnalyserOptions) {
    this.o = o;
    const s = o.settings;
    this.zoneList = [...new Set(o.zones.values())];
    this.na01Countries = new SliderMap((account) =>
      new Slider(s.na01CountryWindowHours * HOUR, (e) => e.country!, (c) => c.size >= s.na01Countries, (ep) => {
        const d = ep.stats.view();
        this.drafts.push({
          indicator: 'NA-01', detector: 'NA-01/countries', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-01/countries|${account}|${d.from}`,
          detail: { rule: `≥ ${s.na01Countries} countries within ${s.na01CountryWindowHours} h`, countries: d.countries.length, maxCountriesInWindow: ep.peak, window: { from: iso(ep.peakFrom), to: iso(ep.peakTo), hours: round((ep.peakTo - ep.peakFrom) / HOUR) }, events: d.events },
        });
      }),
    );
    this.na01Ips = new SliderMap((account) =>
      new Slider(s.na01IpWindowMinutes * 60_000, (e) => e.ip, (c) => c.size >= s.na01Ips, (ep) => {
        const d = ep.stats.view();
        this.drafts.push({
          indicator: 'NA-01', detector: 'NA-01/ips', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-01/ips|${account}|${d.from}`,
          detail: { rule: `≥ ${s.na01Ips} IP addresses within ${s.na01IpWindowMinutes} min`, ips: d.ips.length, maxIpsInWindow: ep.peak, window: { from: iso(ep.peakFrom), to: iso(ep.peakTo), minutes: round((ep.peakTo - ep.peakFrom) / 60_000) }, events: d.events },
        });
      }),
    );
    this.na02 = new SliderMap((ip) =>
      new Slider(s.na02WindowHours * HOUR, (e) => e.account, (c) => c.size >= s.na02Accounts, (ep) => {
        const d = ep.stats.view();
        this.drafts.push({
          indicator: 'NA-02', detector: 'NA-02/case', account: d.accounts.join(', '), ips: [ip], countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-02/case|${ip}|${d.from}`,
          detail: { rule: `≥ ${s.na02Accounts} accounts from one IP within ${s.na02WindowHours} h`, ip, accounts: d.accounts, maxAccountsInWindow: ep.peak, events: d.events },
        });
      }),
    );
  }

  push(e: LoginEvent): void {
    if (e.ts < this.lastTs) throw new Error('login events must be pushed in time order');
    this.lastTs = e.ts;
    if (this.o.only !== 'addresses') {
      this.na01Ips.push(e.account, e);
      if (e.country !== null) this.na01Countries.push(e.account, e);
      this.pushAccount(e);
    }
    if (this.o.only !== 'accounts') {
      this.na02.push(e.ip, e);
      if (e.session !== null) this.pushSession(e);
      if (this.o.isShared && (this.shared.has(e.ip) || this.isShared(e.ip))) {
        let xs = this.shared.get(e.ip);
        if (!xs) this.shared.set(e.ip, (xs = []));
        xs.push(e);
      }
    }
    if (++this.pushed % SWEEP_EVERY === 0) this.sweep(e.ts);
  }

  private pushSession(e: LoginEvent) {
    const key = e.session!;
    let st = this.sessions.get(key);
    if (!st) this.sessions.set(key, (st = { stats: new SpanStats(), lastTs: e.ts }));
    st.stats.add(e);
    st.lastTs = e.ts;
  }

  private closeSession(session: string, st: SessionState) {
    const s = this.o.settings;
    const span = st.stats.to - st.stats.from;
    if (st.stats.events < 2 || span < s.na03SessionHours * HOUR) return;
    const d = st.stats.view();
    this.drafts.push({
      indicator: 'NA-03', detector: 'NA-03/session', account: d.accounts.join(', '), ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
      key: `NA-03/session|${session}|${d.from}`,
      detail: { rule: `session ≥ ${s.na03SessionHours} h`, session, hours: round(span / HOUR), events: d.events },
    });
  }

  private account(name: string): AccountState {
    let a = this.accounts.get(name);
    if (!a) this.accounts.set(name, (a = { login: null, run: null, runStart: null, all: null, hours: new Map(), zoneImport: -1, ranges: new Map() }));
    return a;
  }

  private pushAccount(e: LoginEvent) {
    const s = this.o.settings;
    const a = this.account(e.account);
    // NA-03 by login and the account's next logout (records without a session id); a second
    // login before the logout does not restart the session.
    if (a.login) a.login.stats.add(e);
    if (e.session === null && e.event !== null) {
      const kind = eventKind(e.event);
      if (kind === 1 && !a.login) {
        a.login = { stats: new SpanStats(), name: e.event };
        a.login.stats.add(e);
      } else if (kind === 2 && a.login) {
        const span = e.ts - a.login.stats.from;
        if (span >= s.na03SessionHours * HOUR) {
          const d = a.login.stats.view();
          this.drafts.push({
            indicator: 'NA-03', detector: 'NA-03/login', account: e.account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `NA-03/login|${e.account}|${d.from}`,
            detail: { rule: `login to the next logout ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), login: a.login.name, logout: e.event, events: d.events },
          });
        }
        a.login = null;
      }
    }
    // NA-03 by activity with no gap over the limit.
    const run = a.run;
    const gap = s.na03GapMinutes * 60_000;
    if (run && e.ts - run.lastTs <= gap) {
      run.longestGap = Math.max(run.longestGap, e.ts - run.lastTs);
      run.lastTs = e.ts;
      run.stats.add(e);
    } else if (!run && a.runStart && e.ts - a.runStart.ts <= gap) {
      const r = (a.run = { stats: new SpanStats(), lastTs: e.ts, longestGap: e.ts - a.runStart.ts });
      r.stats.add(a.runStart);
      r.stats.add(e);
      a.runStart = null;
    } else {
      // A run of one event spans nothing: only longer runs are closed and checked.
      if (run) this.closeRun(e.account, run);
      a.run = null;
      a.runStart = e;
    }
    // NA-04.
    const m = this.o.rangeOf ? this.rangeOf(e.ip) : null;
    if (m) {
      let r = a.ranges.get(m.list);
      if (!r) a.ranges.set(m.list, (r = { stats: new SpanStats(), kind: m.kind, cidrs: new Set() }));
      r.stats.add(e);
      r.cidrs.add(m.cidr);
    }
    // WP-01.
    if (this.zoneList.length) {
      (a.all ??= new SpanStats()).add(e);
      if (this.o.zones.has(e.importId) && e.importId > a.zoneImport) a.zoneImport = e.importId;
      for (const z of this.zoneList) {
        let h = a.hours.get(z);
        if (!h) a.hours.set(z, (h = new HoursAccumulator(z)));
        h.add(e.ts);
      }
    }
  }

  private readonly sharedCache = new Map<string, boolean>();

  private isShared(ip: string): boolean {
    let yes = this.sharedCache.get(ip);
    if (yes === undefined) {
      if (this.sharedCache.size >= RANGE_CACHE) this.sharedCache.clear();
      this.sharedCache.set(ip, (yes = this.o.isShared!(ip)));
    }
    return yes;
  }

  private rangeOf(ip: string): RangeMatch | null {
    let m = this.rangeCache.get(ip);
    if (m === undefined) {
      if (this.rangeCache.size >= RANGE_CACHE) this.rangeCache.clear();
      this.rangeCache.set(ip, (m = this.o.rangeOf!(ip)));
    }
    return m;
  }

  private closeRun(account: string, run: Run) {
    const s = this.o.settings;
    const span = run.stats.to - run.stats.from;
    if (span < s.na03SessionHours * HOUR) return;
    const d = run.stats.view();
    this.drafts.push({
      indicator: 'NA-03', detector: 'NA-03/activity', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
      key: `NA-03/activity|${account}|${d.from}`,
      detail: { rule: `activity with no gap over ${s.na03GapMinutes} min spanning ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), longestGapMinutes: round(run.longestGap / 60_000), events: d.events },
    });
  }

  /** Reports and drops what later events can no longer change. */
  private sweep(now: number) {
    this.na01Countries.sweep(now);
    this.na01Ips.sweep(now);
    this.na02.sweep(now);
    for (const [key, st] of this.sessions) {
      if (now - st.lastTs <= SESSION_IDLE_MS) continue;
      this.closeSession(key, st);
      this.sessions.delete(key);
    }
    const gap = this.o.settings.na03GapMinutes * 60_000;
    for (const [name, a] of this.accounts) {
      if (a.run && now - a.run.lastTs > gap) {
        this.closeRun(name, a.run);
        a.run = null;
      }
      if (a.runStart && now - a.runStart.ts > gap) a.runStart = null;
    }
  }

  finish(): FindingDraft[] {
    this.na01Countries.finish();
    this.na01Ips.finish();
    this.na02.finish();
    for (const [key, st] of this.sessions) this.closeSession(key, st);
    this.sessions.clear();
    const s = this.o.settings;
    for (const [account, a] of this.accounts) {
      if (a.run) this.closeRun(account, a.run);
      for (const [list, r] of a.ranges) {
        const d = r.stats.view();
        this.drafts.push({
          indicator: 'NA-04', detector: 'NA-04/cidr', account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-04/cidr|${account}|${list}`,
          detail: { rule: 'IP inside an imported range list', list, kind: r.kind, ranges: [...r.cidrs].sort(), events: d.events },
        });
      }
      const zone = a.zoneImport >= 0 ? this.o.zones.get(a.zoneImport)! : null;
      const hours = zone ? a.hours.get(zone) : undefined;
      if (!zone || !hours || !a.all || hours.events < s.wp01MinEvents) continue;
      const h = hours.result();
      const offHours = h.deviationMinutes >= s.wp01OffsetHours * 60;
      const nightly = h.nightShare >= s.wp01NightShare;
      if (!offHours && !nightly) continue;
      const d = a.all.view();
      this.drafts.push({
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
    this.accounts.clear();
    return sortDrafts(this.drafts);
  }
}

/** Findings in the registry's order, then by time. */
export function sortDrafts(drafts: FindingDraft[]): FindingDraft[] {
  const rank = (d: FindingDraft) => DETECTOR_ORDER.indexOf(d.detector);
  return drafts.sort((a, b) => rank(a) - rank(b) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export type CrossEvent = { ts: number; caseId: number; number: string; account: string; ref: number };

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
  for (const m of merged) slider.push({ ref: m.ref, importId: m.caseId, ts: m.ts, account: m.account, ip, country: null, session: null, event: null });
  slider.close();
  for (const span of spans) {
    const from = iso(span[0]!.ts);
    const to = iso(span[span.length - 1]!.ts);
    const cases = [...new Set(span.map((m) => m.number))].sort();
    const byCase = Object.fromEntries(cases.map((n) => [n, [...new Set(span.filter((m) => m.number === n).map((m) => m.account))].sort()]));
    const make = (forCase: number, forNumber: string): FindingDraft => ({
      indicator: 'NA-02', detector: 'NA-02/cross-case', account: (byCase[forNumber] ?? []).join(', '), ips: [ip], countries: [], from, to,
      refs: span.filter((m) => m.caseId === forCase).slice(0, MAX_REFS).map((m) => m.ref),
      key: `NA-02/cross-case|${ip}|${from}`,
      detail: { rule: `one IP used in another case within ${s.na02WindowHours} h`, ip, cases, accounts: byCase, otherCases: cases.filter((n) => n !== forNumber), events: span.length },
    });
    own.push(make(caseId, caseNumber));
    for (const other of new Set(span.filter((m) => m.caseId !== caseId).map((m) => m.caseId))) {
      const number = span.find((m) => m.caseId === other)!.number;
      mirrored.set(other, [...(mirrored.get(other) ?? []), make(other, number)]);
    }
  }
  return { own, mirrored };
}
