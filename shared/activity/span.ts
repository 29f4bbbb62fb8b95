import type { LoginEvent } from './rules/rule.ts';

/**
 * The parts the login rules are built from: what a finding says about its events (SpanStats),
 * and a time window sliding over one key's events (Slider, SliderMap). None of them holds the
 * events beyond what its window or summary needs.
 */

/** A finding links at most this many of its events. */
export const MAX_REFS = 50;
/**
 * A finding lists at most this many of its addresses (the first it saw, in order) and accounts:
 * a span's state must not grow with the number of distinct addresses in it (a million distinct
 * addresses in a file, most of them in one account's span, would otherwise all be held).
 */
export const MAX_LISTED = 100;
export const HOUR = 3_600_000;
export const iso = (ms: number): string => new Date(ms).toISOString();
export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Distinct values, cheap to add to: consecutive events mostly repeat the last value, and most
 * spans see a handful of values, kept in an array (a Set only beyond that).
 */
class Distinct {
  private last: string | null = null;
  private readonly few: string[] = [];
  private many: Set<string> | null = null;
  /** True once a value beyond MAX_LISTED was seen and left out. */
  more = false;

  add(v: string): void {
    if (v === this.last) return;
    this.last = v;
    if (this.many) {
      if (this.many.size < MAX_LISTED) this.many.add(v);
      else if (!this.more && !this.many.has(v)) this.more = true;
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

  /** The values kept, in the order they came. */
  values(): string[] {
    return [...(this.many ?? this.few)];
  }

  /** Values kept before (`values()`), and whether more were left out. */
  static of(values: readonly string[], more: boolean): Distinct {
    const d = new Distinct();
    for (const v of values) d.add(v);
    d.more = more;
    return d;
  }
}

export type PackedSpan = [from: number, to: number, events: number, ips: string[], moreIps: boolean, countries: string[], moreCountries: boolean, accounts: string[], moreAccounts: boolean, refs: number[]];

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

  /** The summary as plain values, to park while its key is quiet (see idle.ts); `SpanStats.unpack` makes it again. */
  pack(): PackedSpan {
    const s = this.materialise();
    return [this.from, this.to, this.events, s.ips.values(), s.ips.more, s.countries.values(), s.countries.more, s.accounts.values(), s.accounts.more, s.refs];
  }

  static unpack([from, to, events, ips, moreIps, countries, moreCountries, accounts, moreAccounts, refs]: PackedSpan): SpanStats {
    const st = new SpanStats();
    Object.assign(st, { from, to, events });
    st.sets = { ips: Distinct.of(ips, moreIps), countries: Distinct.of(countries, moreCountries), accounts: Distinct.of(accounts, moreAccounts), refs };
    return st;
  }

  view() {
    const s = this.materialise();
    return {
      ips: s.ips.sorted(),
      /** More addresses than the MAX_LISTED listed. */
      moreIps: s.ips.more,
      countries: s.countries.sorted(),
      accounts: s.accounts.sorted(),
      moreAccounts: s.accounts.more,
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
    if (this.head >= 16 && this.head * 2 >= q.length) {
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

/**
 * Sliders by key (account, address …); the ones whose window has passed are closed and dropped as
 * the pass moves on. A key seen once within the window keeps only its event (in a log with a new
 * address on most rows, nearly every address): its Slider is made at its second event. Every rule
 * using this needs two or more distinct values in a window, so one event alone never raises a finding.
 */
export class SliderMap<K> {
  private readonly map = new Map<string, Slider<K>>();
  /** Keys with one event in the window, in the order their event came (so, in time order). */
  private readonly singles = new Map<string, LoginEvent>();
  private readonly windowMs: number;
  private readonly make: (key: string) => Slider<K>;
  constructor(windowMs: number, make: (key: string) => Slider<K>) {
    this.windowMs = windowMs;
    this.make = make;
  }

  push(key: string, e: LoginEvent): void {
    let s = this.map.get(key);
    if (!s) {
      const first = this.singles.get(key);
      if (first === undefined) {
        this.singles.set(key, e);
        return;
      }
      this.singles.delete(key);
      this.map.set(key, (s = this.make(key)));
      s.push(first);
    }
    s.push(e);
  }

  sweep(now: number): void {
    for (const [key, e] of this.singles) {
      if (now - e.ts <= this.windowMs) break;
      this.singles.delete(key);
    }
    for (const [key, s] of this.map) {
      if (!s.idle(now)) continue;
      s.close();
      this.map.delete(key);
    }
  }

  finish(): void {
    this.singles.clear();
    for (const s of this.map.values()) s.close();
    this.map.clear();
  }
}

