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
export const own = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

const MAX_ERRORS_KEPT = 100;
/** Look-up caches are cleared when they reach this size, so that memory stays flat however many distinct values a file has. */
const CACHE_LIMIT = 65_536;
export const BATCH_ROWS = 8192;
/** NUL: text tools and exports cut a field there, so a field holding one is refused. */
const SEP = '\u0000';
const TEXT_COLUMNS = 6;

/**
 * Good rows on their way to the database, in columns: numbers in typed arrays, and the text
 * fields (account, ip, country, event, session id, user agent; '' for none) in one array, row r's
 * field f at r * 6 + f. Each string crosses to the import worker as its own copy, so nothing the
 * worker keeps holds on to a whole batch.
 */
export type RowBatch = { count: number; ts: Float64Array; line: Int32Array; source: Uint8Array; text: string[] };

export const BATCH_FIELDS = TEXT_COLUMNS;

/** 0: no country; 1: from the record; 2: from the GeoIP database. */
export const COUNTRY_SOURCES = [null, 'record', 'geoip'] as const;

/**
 * Checks the rows of an import one at a time and hands the good ones on in batches; keeps the bad
 * ones' line numbers and reasons (the first hundred), and nothing else that grows with the file.
 */
export class RowValidator {
  /** Good rows so far. */
  good = 0;
  badRows = 0;
  readonly errors: RowError[] = [];
  readonly accounts = new Set<string>();
  private ts = new Float64Array(BATCH_ROWS);
  private line = new Int32Array(BATCH_ROWS);
  private source = new Uint8Array(BATCH_ROWS);
  private text: string[] = [];
  private count = 0;
  private readonly ipCache = new Map<string, string | null>();
  private readonly countryCache = new Map<string, string | null | false>();
  private readonly geoCache = new Map<string, string | null>();
  private readonly col: number[];

  private readonly lookup: ((ip: string) => string | null) | null;
  private readonly onBatch: (b: RowBatch) => void;

  constructor(columns: Partial<Record<ActivityField, number>>, lookup: ((ip: string) => string | null) | null, onBatch: (b: RowBatch) => void) {
    this.lookup = lookup;
    this.onBatch = onBatch;
    // Column positions as plain numbers (-1 when absent): this runs once per row, a million times.
    this.col = ['timestamp', 'account', 'ip', 'country', 'event', 'session_id', 'user_agent'].map((f) => columns[f as ActivityField] ?? -1);
  }

  get rows(): number {
    return this.good + this.badRows;
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
      ip = normaliseIp(rawIp);
      if (this.ipCache.size >= CACHE_LIMIT) this.ipCache.clear();
      this.ipCache.set(own(rawIp), ip === null ? null : own(ip));
    }
    if (ip === null) return this.bad(line, `ip is not an IPv4 or IPv6 address: "${rawIp.slice(0, 60)}"`);
    const rawCountry = col[3]! < 0 ? '' : (fields[col[3]!] ?? '');
    let country = rawCountry === '' ? null : this.countryCache.get(rawCountry);
    if (country === undefined) {
      const c = rawCountry.trim();
      country = NO_COUNTRY.has(c.toLowerCase()) ? null : COUNTRY.test(c) ? c.toUpperCase() : false;
      if (this.countryCache.size >= CACHE_LIMIT) this.countryCache.clear();
      this.countryCache.set(own(rawCountry), country);
    }
    if (country === false) return this.bad(line, `country must be a two-letter ISO 3166 code: "${rawCountry.trim().slice(0, 20)}"`);
    const event = optional(fields, col[4]!);
    const session = optional(fields, col[5]!);
    const agent = optional(fields, col[6]!);
    if (account.includes(SEP) || event.includes(SEP) || session.includes(SEP) || agent.includes(SEP)) return this.bad(line, 'a field holds a NUL character');
    let source = 1;
    if (country === null) {
      source = 0;
      if (this.lookup) {
        let g = this.geoCache.get(ip);
        if (g === undefined) {
          g = this.lookup(ip);
          if (this.geoCache.size >= CACHE_LIMIT) this.geoCache.clear();
          this.geoCache.set(ip, g);
        }
        if (g !== null) {
          country = g;
          source = 2;
        }
      }
    }
    if (!this.accounts.has(account)) this.accounts.add(own(account));
    const k = this.count++;
    this.ts[k] = ts;
    this.line[k] = line;
    this.source[k] = source;
    this.text.push(account, ip, country ?? '', event, session, agent);
    this.good++;
    if (this.count === BATCH_ROWS) this.flush();
  }

  /** Hands on the rows collected since the last batch. */
  flush(): void {
    if (this.count === 0) return;
    const n = this.count;
    this.onBatch({ count: n, ts: this.ts.slice(0, n), line: this.line.slice(0, n), source: this.source.slice(0, n), text: this.text });
    this.count = 0;
    this.text = [];
  }
}

/** An optional text field, trimmed and cut to 1,000 characters; '' when absent. */
function optional(fields: string[], i: number): string {
  if (i < 0) return '';
  const v = fields[i];
  if (!v) return '';
  return v.length > 1000 ? v.slice(0, 1000).trim() : v.trim();
}
