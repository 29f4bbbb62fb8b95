import { HOUR, round, SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';

/** A session id unseen for this long is closed: the id seen again later starts a new session. */
const SESSION_IDLE_MS = 7 * 24 * HOUR;

/** NA-03 (A22, "logged in continuously for a day or more"): one session id whose events span a day or more. */
export const na03Session: Rule = {
  detector: 'NA-03/session',
  indicator: 'NA-03',
  title: 'A session id spanning a day or more',
  settings: ['na03SessionHours'],
  explain: (d) => `Session ${String(d.detail.session)} of ${d.account} ran for ${String(d.detail.hours)} hours (${d.from} – ${d.to}), ${String(d.detail.events)} events.`,
  start({ settings: s, report }) {
    const sessions = new Map<string, { stats: SpanStats; lastTs: number }>();
    const close = (session: string, stats: SpanStats) => {
      const span = stats.to - stats.from;
      if (stats.events < 2 || span < s.na03SessionHours * HOUR) return;
      const d = stats.view();
      report({
        indicator: 'NA-03', detector: 'NA-03/session', account: d.accounts.join(', '), ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-03/session|${session}|${d.from}`,
        detail: { rule: `session ≥ ${s.na03SessionHours} h`, session, hours: round(span / HOUR), events: d.events },
      });
    };
    return {
      push(e) {
        if (e.session === null) return;
        let st = sessions.get(e.session);
        if (!st) sessions.set(e.session, (st = { stats: new SpanStats(), lastTs: e.ts }));
        st.stats.add(e);
        st.lastTs = e.ts;
      },
      sweep(now) {
        for (const [key, st] of sessions) {
          if (now - st.lastTs <= SESSION_IDLE_MS) continue;
          close(key, st.stats);
          sessions.delete(key);
        }
      },
      finish() {
        for (const [key, st] of sessions) close(key, st.stats);
        sessions.clear();
      },
    };
  },
};
