import type { Parking } from '../idle.ts';
import type { ActivitySettings } from '../fields.ts';
import type { Finding } from '../types.ts';
import type { Place } from '../geo.ts';

/** One stored login event, as a pass over a case's events sees it. */
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
  /** The record's user agent (or client) text, when the file has one. */
  agent: string | null;
  /** The destination port, when the file has a port column. */
  port: number | null;
};

/** What a rule reports, before it is stored as a Finding. */
export type FindingDraft = Pick<Finding, 'indicator' | 'detector' | 'account' | 'ips' | 'countries' | 'from' | 'to' | 'detail'> & {
  refs: number[];
  /** More addresses than `ips` lists (a finding lists at most MAX_LISTED); moved into the detail when reported. */
  moreIps?: boolean;
  /** Identifies the same finding when analysis runs again. */
  key: string;
};

export type RangeMatch = { list: string; kind: string; cidr: string };

/** The range-list kind for the company's own VPN and NAT exits: their addresses say nothing about a worker. */
export const COMPANY_EGRESS = 'company_egress';

/**
 * Where and who a subject of the case claims to be: `country` from their claimed location (else
 * from their claimed time zone), `zone` their claimed time zone (else their location's).
 */
export type Claim = { subject: string; location: string; country: string | null; basis: 'location' | 'time zone' | null; nationality: string | null; zone: string | null };

/** Where an address is: the GeoIP database's city when it has one, else the centre of the event's country. */
export type Locate = (ip: string, country: string | null) => Place | null;

/** What a rule is given when a pass over a case's events starts. */
export type RuleEnv = {
  settings: ActivitySettings;
  /** The claimed zone of each import of the case that names one. */
  zones: Map<number, string>;
  /** The imported range list an address falls in, or null; null itself when there are no range lists. */
  rangeOf: ((ip: string) => RangeMatch | null) | null;
  /** The claimed zone for accounts whose imports name none (the subject's), or null. */
  defaultZone: string | null;
  /** The subject claimed for each import naming one, and for the rest (the case's one worker), if any. */
  claims: { byImport: Map<number, Claim>; fallback: Claim | null };
  /** Coordinates of an address, or null when nothing places it. */
  locate: Locate | null;
  /** Where a rule parks the state of quiet keys (see idle.ts); in memory when not given. */
  park?: Parking | undefined;
  /** Stores a finding (with the rule's explanation added). */
  report(d: FindingDraft): void;
};

/** One rule's pass over a case's events, fed in time order (ties by row id). */
export type RuleRun = {
  push(e: LoginEvent): void;
  /** Reports and drops what events at `now` or later can no longer change; called every few thousand events. */
  sweep?(now: number): void;
  /** Reports what is still open once every event is in. */
  finish(): void;
};

/**
 * A login rule: the finding it raises (detector id, the indicator it serves, a title), the
 * settings it reads, how it explains a finding in words for a report, and its pass over the
 * events. A rule keeps only what its window, run or summary needs, never the events.
 */
export type Rule = {
  detector: string;
  indicator: string;
  title: string;
  /** Further findings the rule raises, when one rule judges a thing two ways (a weaker variant). */
  also?: readonly { detector: string; title: string }[];
  settings: readonly (keyof ActivitySettings)[];
  /** One or two sentences an officer can put in a report, from the finding's own figures. */
  explain(d: FindingDraft): string;
  /** A pass over a case's events; null when the rule has nothing to look at (no range lists, no claimed zone). */
  start(env: RuleEnv): RuleRun | null;
};

/** True for an address inside one of the company's own egress ranges. */
export const isEgress = (env: Pick<RuleEnv, 'rangeOf'>, ip: string): boolean => env.rangeOf !== null && env.rangeOf(ip)?.kind === COMPANY_EGRESS;
