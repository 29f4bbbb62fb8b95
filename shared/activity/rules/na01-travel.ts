import { distanceKm, type Place } from '../geo.ts';
import { HOUR, iso, round, SpanStats } from '../span.ts';
import type { LoginEvent, Rule } from './rule.ts';
import { utcText } from '../../text.ts';

type Seen = { place: Place; e: LoginEvent };
type Jump = { from: string; to: string; fromIp: string; toIp: string; fromAt: string; toAt: string; km: number; hours: number; kmh: number | null; precision: string };
type Episode = { stats: SpanStats; jumps: number; first: Jump; fastest: Jump; lastTs: number; lastRef: number };

const speedOf = (j: Jump) => j.kmh ?? Infinity;

/**
 * NA-01 (A22: "many logins … especially from different countries"; P25) as impossible travel:
 * two consecutive located logins of one account farther apart than the speed setting allows for
 * the time between them (great-circle distance; the GeoIP database's city where it has one, else
 * the centre of the country). Jumps shorter than the minimum distance are GeoIP noise; a city and
 * a country centre in the same country cannot be compared. Jumps of one account less than the
 * country window apart make one finding.
 */
export const na01Travel: Rule = {
  detector: 'NA-01/travel',
  indicator: 'NA-01',
  title: 'Impossible travel: two logins of one account too far apart for the time between them',
  settings: ['na01SpeedKmh', 'na01TravelMinKm', 'na01CountryWindowHours'],
  explain: (d) => {
    const x = d.detail as { first: Jump; fastest: Jump; jumps: number; speedLimitKmh: number; precision: string };
    const j = x.first;
    const speed = (k: Jump) => (k.kmh === null ? 'at the same moment' : `${Math.round(k.hours * 60)} minutes apart: ${Math.round(k.kmh).toLocaleString('en')} km/h`);
    return `${d.account} logged in from ${j.from} (${j.fromIp}) at ${utcText(j.fromAt)} and from ${j.to} (${j.toIp}) at ${utcText(j.toAt)}, ${Math.round(j.km).toLocaleString('en')} km apart and ${speed(j)}, faster than the ${x.speedLimitKmh.toLocaleString('en')} km/h anyone can travel.${x.jumps > 1 ? ` ${x.jumps} such jumps in all; the fastest ${Math.round(x.fastest.km).toLocaleString('en')} km ${speed(x.fastest)}.` : ''} ${x.precision}`;
  },
  start({ settings: s, locate, report }) {
    if (!locate) return null;
    const window = s.na01CountryWindowHours * HOUR;
    const last = new Map<string, Seen>();
    const open = new Map<string, Episode>();
    const close = (account: string, ep: Episode) => {
      const d = ep.stats.view();
      const centres = [ep.first, ep.fastest].some((j) => j.precision !== 'city');
      report({
        indicator: 'NA-01', detector: 'NA-01/travel', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-01/travel|${account}|${d.from}`,
        detail: {
          rule: `> ${s.na01SpeedKmh} km/h between consecutive logins at least ${s.na01TravelMinKm} km apart`,
          jumps: ep.jumps, first: ep.first, fastest: ep.fastest, speedLimitKmh: s.na01SpeedKmh, events: d.events, weight: 'full',
          precision: centres
            ? 'Where the GeoIP database has no city for an address, the place is the centre of its country, so distances are approximate.'
            : "Places are the GeoIP database's cities, which can be tens of km off.",
        },
      });
    };
    return {
      push(e) {
        const seen = last.get(e.account);
        // The same address with the same country as the account's last located login is the same
        // place (locate is a function of the two): no look-up, nothing to measure.
        if (seen && seen.e.ip === e.ip && seen.e.country === e.country) {
          seen.e = e;
          return;
        }
        const place = locate(e.ip, e.country);
        if (!place) return;
        if (!seen) {
          last.set(e.account, { place, e });
          return;
        }
        // Most logins come from where the last one did: nothing to measure, nothing allocated.
        if (seen.place === place || (seen.place.lat === place.lat && seen.place.lon === place.lon)) {
          seen.e = e;
          return;
        }
        const prev = { place: seen.place, e: seen.e };
        seen.place = place;
        seen.e = e;
        const a = prev.place;
        // A city and the centre of its own country say nothing about distance.
        if (a.precision !== place.precision && a.country !== null && a.country === place.country) return;
        const km = distanceKm(a, place);
        if (km < s.na01TravelMinKm) return;
        const dt = e.ts - prev.e.ts;
        const kmh = dt === 0 ? null : km / (dt / HOUR);
        if (kmh !== null && kmh <= s.na01SpeedKmh) return;
        const jump: Jump = {
          from: a.label, to: place.label, fromIp: prev.e.ip, toIp: e.ip, fromAt: iso(prev.e.ts), toAt: iso(e.ts), km: round(km, 0), hours: round(dt / HOUR), kmh: kmh === null ? null : round(kmh, 0),
          precision: a.precision === 'city' && place.precision === 'city' ? 'city' : 'country centre',
        };
        let ep = open.get(e.account);
        if (ep && prev.e.ts - ep.lastTs > window) {
          close(e.account, ep);
          ep = undefined;
        }
        if (!ep) {
          const stats = new SpanStats();
          stats.add(prev.e);
          open.set(e.account, (ep = { stats, jumps: 0, first: jump, fastest: jump, lastTs: e.ts, lastRef: e.ref }));
        } else if (ep.lastRef !== prev.e.ref) ep.stats.add(prev.e);
        ep.stats.add(e);
        ep.jumps++;
        ep.lastTs = e.ts;
        ep.lastRef = e.ref;
        if (speedOf(jump) > speedOf(ep.fastest)) ep.fastest = jump;
      },
      sweep(now) {
        for (const [account, ep] of open) {
          if (now - ep.lastTs <= window) continue;
          close(account, ep);
          open.delete(account);
        }
      },
      finish() {
        for (const [account, ep] of open) close(account, ep);
        open.clear();
        last.clear();
      },
    };
  },
};
