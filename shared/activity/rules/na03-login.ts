import { HOUR, round, SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';
import { explainSession } from './na03-session.ts';
import { utcText } from '../../text.ts';

const LOGIN_EVENTS = new Set(['login', 'logon', 'signin', 'loggedin', 'sessionstart', 'connect', 'connected']);
const LOGOUT_EVENTS = new Set(['logout', 'logoff', 'signout', 'loggedout', 'sessionend', 'disconnect', 'disconnected']);

/** 1 for a login-like event name, 2 for a logout-like one, 0 otherwise. */
export function eventKind(event: string): 0 | 1 | 2 {
  const k = event.toLowerCase().replace(/[^a-z]/g, '');
  return LOGIN_EVENTS.has(k) ? 1 : LOGOUT_EVENTS.has(k) ? 2 : 0;
}

type Open = { stats: SpanStats; name: string; lastTs: number; longestGap: number };

/**
 * NA-03 (A22) for records without session ids: a login and the account's next logout a day or
 * more apart. A second login before the logout does not restart the session. As for session ids,
 * it is continuous work only when the account's events in between are at most the gap setting
 * apart; otherwise a weaker finding of its own.
 */
export const na03Login: Rule = {
  detector: 'NA-03/login',
  indicator: 'NA-03',
  title: 'A login and its logout a day or more apart, with continuous work between',
  also: [{ detector: 'NA-03/login-sparse', title: 'A login and its logout a day or more apart with long gaps (weaker)' }],
  settings: ['na03SessionHours', 'na03GapMinutes'],
  explain: (d) => explainSession(d, `The session from the login (${String(d.detail.login)}) at ${utcText(d.from)} to the logout (${String(d.detail.logout)}) at ${utcText(d.to)}`),
  start({ settings: s, report }) {
    const open = new Map<string, Open>();
    const gap = s.na03GapMinutes * 60_000;
    return {
      push(e) {
        const login = open.get(e.account);
        if (login) {
          if (e.ts - login.lastTs > login.longestGap) login.longestGap = e.ts - login.lastTs;
          login.lastTs = e.ts;
          login.stats.add(e);
        }
        if (e.session !== null || e.event === null) return;
        const kind = eventKind(e.event);
        if (kind === 1 && !login) {
          const l = { stats: new SpanStats(), name: e.event, lastTs: e.ts, longestGap: 0 };
          l.stats.add(e);
          open.set(e.account, l);
        } else if (kind === 2 && login) {
          const span = e.ts - login.stats.from;
          if (span >= s.na03SessionHours * HOUR) {
            const d = login.stats.view();
            const continuous = login.longestGap <= gap;
            const detector = continuous ? 'NA-03/login' : 'NA-03/login-sparse';
            report({
              indicator: 'NA-03', detector, account: e.account, ips: d.ips, moreIps: d.moreIps, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
              key: `${detector}|${e.account}|${d.from}`,
              detail: {
                rule: `login to the next logout ≥ ${s.na03SessionHours} h ${continuous ? 'with' : 'but not'} events at most ${s.na03GapMinutes} min apart`,
                hours: round(span / HOUR), login: login.name, logout: e.event, events: d.events, longestGapMinutes: round(login.longestGap / 60_000), gapMinutes: s.na03GapMinutes, continuous,
                weight: continuous ? 'full' : 'weaker',
              },
            });
          }
          open.delete(e.account);
        }
      },
      finish: () => open.clear(),
    };
  },
};
