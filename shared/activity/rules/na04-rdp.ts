import { SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';
import { utcText } from '../../text.ts';

/** The Remote Desktop Protocol's registered port (IANA), which A22 names. */
const RDP_PORT = 3389;

/** NA-04 (A22: "remote desktop configuration, e.g. port 3389"): an account's connections to port 3389, when the file has a port column. */
export const na04Rdp: Rule = {
  detector: 'NA-04/rdp',
  indicator: 'NA-04',
  title: 'Remote-desktop connections (port 3389)',
  settings: [],
  explain: (d) => `${String(d.detail.events)} connections of ${d.account} went to port 3389, the remote-desktop port (${utcText(d.from)} – ${utcText(d.to)}), from ${d.ips.join(', ')}.`,
  start({ report }) {
    const byAccount = new Map<string, SpanStats>();
    return {
      push(e) {
        if (e.port !== RDP_PORT) return;
        let s = byAccount.get(e.account);
        if (!s) byAccount.set(e.account, (s = new SpanStats()));
        s.add(e);
      },
      finish() {
        for (const [account, s] of byAccount) {
          const d = s.view();
          report({
            indicator: 'NA-04', detector: 'NA-04/rdp', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `NA-04/rdp|${account}`,
            detail: { rule: 'connections to port 3389 (remote desktop)', port: RDP_PORT, events: d.events, weight: 'full' },
          });
        }
        byAccount.clear();
      },
    };
  },
};
