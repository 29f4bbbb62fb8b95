import { memo } from '../memo.ts';
import { remoteAccessTools } from '../../indicators/remote-access.ts';
import { SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';
import { utcText } from '../../text.ts';

/** NA-05 (P24): an account's logins whose user agent names a remote-access tool or IP-KVM (list: shared/indicators/remote-access.ts). */
export const na05Agent: Rule = {
  detector: 'NA-05/agent',
  indicator: 'NA-05',
  title: 'Remote-access tool in the user agent',
  settings: [],
  explain: (d) => `${String(d.detail.events)} logins of ${d.account} (${utcText(d.from)} – ${utcText(d.to)}) came through ${(d.detail.tools as string[]).join(', ')}, named in their user agent ("${String(d.detail.example)}").`,
  start({ report }) {
    const tools = memo((agent: string) => remoteAccessTools(agent), 16_384);
    const byAccount = new Map<string, { stats: SpanStats; tools: Set<string>; example: string }>();
    return {
      push(e) {
        if (e.agent === null) return;
        const found = tools(e.agent);
        if (found.length === 0) return;
        let a = byAccount.get(e.account);
        if (!a) byAccount.set(e.account, (a = { stats: new SpanStats(), tools: new Set(), example: e.agent.slice(0, 200) }));
        a.stats.add(e);
        for (const t of found) a.tools.add(t);
      },
      finish() {
        for (const [account, a] of byAccount) {
          const d = a.stats.view();
          report({
            indicator: 'NA-05', detector: 'NA-05/agent', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
            key: `NA-05/agent|${account}`,
            detail: { rule: 'user agent names a remote-access tool or IP-KVM', tools: [...a.tools].sort(), example: a.example, events: d.events, weight: 'full' },
          });
        }
        byAccount.clear();
      },
    };
  },
};
