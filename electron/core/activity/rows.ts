import ipaddr from 'ipaddr.js';
import type { ActivityField } from '../../../shared/activity/fields.ts';
import type { RowError } from '../../../shared/activity/types.ts';
import type { LoginEvent } from '../../../shared/activity/rules/rule.ts';
import { AppError } from '../../../shared/errors.ts';

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
const CACHE_LIMIT = 16_384;
/** The dictionary starts again (between two batches) beyond this many strings or characters. */
const DICT_LIMIT = 32_768;
const DICT_CHARS = 4 << 20;
export const BATCH_ROWS = 8192;
/**
 * Most different accounts a case's login records may hold (an import bringing more is refused). The detectors keep, per account and per address,
 * a summary until the end of the file (where its logins come from, its hours) and the events of
 * their open windows, in threads whose memory is capped (worker-client.ts). Measured on a
 * company-wide export (an address and a session per account and working day, `SHAPE=company` in
 * bench/activity.bench.ts): about 5 KB per account in each thread, so 25,000 accounts stay inside
 * the cap with room for the collector, and 50,000 did not. A case's records are those of the
 * accounts under investigation; a file bringing more is refused at the line that goes over, not
 * half-read. (A case's analysis runs over all its imports, so the limit is the case's.)
 */
export const MAX_ACCOUNTS = 25_000;
/** NUL: text tools and exports cut a field there, so a field holding one is refused. */
const SEP = '\u0000';

/** The coded fields of a row, in this order, in `RowBatch.codes`. */
export const CODED_FIELDS = 6;
/** In `RowBatch.codes`: the field is empty. */
export const NONE = -1;
const BAD = -2;

/**
 * Good rows on their way to the database, in columns. The text fields (account, ip, country,
 * event, session id, user agent), which repeat from row to row, travel as numbers into the
 * import's dictionary: row r's field f at codes[r * 6 + f], NONE when empty. `words` are the
 * strings the dictionary gained since the previous batch (the next numbers in order); `reset`
 * says it started again from 0 before them. So each distinct value crosses to the import worker
 * once, and there it is one string that the detectors' maps compare by pointer.
 */
export type RowBatch = { count: number; ts: Float64Array; line: Int32Array; source: Uint8Array; port: Int32Array; codes: Int32Array; words: string[]; reset: boolean };

/** A batch's column buffers, moved (not copied) when the batch is posted to another thread. */
export const batchBuffers = (b: RowBatch): ArrayBuffer[] => [b.ts.buffer, b.line.buffer, b.source.buffer, b.port.buffer, b.codes.buffer] as ArrayBuffer[];

/**
 * Pushes a batch's rows to the detectors as events numbered from `firstRef`, their strings looked
 * up by `word`. False when a row comes out of time order: the rows before it are pushed, and the
 * analysis made as the rows come ends there.
 */
export function pushBatch(live: { lastTs: number; push(e: LoginEvent): void }, b: RowBatch, word: (code: number) => string | null, firstRef: number, importId: number): boolean {
  const { codes } = b;
  for (let r = 0; r < b.count; r++) {
    const ts = b.ts[r]!;
    if (ts < live.lastTs) return false;
    const c = r * CODED_FIELDS;
    live.push({ ref: firstRef + r, importId, ts, account: word(codes[c]!)!, ip: word(codes[c + 1]!)!, country: word(codes[c + 2]!), event: word(codes[c + 3]!), session: word(codes[c + 4]!), agent: word(codes[c + 5]!), port: b.port[r]! < 0 ? null : b.port[r]! });
  }
  return true;
}

/** 0: no country; 1: from the record; 2: from the GeoIP database. */
export const COUNTRY_SOURCES = [null, 'record', 'geoip'] as const;

/**
 * Checks the rows of an import one at a time and hands the good ones on in batches; keeps the bad
 * ones' line numbers and reasons (the first hundred), the distinct accounts, and nothing else
 * that grows with the file.
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
  private codes = new Int32Array(BATCH_ROWS * CODED_FIELDS);
  private port = new Int32Array(BATCH_ROWS);
  private count = 0;
  // The dictionary: string → number, and the strings by number (for the GeoIP look-up).
  private readonly dict = new Map<string, number>();
  private readonly strings: string[] = [];
  private dictChars = 0;
  private words: string[] = [];
  private reset = false;
  // Raw field → number (ip and country: of the normalised value; BAD when invalid).
  private readonly ipCache = new Map<string, number>();
  private readonly countryCache = new Map<string, number>();
  private readonly accountCache = new Map<string, number>();
  private readonly nameCache = new Map<string, number>();
  private readonly geoCache = new Map<number, number>();
  private readonly col: number[];

  private readonly lookup: ((ip: string) => string | null) | null;
  private readonly onBatch: (b: RowBatch) => void;

  /** The accounts the case holds before this file (they count towards MAX_ACCOUNTS once). */
  private readonly known: ReadonlySet<string>;
  /** The file's accounts not among `known`. */
  private added = 0;

  constructor(columns: Partial<Record<ActivityField, number>>, lookup: ((ip: string) => string | null) | null, onBatch: (b: RowBatch) => void, known: ReadonlySet<string> = new Set()) {
    this.lookup = lookup;
    this.onBatch = onBatch;
    this.known = known;
    // Column positions as plain numbers (-1 when absent): this runs once per row, a million times.
    this.col = ['timestamp', 'account', 'ip', 'country', 'event', 'session_id', 'user_agent', 'port'].map((f) => columns[f as ActivityField] ?? -1);
  }

  get rows(): number {
    return this.good + this.badRows;
  }

  private bad(line: number, message: string) {
    this.badRows++;
    if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push({ line, message });
  }

  /** The string a dictionary number stands for (null for NONE), until the dictionary starts again after the batch. */
  readonly word = (code: number): string | null => (code === NONE ? null : this.strings[code]!);

  /** The dictionary number of a (normalised) value, adding it when new. */
  private code(value: string): number {
    let c = this.dict.get(value);
    if (c === undefined) {
      c = this.strings.length;
      const v = own(value);
      this.dict.set(v, c);
      this.strings.push(v);
      this.words.push(v);
      this.dictChars += v.length;
    }
    return c;
  }

  /** A raw field's number through a cache of raw values (the raw value is copied, so that the cache does not keep the file's chunk). */
  private cached(cache: Map<string, number>, raw: string, make: () => number): number {
    let c = cache.get(raw);
    if (c === undefined) {
      c = make();
      if (cache.size >= CACHE_LIMIT) cache.clear();
      // A raw value that is its dictionary word as it stands (no spaces trimmed, already normal) shares the word's copy.
      const w = c >= 0 ? this.strings[c] : undefined;
      cache.set(w === raw ? w : own(raw), c);
    }
    return c;
  }

  add(fields: string[], line: number): void {
    const col = this.col;
    const rawTs = fields[col[0]!] ?? '';
    const ts = parseTimestamp(rawTs);
    if (typeof ts === 'string') return this.bad(line, `${ts}: "${rawTs.slice(0, 60)}"`);
    const rawAccount = fields[col[1]!] ?? '';
    let account = this.accountCache.get(rawAccount);
    if (account === undefined) {
      const a = rawAccount.trim();
      if (!a) return this.bad(line, 'account is empty');
      if (a.length > 320) return this.bad(line, 'account is longer than 320 characters');
      if (a.includes(SEP)) return this.bad(line, 'a field holds a NUL character');
      account = this.cached(this.accountCache, rawAccount, () => this.code(a));
      if (!this.accounts.has(a)) {
        if (!this.known.has(a) && this.known.size + ++this.added > MAX_ACCOUNTS) this.tooManyAccounts(line);
        this.accounts.add(this.strings[account]!);
      }
    }
    const rawIp = fields[col[2]!] ?? '';
    const ip = this.cached(this.ipCache, rawIp, () => {
      const n = normaliseIp(rawIp);
      return n === null ? BAD : this.code(n);
    });
    if (ip === BAD) return this.bad(line, `ip is not an IPv4 or IPv6 address: "${rawIp.slice(0, 60)}"`);
    const rawCountry = col[3]! < 0 ? '' : (fields[col[3]!] ?? '');
    let country =
      rawCountry === ''
        ? NONE
        : this.cached(this.countryCache, rawCountry, () => {
            const c = rawCountry.trim();
            return NO_COUNTRY.has(c.toLowerCase()) ? NONE : COUNTRY.test(c) ? this.code(c.toUpperCase()) : BAD;
          });
    if (country === BAD) return this.bad(line, `country must be a two-letter ISO 3166 code: "${rawCountry.trim().slice(0, 20)}"`);
    const event = this.name(optional(fields, col[4]!));
    const session = this.name(optional(fields, col[5]!));
    const agent = this.name(optional(fields, col[6]!));
    if (event === BAD || session === BAD || agent === BAD) return this.bad(line, 'a field holds a NUL character');
    let port = NONE;
    if (col[7]! >= 0) {
      const rawPort = optional(fields, col[7]!);
      if (rawPort !== '') {
        port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : BAD;
        if (port === BAD || port > 65535) return this.bad(line, `port must be a whole number from 0 to 65535: "${rawPort.slice(0, 20)}"`);
      }
    }
    let source = 1;
    if (country === NONE) {
      source = 0;
      if (this.lookup) {
        let g = this.geoCache.get(ip);
        if (g === undefined) {
          const found = this.lookup(this.strings[ip]!);
          g = found === null ? NONE : this.code(found);
          if (this.geoCache.size >= CACHE_LIMIT) this.geoCache.clear();
          this.geoCache.set(ip, g);
        }
        if (g !== NONE) {
          country = g;
          source = 2;
        }
      }
    }
    const k = this.count++;
    this.ts[k] = ts;
    this.line[k] = line;
    this.source[k] = source;
    this.port[k] = port;
    const c = k * CODED_FIELDS;
    const codes = this.codes;
    codes[c] = account;
    codes[c + 1] = ip;
    codes[c + 2] = country;
    codes[c + 3] = event;
    codes[c + 4] = session;
    codes[c + 5] = agent;
    this.good++;
    if (this.count === BATCH_ROWS) this.flush();
  }

  private tooManyAccounts(line: number): never {
    const max = MAX_ACCOUNTS.toLocaleString('en');
    const where = this.known.size
      ? `brings the case's login records to more than ${max} different accounts (${this.known.size.toLocaleString('en')} before this file)`
      : `brings the file to more than ${max} different accounts`;
    throw new AppError(
      'invalid_input',
      `Line ${line.toLocaleString('en')} ${where}; nothing was imported. Casebook checks each account's logins as a whole and can follow at most ${max} in a case. Export the records of the accounts under investigation only.`,
      { details: { line, maxAccounts: MAX_ACCOUNTS, accountsBefore: this.known.size } },
    );
  }

  /** An event name's, session id's or user agent's number; NONE when empty, BAD when it holds a NUL. */
  private name(s: string): number {
    if (s === '') return NONE;
    return this.cached(this.nameCache, s, () => (s.includes(SEP) ? BAD : this.code(s)));
  }

  /** Hands on the rows collected since the last batch; the dictionary starts again after it when it has grown large. */
  flush(): void {
    if (this.count === 0) return;
    const n = this.count;
    this.onBatch({ count: n, ts: this.ts.slice(0, n), line: this.line.slice(0, n), source: this.source.slice(0, n), port: this.port.slice(0, n), codes: this.codes.slice(0, n * CODED_FIELDS), words: this.words, reset: this.reset });
    this.count = 0;
    this.words = [];
    this.reset = false;
    if (this.strings.length >= DICT_LIMIT || this.dictChars >= DICT_CHARS) {
      this.dict.clear();
      this.strings.length = 0;
      this.dictChars = 0;
      for (const cache of [this.ipCache, this.countryCache, this.accountCache, this.nameCache]) cache.clear();
      this.geoCache.clear();
      this.reset = true;
    }
  }
}

/** An optional text field, trimmed and cut to 1,000 characters; '' when absent. */
function optional(fields: string[], i: number): string {
  if (i < 0) return '';
  const v = fields[i];
  if (!v) return '';
  return v.length > 1000 ? v.slice(0, 1000).trim() : v.trim();
}
