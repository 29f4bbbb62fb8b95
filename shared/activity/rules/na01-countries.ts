import { HOUR, iso, round, Slider, SliderMap } from '../span.ts';
import type { Rule } from './rule.ts';
import { utcText } from '../../text.ts';

/**
 * NA-01 (A22, P25): one account seen from several countries within a window: a plain change of
 * country, which travel or a VPN can explain, so it weighs less than impossible travel (NA-01/travel).
 */
export const na01Countries: Rule = {
  detector: 'NA-01/countries',
  indicator: 'NA-01',
  title: 'One account from several countries in a short time',
  settings: ['na01Countries', 'na01CountryWindowHours'],
  explain: (d) =>
    `The account ${d.account} logged in from ${d.countries.length} countries (${d.countries.join(', ')}) between ${utcText(d.from)} and ${utcText(d.to)}; at most ${String(d.detail.maxCountriesInWindow)} of them within ${String((d.detail.window as { hours: number }).hours)} hours. A change of country alone can be travel or a VPN; see impossible travel for the speed.`,
  start({ settings: s, report }) {
    const sliders = new SliderMap<string>(s.na01CountryWindowHours * HOUR, (account) =>
      new Slider(s.na01CountryWindowHours * HOUR, (e) => e.country!, (c) => c.size >= s.na01Countries, (ep) => {
        const d = ep.stats.view();
        report({
          indicator: 'NA-01', detector: 'NA-01/countries', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-01/countries|${account}|${d.from}`,
          detail: { rule: `≥ ${s.na01Countries} countries within ${s.na01CountryWindowHours} h`, countries: d.countries.length, maxCountriesInWindow: ep.peak, window: { from: iso(ep.peakFrom), to: iso(ep.peakTo), hours: round((ep.peakTo - ep.peakFrom) / HOUR) }, events: d.events, weight: 'lower' },
        });
      }),
    );
    return {
      push: (e) => {
        if (e.country !== null) sliders.push(e.account, e);
      },
      sweep: (now) => sliders.sweep(now),
      finish: () => sliders.finish(),
    };
  },
};
