import ipaddr from 'ipaddr.js';
import type { ActivityField } from '../../../shared/activity/fields.ts';
import type { RowError } from '../../../shared/activity/types.ts';

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const EPOCH = /^\d{1,13}(?:\.\d+)?$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const NO_COUNTRY = new Set(['', '-', '--', 'unknown', 'n/a', 'na', 'null', 'none']);

/** Parses a timestamp: ISO-8601 with Z or an offset, or epoch seconds (values of 10^11 and more are taken as milliseconds). */
export function parseTimestamp(raw: string): number | string {
  // The common case, canonical UTC with milliseconds or seconds, needs no regex.
  if ((raw.length === 24 || raw.length === 20) && raw.charCodeAt(raw.length - 1) === 90 && raw.charCodeAt(10) === 84 && raw.charCodeAt(4) === 45) {
    const ms = Date.parse(raw);
    if (!Number.isNaN(ms)) return ms;
  }
  const s = raw.trim();
  if (EPOCH.test(s)) {
    const n = Number(s);
    return n >= 1e11 ? Math.round(n) : Math.round(n * 1000);
  }
  const m = ISO.exec(s);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) return 'timestamp has no time zone (add Z or an offset such as +09:00)';
    return 'timestamp is not ISO-8601 or epoch seconds';
  }
  let zone = m[3]!.toUpperCase();
  if (zone !== 'Z') zone = zone.length === 3 ? `${zone}:00` : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? 'timestamp is not a valid date and time' : ms;
}

/** Normalises an IP address (IPv4 dotted quad or IPv6; IPv4-mapped IPv6 becomes IPv4), or null. */
export function normaliseIp(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s).toString();
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) {
    const a = ipaddr.IPv6.parse(s);
    return a.isIPv4MappedAddress() ? a.toIPv4Address().toString() : a.toString();
  }
  return null;
}

/**
 * A parsed field can be a slice of the whole chunk it came from, and keeping the slice keeps the
 * chunk. Whatever outlives the chunk is copied, so each chunk of the file goes once it is parsed.
 */
const own = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/** Interns strings: repeated accounts, IPs and user agents are stored once in memory. */
export class Dict {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      const kept = own(s);
      i = this.values.length;
      this.values.push(kept);
      this.index.set(kept, i);
    }
    return i;
  }
}

const MAX_ERRORS_KEPT = 100;
const INITIAL = 1024;

/** The good rows of an import in columns, and the bad ones by line number. */
export class RowCollector {
  // Typed columns, doubled as they fill: half the memory of plain arrays, and no per-row objects.
  ts = new Float64Array(INITIAL);
  line = new Int32Array(INITIAL);
  account = new Int32Array(INITIAL);
  ip = new Int32Array(INITIAL);
  /** Country from the record, -1 when it gave none. */
  country = new Int32Array(INITIAL);
  event = new Int32Array(INITIAL);
  session = new Int32Array(INITIAL);
  agent = new Int32Array(INITIAL);
  /** Good rows collected so far. */
  count = 0;
  readonly accounts = new Dict();
  readonly ips = new Dict();
  readonly countries = new Dict();
  readonly events = new Dict();
  readonly sessions = new Dict();
  readonly agents = new Dict();
  readonly errors: RowError[] = [];
  badRows = 0;
  private readonly ipCache = new Map<string, number>();
  private readonly countryCache = new Map<string, number>();

  private readonly col: number[];

  constructor(columns: Partial<Record<ActivityField, number>>) {
    // Column positions as plain numbers (-1 when absent): this runs once per row, a million times.
    this.col = ['timestamp', 'account', 'ip', 'country', 'event', 'session_id', 'user_agent'].map((f) => columns[f as ActivityField] ?? -1);
  }

  get rows(): number {
    return this.count + this.badRows;
  }

  private bad(line: number, message: string) {
    this.badRows++;
    if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push({ line, message });
  }

  add(fields: string[], line: number): void {
    const col = this.col;
    const rawTs = fields[col[0]!] ?? '';
    const ts = parseTimestamp(rawTs);
    if (typeof ts === 'string') return this.bad(line, `${ts}: "${rawTs.slice(0, 60)}"`);
    const account = (fields[col[1]!] ?? '').trim();
    if (!account) return this.bad(line, 'account is empty');
    if (account.length > 320) return this.bad(line, 'account is longer than 320 characters');
    const rawIp = fields[col[2]!] ?? '';
    let ip = this.ipCache.get(rawIp);
    if (ip === undefined) {
      const norm = normaliseIp(rawIp);
      ip = norm === null ? -1 : this.ips.id(norm);
      this.ipCache.set(own(rawIp), ip);
    }
    if (ip < 0) return this.bad(line, `ip is not an IPv4 or IPv6 address: "${rawIp.slice(0, 60)}"`);
    const rawCountry = col[3]! < 0 ? '' : (fields[col[3]!] ?? '');
    let country = rawCountry === '' ? -1 : this.countryCache.get(rawCountry);
    if (country === undefined) {
      const c = rawCountry.trim();
      if (NO_COUNTRY.has(c.toLowerCase())) country = -1;
      else if (COUNTRY.test(c)) country = this.countries.id(c.toUpperCase());
      else return this.bad(line, `country must be a two-letter ISO 3166 code: "${c.slice(0, 20)}"`);
      this.countryCache.set(own(rawCountry), country);
    }
    if (this.count === this.ts.length) this.resize(this.count * 2);
    const k = this.count++;
    this.ts[k] = ts;
    this.line[k] = line;
    this.account[k] = this.accounts.id(account);
    this.ip[k] = ip;
    this.country[k] = country;
    this.event[k] = optional(fields, col[4]!, this.events);
    this.session[k] = optional(fields, col[5]!, this.sessions);
    this.agent[k] = optional(fields, col[6]!, this.agents);
  }

  private resize(size: number) {
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a.subarray(0, Math.min(a.length, size)));
      return b;
    };
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    for (const k of ['line', 'account', 'ip', 'country', 'event', 'session', 'agent'] as const) this[k] = grow(this[k], (n) => new Int32Array(n));
  }

  /** Cuts the columns to the rows collected, once parsing is done. */
  trim(): void {
    this.resize(this.count);
  }
}

function optional(fields: string[], i: number, d: Dict): number {
  if (i < 0) return -1;
  const v = fields[i];
  if (!v) return -1;
  const t = v.length > 1000 ? v.slice(0, 1000).trim() : v.trim();
  return t ? d.id(t) : -1;
}
