import { isTimeZone } from './subjects.ts';
import { normaliseIdentifier, WALLET_CHAINS, PAYMENT_PROVIDERS, PLATFORMS, isCountryCode, type IdentifierKind } from './identifiers.ts';

/** Where a timeline entry comes from, in the order entries of the same moment are listed. */
export const TIMELINE_KINDS = ['status', 'evidence', 'finding', 'payment', 'sanctions', 'decision', 'officer'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  status: 'Case status',
  evidence: 'Evidence',
  finding: 'Activity finding',
  payment: 'Payment',
  sanctions: 'Sanctions',
  decision: 'Decision or review',
  officer: "Officer's entry",
};

/** One dated event of a case: drawn from a record of the case, or added by the officer. */
export type TimelineEntry = {
  /** Stable key: the source record ("evidence:E-001", "entry:4"). */
  key: string;
  kind: TimelineKind;
  /** UTC ISO instant, or a calendar date (YYYY-MM-DD) for records kept by day (payments, blocks). */
  at: string;
  /** End of the period, for a finding's window. */
  until: string | null;
  text: string;
  /** The record it came from, as people name it: "E-001", "payment 3", "decision 2". */
  source: string;
  /** The case tab that shows the source record. */
  tab: string;
  exhibits: string[];
  /** Printed in the report's chronology (an open finding, not yet reviewed, is not). */
  inReport: boolean;
  /** For an officer's entry: the time as given, its zone, and who may change it. */
  entry: { id: number; version: number; local: string; zone: string; createdBy: string; createdAt: string; updatedAt: string } | null;
};

/** The instant used to order entries: a date-only entry sorts at the start of its day, UTC. */
export const sortInstant = (at: string): string => (at.length === 10 ? `${at}T00:00:00.000Z` : new Date(at).toISOString());

export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const t = sortInstant(a.at).localeCompare(sortInstant(b.at));
  if (t !== 0) return t;
  const k = TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind);
  return k !== 0 ? k : a.key.localeCompare(b.key, 'en', { numeric: true });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The offset of a zone from UTC at an instant, in minutes (Asia/Seoul: +540). */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** A wall-clock time in a zone as of the instant: "2024-03-01T09:30". */
export function localIn(epochMs: number, zone: string): string {
  const d = new Date(epochMs + zoneOffsetMinutes(epochMs, zone) * 60000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})$/i;

export type Moment = { utc: string; local: string; zone: string };

/**
 * The moment an officer gave: either a time with its offset (2024-03-01T09:30:00+09:00, or Z), or
 * a wall-clock time (2024-03-01T09:30) with the zone it was read in (Asia/Seoul). A wall-clock time
 * that does not exist in the zone (skipped by a daylight-saving change) is refused.
 */
export function resolveMoment(at: string, zone?: string | null): { ok: true; moment: Moment } | { ok: false; message: string } {
  const a = at.trim();
  if (zone) {
    const z = zone.trim();
    if (z.toUpperCase() === 'UTC') return resolveMoment(`${a.length === 16 ? `${a}:00` : a}Z`);
    if (!isTimeZone(z)) return { ok: false, message: `the zone "${z}" is not a time zone like Asia/Seoul or America/New_York` };
    const m = LOCAL_RE.exec(a);
    if (!m) return { ok: false, message: `"${a}" is not a date and time like 2024-03-01T09:30 (give the zone separately)` };
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
    const guess = Date.UTC(y, mo - 1, d, h, mi, s);
    if (new Date(guess).getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return { ok: false, message: `"${a}" is not a real date and time` };
    let utc = guess - zoneOffsetMinutes(guess, z) * 60000;
    utc = guess - zoneOffsetMinutes(utc, z) * 60000;
    const local = `${a.slice(0, 16)}`;
    if (localIn(utc, z) !== local) return { ok: false, message: `${a.replace('T', ' ')} does not exist in ${z} (the clocks skipped that hour)` };
    return { ok: true, moment: { utc: new Date(utc).toISOString(), local, zone: z } };
  }
  const m = OFFSET_RE.exec(a);
  if (!m) return { ok: false, message: `"${a}" needs its zone: write it like 2024-03-01T09:30:00+09:00 or 2024-03-01T00:30:00Z` };
  const ms = Date.parse(a);
  if (Number.isNaN(ms)) return { ok: false, message: `"${a}" is not a real date and time` };
  const off = m[2]!.toUpperCase() === 'Z' ? 'UTC' : m[2]!;
  if (off !== 'UTC' && (Number(off.slice(1, 3)) > 14 || Number(off.slice(4)) > 59)) return { ok: false, message: `the offset ${off} is not a real UTC offset` };
  return { ok: true, moment: { utc: new Date(ms).toISOString(), local: m[1]!.slice(0, 16), zone: off } };
}

/** An officer's entry as people read it: the time as given with its zone, and UTC beside it. */
export function momentText(e: { local: string; zone: string; utc: string }): string {
  const local = e.local.replace('T', ' ');
  if (e.zone === 'UTC') return `${local} UTC`;
  return `${local} ${e.zone} (${e.utc.slice(0, 16).replace('T', ' ')} UTC)`;
}

/** When a derived entry happened, as people read it. */
export function entryWhen(e: Pick<TimelineEntry, 'at' | 'until' | 'entry'>): string {
  if (e.entry) return momentText({ local: e.entry.local, zone: e.entry.zone, utc: e.at });
  const one = (s: string) => (s.length === 10 ? s : `${s.slice(0, 16).replace('T', ' ')} UTC`);
  return e.until && e.until !== e.at ? `${one(e.at)} – ${one(e.until)}` : one(e.at);
}

// ---- Notes ----

export type CaseNote = {
  id: number;
  caseNumber: string;
  author: string;
  body: string;
  exhibits: string[];
  /** Linked identifiers with their value as now recorded (null when the identifier was since removed). */
  identifiers: { id: number; kind: IdentifierKind | null; display: string | null }[];
  indicators: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
};

// ---- Observables ----

export const SANCTIONS_RESULTS = ['confirmed', 'to_decide', 'dismissed', 'clear', 'not_screened'] as const;
export type SanctionsResult = (typeof SANCTIONS_RESULTS)[number];
export const SANCTIONS_RESULT_LABELS: Record<SanctionsResult, string> = {
  confirmed: 'Confirmed match',
  to_decide: 'Possible match to decide',
  dismissed: 'Match dismissed',
  clear: 'No match',
  not_screened: 'Not screened',
};

export type Observable = {
  id: number;
  kind: IdentifierKind;
  value: string;
  display: string;
  qualifier: string | null;
  subjectId: number | null;
  subject: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  exhibit: string | null;
  otherCases: string[];
  sanctions: SanctionsResult;
  /** The listed name and list version behind a match, or the screening date of a clean result. */
  sanctionsDetail: string;
};

export type ImportProblem = { line: number; value: string; reason: string };

/**
 * The outcome of an identifier import. Imports are all or nothing: when any line is rejected
 * nothing is added (`added` is 0) and every bad line is listed; values already in the case are
 * listed as duplicates and not added twice.
 */
export type ObservableImportResult = { added: number; rejected: ImportProblem[]; duplicates: ImportProblem[]; sha256: string | null };

const isOneOf = (list: readonly string[]) => (q: string) => list.some((x) => x.toLowerCase() === q.toLowerCase());

/**
 * The kind a pasted value most likely is, from its shape alone; null when the shape does not tell
 * (a serial number, a bare account number): such a line must name its kind ("device,C02XK0JH").
 */
export function detectKind(raw: string): IdentifierKind | null {
  const v = raw.trim();
  const prefix = /^([A-Za-z][A-Za-z0-9 .-]{0,29}):(?!\/\/)(.+)$/.exec(v)?.[1];
  if (prefix) {
    if (isOneOf(WALLET_CHAINS)(prefix)) return 'wallet';
    if (isOneOf(PLATFORMS)(prefix) || prefix.toLowerCase() === 'twitter') return 'platform_handle';
    if (isOneOf(PAYMENT_PROVIDERS)(prefix)) return 'payment_account';
    if (/^[A-Za-z]{2}$/.test(prefix) && isCountryCode(prefix.toUpperCase())) return 'document';
    if (prefix.toLowerCase() === 'mailto') return 'email';
  }
  if (/^(?:https?:\/\/)?(?:www\.)?(github\.com|gitlab\.com|t\.me|telegram\.me|x\.com|twitter\.com|linkedin\.com\/in|upwork\.com\/freelancers|freelancer\.com\/u|fiverr\.com)\//i.test(v)) return 'platform_handle';
  if (v.includes('@') && !/\s/.test(v)) return 'email';
  if (/^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(v) || /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(v)) return 'device';
  if (/^\[?[0-9a-f:.]+\]?(\/\d{1,3})?$/i.test(v) && (/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(v) || (v.includes(':') && /[0-9a-f]*:[0-9a-f]*:/i.test(v)))) return 'ip';
  if (/^0x[0-9a-fA-F]{8,}$/.test(v) || /^(bc1|ltc1)[a-z0-9]{8,}$/i.test(v) || /^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(v) || /^[13LM][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(v)) return 'wallet';
  if (/^(\+|00)[\d\s().-]{6,}$/.test(v)) return 'phone';
  if (/^[A-Z]{2}\d{2}[A-Z0-9\s]{10,}$/i.test(v.replace(/-/g, '')) && normaliseIdentifier('bank_account', v).ok) return 'bank_account';
  if (/\p{L}/u.test(v) && /\s/.test(v) && /\d/.test(v) && v.length >= 8 && v.includes(',')) return 'address';
  return null;
}
