import { HoursAccumulator, formatOffset } from '../hours.ts';
import { round, SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';
import { countriesAtOffsets } from '../geo.ts';

type AccountHours = {
  all: SpanStats;
  /** The account's hours read in each zone claimed in the case. */
  hours: Map<string, HoursAccumulator>;
  /** The latest import naming a zone that holds events of this account. */
  zoneImport: number;
};

/**
 * WP-01 (A22: cannot work during the business hours the role requires): an account's activity
 * hours, read in the claimed time zone, fall mostly at night, or its best-fitting 09:00–18:00
 * workday lies hours away from the claimed zone.
 */
export const wp01Hours: Rule = {
  detector: 'WP-01/hours',
  indicator: 'WP-01',
  title: 'Activity hours against the claimed time zone',
  settings: ['wp01NightShare', 'wp01OffsetHours', 'wp01MinEvents'],
  explain: (d) => {
    const x = d.detail as { zone: string; zoneFrom: string; events: number; nightShare: number; workdayShareClaimed: number; bestFitRange: { from: string; to: string }; bestFitCountries: string[]; workdayShareBestFit: number };
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const range = x.bestFitRange.from === x.bestFitRange.to ? `at ${x.bestFitRange.from}` : `anywhere from ${x.bestFitRange.from} to ${x.bestFitRange.to}`;
    return `Read in ${x.zoneFrom} ${x.zone}, ${pct(x.nightShare)} of ${d.account}'s ${x.events} events fall between midnight and 06:00 and ${pct(x.workdayShareClaimed)} within 09:00–18:00. A 09:00–18:00 workday ${range} would hold ${pct(x.workdayShareBestFit)} of them; countries in that range: ${x.bestFitCountries.join(', ') || 'none'}.`;
  },
  start({ settings: s, zones, defaultZone, report }) {
    const zoneList = [...new Set([...zones.values(), ...(defaultZone ? [defaultZone] : [])])];
    if (zoneList.length === 0) return null;
    const accounts = new Map<string, AccountHours>();
    return {
      push(e) {
        let a = accounts.get(e.account);
        if (!a) accounts.set(e.account, (a = { all: new SpanStats(), hours: new Map(), zoneImport: -1 }));
        a.all.add(e);
        if (zones.has(e.importId) && e.importId > a.zoneImport) a.zoneImport = e.importId;
        for (const z of zoneList) {
          let h = a.hours.get(z);
          if (!h) a.hours.set(z, (h = new HoursAccumulator(z)));
          h.add(e.ts);
        }
      },
      finish() {
        for (const [account, a] of accounts) {
          const zone = a.zoneImport >= 0 ? zones.get(a.zoneImport)! : defaultZone;
          const hours = zone ? a.hours.get(zone) : undefined;
          if (!zone || !hours || hours.events < s.wp01MinEvents) continue;
          const h = hours.result();
          const offHours = h.deviationMinutes >= s.wp01OffsetHours * 60;
          const nightly = h.nightShare >= s.wp01NightShare;
          if (!offHours && !nightly) continue;
          const d = a.all.view();
          report({
            indicator: 'WP-01', detector: 'WP-01/hours', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `WP-01/hours|${account}`,
            detail: {
              rule: `night share ≥ ${s.wp01NightShare} or best-fit offset ≥ ${s.wp01OffsetHours} h from the claimed zone`,
              zone,
              zoneFrom: a.zoneImport >= 0 ? 'the claimed time zone' : "the subject's claimed time zone",
              events: h.events,
              nightEvents: h.night,
              nightShare: round(h.nightShare),
              workdayShareClaimed: round(h.workdayShareClaimed),
              bestFitOffset: formatOffset(h.bestOffsetMinutes),
              bestFitRange: { from: formatOffset(h.bestRangeMinutes[0]), to: formatOffset(h.bestRangeMinutes[1]) },
              bestFitCountries: countriesAtOffsets(h.bestRangeMinutes[0], h.bestRangeMinutes[1]),
              workdayShareBestFit: round(h.workdayShareBest),
              claimedOffsets: h.claimedOffsetsMinutes.map(formatOffset),
              deviationHours: round(h.deviationMinutes / 60, 2),
              reasons: [...(nightly ? ['night'] : []), ...(offHours ? ['offset'] : [])],
            },
          });
        }
        accounts.clear();
      },
    };
  },
};
