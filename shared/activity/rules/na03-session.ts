import { HOUR, round, SpanStats, type PackedSpan } from '../span.ts';
import type { FindingDraft, Rule } from './rule.ts';
import { utcText } from '../../text.ts';
import { memoryParking } from '../idle.ts';

/** A session id unseen for this long is closed: the id seen again later starts a new session. */
const SESSION_IDLE_MS = 7 * 24 * HOUR;
/**
 * Beyond the parking's `hot` number of open sessions, the quietest are parked (idle.ts) until their
 * id comes again or they close: first those unseen for a day, then for six hours, then for an
 * hour, until half the number is left. What stays in memory follows the sessions active now, not a
 * week of them.
 */
const PARK_TIERS_MS = [24 * HOUR, 6 * HOUR, HOUR];

type Session = { stats: SpanStats; lastTs: number; longestGap: number };

// One flat string per parked session (a string built in pieces keeps its pieces).
const pack = (st: Session): string => JSON.stringify([st.lastTs, st.longestGap, st.stats.pack()]);
function unpack(text: string): Session {
  const [lastTs, longestGap, stats] = JSON.parse(text) as [number, number, PackedSpan];
  return { lastTs, longestGap, stats: SpanStats.unpack(stats) };
}

/** The words both session rules use: continuous work, or a session that merely stayed open. */
export function explainSession(d: FindingDraft, what: string): string {
  const x = d.detail as { hours: number; events: number; longestGapMinutes: number; gapMinutes: number; continuous: boolean };
  return x.continuous
    ? `${what} of ${d.account} shows work for ${x.hours} hours without a break longer than ${x.longestGapMinutes} minutes (${utcText(d.from)} – ${utcText(d.to)}, ${x.events} events).`
    : `${what} of ${d.account} stayed open for ${x.hours} hours (${utcText(d.from)} – ${utcText(d.to)}) but holds only ${x.events} events, with a gap of ${x.longestGapMinutes} minutes (more than ${x.gapMinutes}): a long-lived session, not proof of continuous work.`;
}

/**
 * NA-03 (A22, "logged in continuously for a day or more") by session id. Continuous work is a
 * session whose events span a day or more with no gap over the gap setting; a session that spans a
 * day but with longer gaps is reported as a weaker finding of its own.
 */
export const na03Session: Rule = {
  detector: 'NA-03/session',
  indicator: 'NA-03',
  title: 'A session id with continuous work for a day or more',
  also: [{ detector: 'NA-03/session-sparse', title: 'A session id open for a day or more with long gaps (weaker)' }],
  settings: ['na03SessionHours', 'na03GapMinutes'],
  explain: (d) => explainSession(d, `Session ${String(d.detail.session)}`),
  start({ settings: s, report, park = memoryParking }) {
    const sessions = new Map<string, Session>();
    const parked = park.store('NA-03/session');
    const gap = s.na03GapMinutes * 60_000;
    const close = (session: string, st: Session) => {
      const { stats } = st;
      const span = stats.to - stats.from;
      if (stats.events < 2 || span < s.na03SessionHours * HOUR) return;
      const d = stats.view();
      const continuous = st.longestGap <= gap;
      const detector = continuous ? 'NA-03/session' : 'NA-03/session-sparse';
      report({
        indicator: 'NA-03', detector, account: d.accounts.join(', '), ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
        key: `${detector}|${session}|${d.from}`,
        detail: {
          rule: `session ≥ ${s.na03SessionHours} h ${continuous ? 'with' : 'but not'} events at most ${s.na03GapMinutes} min apart`,
          session, hours: round(span / HOUR), events: d.events, longestGapMinutes: round(st.longestGap / 60_000), gapMinutes: s.na03GapMinutes, continuous,
          weight: continuous ? 'full' : 'weaker',
        },
      });
    };
    return {
      push(e) {
        if (e.session === null) return;
        let st = sessions.get(e.session);
        if (!st) {
          const p = parked.take(e.session);
          if (p !== undefined) sessions.set(e.session, (st = unpack(p)));
        }
        // Seen again after the idle time: the old session ends there, and this event starts a new one.
        if (st && e.ts - st.lastTs > SESSION_IDLE_MS) {
          close(e.session, st);
          sessions.delete(e.session);
          st = undefined;
        }
        if (!st) {
          const fresh = { stats: new SpanStats(), lastTs: e.ts, longestGap: 0 };
          fresh.stats.add(e);
          sessions.set(e.session, fresh);
          return;
        }
        if (e.ts - st.lastTs > st.longestGap) st.longestGap = e.ts - st.lastTs;
        st.stats.add(e);
        st.lastTs = e.ts;
      },
      sweep(now) {
        for (const [key, st] of sessions) {
          if (now - st.lastTs <= SESSION_IDLE_MS) continue;
          close(key, st);
          sessions.delete(key);
        }
        for (const [key, p] of parked.takeBefore(now - SESSION_IDLE_MS)) close(key, unpack(p));
        if (sessions.size <= park.hot) return;
        for (const age of PARK_TIERS_MS) {
          if (sessions.size <= park.hot / 2) return;
          for (const [key, st] of sessions) {
            if (now - st.lastTs <= age) continue;
            sessions.delete(key);
            parked.put(key, pack(st), st.lastTs);
          }
        }
      },
      finish() {
        for (const [key, st] of sessions) close(key, st);
        sessions.clear();
        for (const [key, p] of parked.drain()) close(key, unpack(p));
      },
    };
  },
};
