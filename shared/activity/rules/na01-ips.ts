import { iso, round, Slider, SliderMap } from '../span.ts';
import type { Rule } from './rule.ts';
import { networkOf } from '../address.ts';
import { utcText } from '../../text.ts';

/** NA-01 (A22): one account seen from many IP addresses within a short window (an IPv6 /64 counts as one address). */
export const na01Ips: Rule = {
  detector: 'NA-01/ips',
  indicator: 'NA-01',
  title: 'One account from many IP addresses in a short time',
  settings: ['na01Ips', 'na01IpWindowMinutes'],
  explain: (d) =>
    `The account ${d.account} logged in from ${d.ips.length}${d.moreIps || d.detail.moreAddresses ? ' or more' : ''} IP addresses (networks: ${String(d.detail.maxIpsInWindow)} or more distinct, an IPv6 /64 counted once) between ${utcText(d.from)} and ${utcText(d.to)}; at most ${String(d.detail.maxIpsInWindow)} of them within ${String((d.detail.window as { minutes: number }).minutes)} minutes.`,
  start({ settings: s, report }) {
    const sliders = new SliderMap<string>(s.na01IpWindowMinutes * 60_000, (account) =>
      new Slider(s.na01IpWindowMinutes * 60_000, (e) => networkOf(e.ip), (c) => c.size >= s.na01Ips, (ep) => {
        const d = ep.stats.view();
        report({
          indicator: 'NA-01', detector: 'NA-01/ips', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-01/ips|${account}|${d.from}`,
          detail: { rule: `≥ ${s.na01Ips} IP addresses (an IPv6 /64 as one) within ${s.na01IpWindowMinutes} min`, ips: d.ips.length, maxIpsInWindow: ep.peak, window: { from: iso(ep.peakFrom), to: iso(ep.peakTo), minutes: round((ep.peakTo - ep.peakFrom) / 60_000) }, events: d.events },
        });
      }),
    );
    return {
      push: (e) => sliders.push(e.account, e),
      sweep: (now) => sliders.sweep(now),
      finish: () => sliders.finish(),
    };
  },
};
