import { HOUR, round, SpanStats } from '../span.ts';
import type { LoginEvent, Rule } from './rule.ts';
import { utcText } from '../../text.ts';

type Run = { stats: SpanStats; lastTs: number; longestGap: number };

/** NA-03 (A22): one account's activity with no gap over a limit, spanning a day or more. */
export const na03Activity: Rule = {
  detector: 'NA-03/activity',
  indicator: 'NA-03',
  title: 'Activity without a long gap for a day or more',
  settings: ['na03SessionHours', 'na03GapMinutes'],
  explain: (d) =>
    `${d.account} was active for ${String(d.detail.hours)} hours without a break longer than ${String(d.detail.longestGapMinutes)} minutes (${utcText(d.from)} – ${utcText(d.to)}, ${String(d.detail.events)} events).`,
  start({ settings: s, report }) {
    const gap = s.na03GapMinutes * 60_000;
    const runs = new Map<string, Run>();
    /** A run's event while it has only one (most runs: it is made into a Run by a second). */
    const starts = new Map<string, LoginEvent>();
    const close = (account: string, run: Run) => {
      const span = run.stats.to - run.stats.from;
      if (span < s.na03SessionHours * HOUR) return;
      const d = run.stats.view();
      report({
        indicator: 'NA-03', detector: 'NA-03/activity', account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `NA-03/activity|${account}|${d.from}`,
        detail: { rule: `activity with no gap over ${s.na03GapMinutes} min spanning ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), longestGapMinutes: round(run.longestGap / 60_000), events: d.events },
      });
    };
    return {
      push(e) {
        const run = runs.get(e.account);
        if (run && e.ts - run.lastTs <= gap) {
          run.longestGap = Math.max(run.longestGap, e.ts - run.lastTs);
          run.lastTs = e.ts;
          run.stats.add(e);
          return;
        }
        const start = run ? undefined : starts.get(e.account);
        if (start && e.ts - start.ts <= gap) {
          const r = { stats: new SpanStats(), lastTs: e.ts, longestGap: e.ts - start.ts };
          r.stats.add(start);
          r.stats.add(e);
          runs.set(e.account, r);
          starts.delete(e.account);
          return;
        }
        // A run of one event spans nothing: only longer runs are closed and checked.
        if (run) {
          close(e.account, run);
          runs.delete(e.account);
        }
        starts.set(e.account, e);
      },
      sweep(now) {
        for (const [account, run] of runs) {
          if (now - run.lastTs <= gap) continue;
          close(account, run);
          runs.delete(account);
        }
        for (const [account, e] of starts) if (now - e.ts > gap) starts.delete(account);
      },
      finish() {
        for (const [account, run] of runs) close(account, run);
        runs.clear();
        starts.clear();
      },
    };
  },
};
