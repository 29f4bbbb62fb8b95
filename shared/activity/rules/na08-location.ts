import { offsetFn } from '../hours.ts';
import { countryName } from '../geo.ts';
import { HOUR, iso, MAX_REFS, round } from '../span.ts';
import { isEgress, type Claim, type Rule } from './rule.ts';
import { utcText } from '../../text.ts';

const MAX_ADDRESSES = 20;
const DAY = 24 * HOUR;
const QUARTER = 15 * 60_000;

// Kept for every account until the end, so kept small (a file can hold many accounts): an
// account's few countries in an array, the hours of day only when a zone is claimed.
type Tally = { country: string | null; events: number; hours: number; lastHour: number; workday: number; local: number[] | null; ips: string[]; lastIp: string; moreIps: boolean; refs: number[]; from: number; to: number };
type Account = { claimImport: number; events: number; hours: number; lastHour: number; tallies: Tally[]; last: Tally | null; bucket: number; localHour: number; workday: boolean };

const newTally = (country: string | null, ts: number, hoursOfDay: boolean): Tally => ({
  country, events: 0, hours: 0, lastHour: -1, workday: 0, local: hoursOfDay ? new Array<number>(24).fill(0) : null, ips: [], lastIp: '', moreIps: false, refs: [], from: ts, to: ts,
});

/** Runs of local hours with activity, as "09:00–12:59, 14:00–17:59". */
function hourRuns(local: number[] | null): string {
  if (!local) return '';
  const out: string[] = [];
  for (let h = 0; h < 24; ) {
    if (!local[h]) {
      h++;
      continue;
    }
    let e = h;
    while (e + 1 < 24 && local[e + 1]) e++;
    out.push(`${String(h).padStart(2, '0')}:00–${String(e).padStart(2, '0')}:59`);
    h = e + 1;
  }
  return out.join(', ');
}

/**
 * NA-08 (A22; the FBI warning reported in the press in 2022 that these workers are mostly in China
 * and Russia): an account's logins from a country other than the one its subject claims to be in
 * (the claimed location, else the claimed time zone's country, else the nationality), or from a
 * high-risk country whatever the claim. Reports, per country, the share of events and of active
 * hours, the hours of day in the claimed zone, and the addresses. The company's own egress
 * addresses are left out; events of unknown country count towards the shares only.
 */
export const na08Location: Rule = {
  detector: 'NA-08/location',
  indicator: 'NA-08',
  title: 'Logins from a country other than the claimed location',
  settings: ['na08HighRiskCountries', 'na08MinEvents'],
  explain: (d) => {
    const x = d.detail as {
      subject: string | null; claimedLocation: string; claimedCountry: string | null; claimBasis: string | null; nationality: string | null; country: string; countryName: string; highRisk: boolean;
      events: number; eventShare: number; activeHours: number; hourShare: number; zone: string | null; localHours: string; workdayEvents: number; addresses: string[]; moreAddresses: boolean;
    };
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const who = x.subject ? `${x.subject}` : 'The subject';
    const claim = !x.claimedCountry
      ? `No claimed location is recorded for ${x.subject ?? 'this account'}`
      : x.claimBasis === 'nationality'
        ? `${who} gives no location Casebook can read and claims to be a national of ${countryName(x.claimedCountry)}`
        : `${who} claims to be in ${x.claimedLocation || countryName(x.claimedCountry)} (${countryName(x.claimedCountry)}${x.claimBasis === 'time zone' ? ', from the claimed time zone' : ''})${x.nationality ? ` and to be a national of ${countryName(x.nationality)}` : ''}`;
    const hours = x.zone ? ` In ${x.zone} time these logins fall at ${x.localHours}; ${x.workdayEvents} of them within a 09:00–18:00 weekday there.` : '';
    const addrs = `${x.addresses.join(', ')}${x.moreAddresses ? ' and more' : ''}`;
    return `${claim}. ${x.events} of ${d.account}'s logins (${pct(x.eventShare)} of its events, ${x.activeHours} active hour${x.activeHours === 1 ? '' : 's'}, ${pct(x.hourShare)} of its active hours) came from ${x.countryName} (${x.country})${x.highRisk ? ', a country where most of these workers are based' : ''}, ${utcText(d.from)} – ${utcText(d.to)}, from ${addrs}.${hours}`;
  },
  start(env) {
    const { settings: s, claims, report } = env;
    const highRisk = new Set(s.na08HighRiskCountries);
    const zoneOf = (c: Claim | null) => c?.zone ?? null;
    const zones = [...new Set([...claims.byImport.values(), claims.fallback].map(zoneOf).filter((z): z is string => z !== null))];
    if (zones.length === 0 && claims.byImport.size === 0 && !claims.fallback && highRisk.size === 0) return null;
    // Local hours are kept in one zone: the case's only claimed zone (with several, the first).
    const zone = zones[0] ?? null;
    const off = zone ? offsetFn(zone) : null;
    const accounts = new Map<string, Account>();
    return {
      push(e) {
        if (isEgress(env, e.ip)) return;
        let a = accounts.get(e.account);
        if (!a) accounts.set(e.account, (a = { claimImport: -1, events: 0, hours: 0, lastHour: -1, tallies: [], last: null, bucket: -1, localHour: 0, workday: false }));
        if (e.importId > a.claimImport && claims.byImport.size && claims.byImport.has(e.importId)) a.claimImport = e.importId;
        const hour = Math.floor(e.ts / HOUR);
        a.events++;
        if (hour !== a.lastHour) {
          a.hours++;
          a.lastHour = hour;
        }
        let t = a.last !== null && a.last.country === e.country ? a.last : a.tallies.find((x) => x.country === e.country);
        if (!t) a.tallies.push((t = newTally(e.country, e.ts, off !== null)));
        a.last = t;
        t.events++;
        t.to = e.ts;
        if (hour !== t.lastHour) {
          t.hours++;
          t.lastHour = hour;
        }
        if (off) {
          // Local hour and weekday change only at quarter hours (zone offsets are whole quarters).
          const bucket = Math.floor(e.ts / QUARTER);
          if (bucket !== a.bucket) {
            a.bucket = bucket;
            const local = e.ts + off(e.ts) * 60_000;
            a.localHour = Math.floor((local % DAY) / HOUR);
            const weekday = (Math.floor(local / DAY) + 4) % 7;
            a.workday = weekday >= 1 && weekday <= 5 && a.localHour >= 9 && a.localHour < 18;
          }
          t.local![a.localHour]!++;
          if (a.workday) t.workday++;
        }
        if (t.refs.length < MAX_REFS) t.refs.push(e.ref);
        if (e.ip !== t.lastIp) {
          t.lastIp = e.ip;
          if (!t.moreIps && !t.ips.includes(e.ip)) {
            if (t.ips.length < MAX_ADDRESSES) t.ips.push(e.ip);
            else t.moreIps = true;
          }
        }
      },
      finish() {
        for (const [account, a] of accounts) {
          const claim = claims.byImport.get(a.claimImport) ?? claims.fallback;
          const reference = claim?.country ?? claim?.nationality ?? null;
          const byCountry = a.tallies.map((t) => ({ country: t.country ?? 'unknown', events: t.events, share: round(t.events / a.events), hours: t.hours, hourShare: round(t.hours / a.hours) }));
          for (const t of a.tallies) {
            const { country } = t;
            if (country === null || country === reference || t.events < s.na08MinEvents) continue;
            const risky = highRisk.has(country);
            if (!reference && !risky) continue;
            const ips = [...t.ips].sort();
            report({
              indicator: 'NA-08', detector: 'NA-08/location', account, ips, countries: [country], from: iso(t.from), to: iso(t.to), refs: t.refs,
              key: `NA-08/location|${account}|${country}`,
              detail: {
                rule: reference ? `logins from a country other than the claimed ${reference}` : `logins from a high-risk country (${[...highRisk].join(', ')})`,
                subject: claim?.subject ?? null, claimedLocation: claim?.location ?? '', claimedCountry: reference, claimBasis: claim?.country ? claim.basis : claim?.nationality ? 'nationality' : null,
                nationality: claim?.nationality ?? null, country, countryName: countryName(country), highRisk: risky,
                events: t.events, eventShare: round(t.events / a.events), activeHours: t.hours, hourShare: round(t.hours / a.hours),
                zone, localHours: zone ? hourRuns(t.local) : '', workdayEvents: t.workday, addresses: ips, moreAddresses: t.moreIps,
                byCountry, weight: risky ? 'full' : 'lower',
              },
            });
          }
        }
        accounts.clear();
      },
    };
  },
};
