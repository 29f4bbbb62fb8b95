import { SpanStats } from '../span.ts';
import { COMPANY_EGRESS, type Rule } from './rule.ts';
import { utcText } from '../../text.ts';

/**
 * NA-04 (A22: VPN, VPS or remote-desktop use that is not company practice): an account's addresses
 * inside an imported range list; the company's own egress ranges are company practice and left out.
 */
export const na04Ranges: Rule = {
  detector: 'NA-04/cidr',
  indicator: 'NA-04',
  title: 'Addresses inside imported VPN / hosting / remote-desktop ranges',
  settings: [],
  explain: (d) =>
    `${String(d.detail.events)} logins of ${d.account} (${utcText(d.from)} – ${utcText(d.to)}) came from addresses in the range list "${String(d.detail.list)}" (${String(d.detail.kind)}): ${(d.detail.ranges as string[]).join(', ')}.`,
  start({ rangeOf, report }) {
    if (!rangeOf) return null;
    const byAccount = new Map<string, Map<string, { stats: SpanStats; kind: string; cidrs: Set<string> }>>();
    return {
      push(e) {
        const m = rangeOf(e.ip);
        if (!m || m.kind === COMPANY_EGRESS) return;
        let lists = byAccount.get(e.account);
        if (!lists) byAccount.set(e.account, (lists = new Map()));
        let r = lists.get(m.list);
        if (!r) lists.set(m.list, (r = { stats: new SpanStats(), kind: m.kind, cidrs: new Set() }));
        r.stats.add(e);
        r.cidrs.add(m.cidr);
      },
      finish() {
        for (const [account, lists] of byAccount) {
          for (const [list, r] of lists) {
            const d = r.stats.view();
            report({
              indicator: 'NA-04', detector: 'NA-04/cidr', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
              key: `NA-04/cidr|${account}|${list}`,
              detail: { rule: 'IP inside an imported range list', list, kind: r.kind, ranges: [...r.cidrs].sort(), events: d.events },
            });
          }
        }
        byAccount.clear();
      },
    };
  },
};
