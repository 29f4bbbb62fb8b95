import { HOUR, round, SpanStats } from '../span.ts';
import type { Rule } from './rule.ts';

const LOGIN_EVENTS = new Set(['login', 'logon', 'signin', 'loggedin', 'sessionstart', 'connect', 'connected']);
const LOGOUT_EVENTS = new Set(['logout', 'logoff', 'signout', 'loggedout', 'sessionend', 'disconnect', 'disconnected']);

/** 1 for a login-like event name, 2 for a logout-like one, 0 otherwise. */
export function eventKind(event: string): 0 | 1 | 2 {
  const k = event.toLowerCase().replace(/[^a-z]/g, '');
  return LOGIN_EVENTS.has(k) ? 1 : LOGOUT_EVENTS.has(k) ? 2 : 0;
}

/**
 * NA-03 (A22) for records without session ids: a login and the account's next logout a day or
 * more apart. A second login before the logout does not restart the session.
 */
export const na03Login: Rule = {
  detector: 'NA-03/login',
  indicator: 'NA-03',
  title: 'A login and its logout a day or more apart',
  settings: ['na03SessionHours'],
  explain: (d) => `${d.account} logged in (${String(d.detail.login)}) at ${d.from} and logged out (${String(d.detail.logout)}) only at ${d.to}, ${String(d.detail.hours)} hours later.`,
  start({ settings: s, report }) {
    const open = new Map<string, { stats: SpanStats; name: string }>();
    return {
      push(e) {
        const login = open.get(e.account);
        if (login) login.stats.add(e);
        if (e.session !== null || e.event === null) return;
        const kind = eventKind(e.event);
        if (kind === 1 && !login) {
          const l = { stats: new SpanStats(), name: e.event };
          l.stats.add(e);
          open.set(e.account, l);
        } else if (kind === 2 && login) {
          const span = e.ts - login.stats.from;
          if (span >= s.na03SessionHours * HOUR) {
            const d = login.stats.view();
            report({
              indicator: 'NA-03', detector: 'NA-03/login', account: e.account, ips: d.ips, countries: d.countries, from: d.from, to: d.to, refs: d.refs,
              key: `NA-03/login|${e.account}|${d.from}`,
              detail: { rule: `login to the next logout ≥ ${s.na03SessionHours} h`, hours: round(span / HOUR), login: login.name, logout: e.event, events: d.events },
            });
          }
          open.delete(e.account);
        }
      },
      finish: () => open.clear(),
    };
  },
};
