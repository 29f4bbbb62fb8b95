import { z } from 'zod';

export const ACTIVITY_FIELDS = ['timestamp', 'account', 'ip', 'country', 'event', 'session_id', 'user_agent', 'port'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ActivityField[] = ['timestamp', 'account', 'ip'];

/** Header names (normalised: lower case, runs of non-alphanumerics as one underscore) each field answers to. */
export const FIELD_ALIASES: Record<ActivityField, readonly string[]> = {
  timestamp: ['timestamp', 'time', 'date', 'datetime', 'date_time', 'ts', 'time_utc', 'timestamp_utc', 'event_time', 'login_time', 'logged_at', 'created_at', 'occurred_at', 'when'],
  account: ['account', 'user', 'username', 'user_name', 'userid', 'user_id', 'login', 'email', 'e_mail', 'email_address', 'principal', 'actor', 'account_name', 'upn'],
  ip: ['ip', 'ip_address', 'ipaddress', 'src_ip', 'source_ip', 'client_ip', 'remote_ip', 'remote_addr', 'ip_addr', 'address', 'ipv4', 'ipv6'],
  country: ['country', 'country_code', 'countrycode', 'geo_country', 'src_country', 'cc', 'iso_country'],
  event: ['event', 'event_type', 'action', 'activity', 'type', 'operation'],
  session_id: ['session_id', 'session', 'sessionid', 'sid'],
  user_agent: ['user_agent', 'useragent', 'ua', 'agent', 'browser', 'client'],
  port: ['port', 'dst_port', 'dest_port', 'destination_port', 'dport', 'dstport', 'service_port', 'target_port', 'remote_port'],
};

export const normaliseHeader = (h: string): string =>
  h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/**
 * Matches a file's headers to the canonical fields: an explicit mapping wins, then the aliases.
 * Returns the column index of every field found and the required ones still missing.
 */
export function mapHeaders(headers: string[], explicit: Record<string, ActivityField> = {}): { columns: Partial<Record<ActivityField, number>>; missing: ActivityField[]; unknown: string[] } {
  const columns: Partial<Record<ActivityField, number>> = {};
  const norm = headers.map(normaliseHeader);
  const explicitNorm = new Map(Object.entries(explicit).map(([col, field]) => [normaliseHeader(col), field]));
  norm.forEach((h, i) => {
    const f = explicitNorm.get(h);
    if (f) columns[f] = i;
  });
  const taken = new Set(Object.values(columns));
  for (const field of ACTIVITY_FIELDS) {
    if (columns[field] !== undefined) continue;
    const i = norm.findIndex((h, idx) => !taken.has(idx) && !explicitNorm.has(h) && FIELD_ALIASES[field].includes(h));
    if (i >= 0) {
      columns[field] = i;
      taken.add(i);
    }
  }
  const unknown = [...explicitNorm.keys()].filter((h) => !norm.includes(h));
  return { columns, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined), unknown };
}

export const ActivitySettings = z.object({
  na01Countries: z.number().int().min(2).max(50),
  na01CountryWindowHours: z.number().min(0.25).max(24 * 30),
  na01Ips: z.number().int().min(2).max(1000),
  na01IpWindowMinutes: z.number().min(1).max(24 * 60 * 7),
  na01SpeedKmh: z.number().min(50).max(100_000),
  na01TravelMinKm: z.number().min(0).max(20_000),
  na02Accounts: z.number().int().min(2).max(1000),
  na02WindowHours: z.number().min(0.25).max(24 * 30),
  na03SessionHours: z.number().min(1).max(24 * 30),
  na03GapMinutes: z.number().min(1).max(24 * 60),
  na08HighRiskCountries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code')).max(250),
  na08MinEvents: z.number().int().min(1).max(1_000_000),
  wp01NightShare: z.number().min(0).max(1),
  wp01OffsetHours: z.number().min(0.25).max(24),
  wp01MinEvents: z.number().int().min(1).max(1_000_000),
  importMaxBadShare: z.number().min(0).max(1),
  geoipPath: z.string().max(4096).nullable(),
});
export type ActivitySettings = z.output<typeof ActivitySettings>;

/** The thresholds the guidance implies (A22: "many logins… in a short time", "a day or more"), as editable defaults. */
export const DEFAULT_ACTIVITY_SETTINGS: ActivitySettings = {
  na01Countries: 2,
  na01CountryWindowHours: 24,
  na01Ips: 3,
  na01IpWindowMinutes: 60,
  /** Faster than an airliner's cruising speed (about 900 km/h) between two logins is impossible travel. */
  na01SpeedKmh: 1000,
  /** Jumps shorter than this are left alone: GeoIP places an address tens to hundreds of km off. */
  na01TravelMinKm: 300,
  na02Accounts: 2,
  na02WindowHours: 24,
  na03SessionHours: 24,
  /** Continuous work: no gap over 2 h (issue 14; a lunch break or a meeting is not a stop). */
  na03GapMinutes: 120,
  /**
   * Where most of these workers are based: China and Russia (A22; the FBI warning reported in the
   * press in 2022), and North Korea itself.
   */
  na08HighRiskCountries: ['KP', 'CN', 'RU'],
  na08MinEvents: 1,
  wp01NightShare: 0.25,
  wp01OffsetHours: 3,
  wp01MinEvents: 20,
  importMaxBadShare: 0.01,
  geoipPath: null,
};
