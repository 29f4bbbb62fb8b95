import { HOUR, Slider, SliderMap } from '../span.ts';
import { isEgress, type Rule } from './rule.ts';
import { networkOf } from '../address.ts';
import { utcText } from '../../text.ts';

/**
 * NA-02 (A22): several accounts of the case logged in from one IP address (an IPv6 /64 counts as
 * one) within a window. The company's own egress addresses are left out.
 */
export const na02Case: Rule = {
  detector: 'NA-02/case',
  indicator: 'NA-02',
  title: 'Several accounts from one IP (this case)',
  settings: ['na02Accounts', 'na02WindowHours'],
  explain: (d) =>
    `${(d.detail.accounts as string[]).length} accounts (${(d.detail.accounts as string[]).join(', ')}) logged in from the one address ${String(d.detail.ip)} between ${utcText(d.from)} and ${utcText(d.to)}, at most ${String(d.detail.maxAccountsInWindow)} of them within ${String(d.detail.windowHours)} hours.`,
  start(env) {
    const { settings: s, report } = env;
    const sliders = new SliderMap<string>(s.na02WindowHours * HOUR, (ip) =>
      new Slider(s.na02WindowHours * HOUR, (e) => e.account, (c) => c.size >= s.na02Accounts, (ep) => {
        const d = ep.stats.view();
        report({
          indicator: 'NA-02', detector: 'NA-02/case', account: d.accounts.join(', '), ips: [ip], countries: d.countries, from: d.from, to: d.to, refs: d.refs,
          key: `NA-02/case|${ip}|${d.from}`,
          detail: { rule: `≥ ${s.na02Accounts} accounts from one IP within ${s.na02WindowHours} h`, ip, accounts: d.accounts, maxAccountsInWindow: ep.peak, windowHours: s.na02WindowHours, events: d.events },
        });
      }),
    );
    return {
      push: (e) => {
        if (!isEgress(env, e.ip)) sliders.push(networkOf(e.ip), e);
      },
      sweep: (now) => sliders.sweep(now),
      finish: () => sliders.finish(),
    };
  },
};
