import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { HEADER, row, series, writeCsv } from './helpers.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

const newCase = async (title = 'Login review') => (await t.call('cases.create', { title })).number;
const importRows = async (rows: string[], extra: { zone?: string } = {}, number?: string) => {
  const n = number ?? (await newCase());
  const path = writeCsv(t, `log-${Math.random().toString(36).slice(2)}.csv`, [HEADER, ...rows]);
  const r = await t.call('activity.import', { number: n, path, ...extra });
  return { n, r, findings: await t.call('activity.findings', { number: n }) };
};
const brief = (f: { detector: string; account: string | null; from: string; to: string; ips: string[]; countries: string[] }) =>
  ({ detector: f.detector, account: f.account, from: f.from, to: f.to, ips: f.ips, countries: f.countries });

describe('NA-01: one account, many places', () => {
  it('flags two countries exactly 24 h apart, but not 24 h and one second apart', async () => {
    const { findings } = await importRows([
      row('2024-03-01T00:00:00Z', 'alice', '192.0.2.1', 'US'),
      row('2024-03-02T00:00:00Z', 'alice', '192.0.2.2', 'kp'),
      row('2024-03-01T00:00:00Z', 'bob', '192.0.2.3', 'US'),
      row('2024-03-02T00:00:01Z', 'bob', '192.0.2.4', 'CN'),
    ]);
    expect(findings.filter((f) => f.detector === 'NA-01/countries').map(brief)).toEqual([
      { detector: 'NA-01/countries', account: 'alice', from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z', ips: ['192.0.2.1', '192.0.2.2'], countries: ['KP', 'US'] },
    ]);
    expect(findings[0]!.detail).toMatchObject({ countries: 2, maxCountriesInWindow: 2, window: { hours: 24 }, events: 2 });
    expect(findings[0]!.events).toHaveLength(2);
  });

  it('flags three IPs (IPv4, IPv6 and IPv4-mapped IPv6) within exactly one hour', async () => {
    const { findings } = await importRows([
      row('2024-03-01T10:00:00Z', 'carol', '2001:DB8:0:1:0::1'),
      row('2024-03-01T10:30:00Z', 'carol', '::ffff:198.51.100.7'),
      row('2024-03-01T11:00:00Z', 'carol', '[2001:db8:0:2::2]'),
      row('2024-03-01T10:00:00Z', 'dave', '203.0.113.1'),
      row('2024-03-01T10:30:00Z', 'dave', '203.0.113.2'),
      row('2024-03-01T11:00:01Z', 'dave', '203.0.113.3'),
    ]);
    expect(findings.map(brief)).toEqual([
      { detector: 'NA-01/ips', account: 'carol', from: '2024-03-01T10:00:00.000Z', to: '2024-03-01T11:00:00.000Z', ips: ['198.51.100.7', '2001:db8:0:1::1', '2001:db8:0:2::2'], countries: [] },
    ]);
    expect(findings[0]!.detail).toMatchObject({ ips: 3, maxIpsInWindow: 3, window: { minutes: 60 } });
  });

  it('analyses a case\'s imports together', async () => {
    const first = await importRows([row('2024-03-01T00:00:00Z', 'vic', '192.0.2.1', 'US')]);
    expect(first.findings).toEqual([]);
    const second = await importRows([row('2024-03-01T20:00:00Z', 'vic', '192.0.2.2', 'IR')], {}, first.n);
    expect(second.findings.map((f) => [f.detector, f.from, f.to, f.countries])).toEqual([['NA-01/countries', '2024-03-01T00:00:00.000Z', '2024-03-01T20:00:00.000Z', ['IR', 'US']]]);
  });

  it('reads offsets and epoch seconds as the same instant', async () => {
    const { findings } = await importRows([
      row('2024-03-01T09:00:00+09:00', 'erin', '192.0.2.1', 'KR'),
      row('1709337600', 'erin', '192.0.2.1', 'RU'), // 2024-03-02T00:00:00Z
    ]);
    expect(findings.filter((f) => f.detector === 'NA-01/countries').map((f) => [f.from, f.to, f.countries])).toEqual([['2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z', ['KR', 'RU']]]);
  });
});

describe('NA-02: several accounts from one IP', () => {
  it('flags two accounts exactly 24 h apart on one IP, within the case', async () => {
    const { findings } = await importRows([
      row('2024-03-01T00:00:00Z', 'erin', '198.51.100.9'),
      row('2024-03-02T00:00:00Z', 'frank', '198.51.100.9'),
      row('2024-03-01T00:00:00Z', 'gina', '198.51.100.10'),
      row('2024-03-02T00:00:01Z', 'hal', '198.51.100.10'),
    ]);
    expect(findings.map(brief)).toEqual([
      { detector: 'NA-02/case', account: 'erin, frank', from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z', ips: ['198.51.100.9'], countries: [] },
    ]);
  });

  it('links two cases that share an IP within 24 h, in both cases', async () => {
    const first = await importRows([row('2024-05-01T08:00:00Z', 'ivan', '2001:db8:aa::5')]);
    expect(first.findings).toEqual([]);
    const second = await importRows([row('2024-05-01T20:00:00Z', 'jon', '2001:db8:aa:0::5'), row('2024-05-10T20:00:00Z', 'jon', '192.0.2.99')]);
    expect(second.findings.map(brief)).toEqual([
      { detector: 'NA-02/cross-case', account: 'jon', from: '2024-05-01T08:00:00.000Z', to: '2024-05-01T20:00:00.000Z', ips: ['2001:db8:aa::5'], countries: [] },
    ]);
    expect(second.findings[0]!.detail).toMatchObject({ otherCases: [first.n], accounts: { [first.n]: ['ivan'], [second.n]: ['jon'] } });
    const mirrored = await t.call('activity.findings', { number: first.n });
    expect(mirrored.map((f) => [f.detector, f.account, f.detail.otherCases])).toEqual([['NA-02/cross-case', 'ivan', [second.n]]]);
  });

  it('links two cases whose IPv6 privacy addresses differ but share a /64, and says so; IPv4 neighbours are not linked', async () => {
    const first = await importRows([row('2024-07-01T08:00:00Z', 'ivan', '2001:db8:77:1:a1b2:c3d4:e5f6:1'), row('2024-07-01T08:00:00Z', 'ivan', '203.0.113.7')]);
    expect(first.findings).toEqual([]);
    const second = await importRows([row('2024-07-01T12:00:00Z', 'jon', '2001:db8:77:1:ffff:1:2:3'), row('2024-07-01T12:00:00Z', 'jon', '203.0.113.8')]);
    const cross = second.findings.filter((f) => f.detector === 'NA-02/cross-case');
    expect(cross.map(brief)).toEqual([
      { detector: 'NA-02/cross-case', account: 'jon', from: '2024-07-01T08:00:00.000Z', to: '2024-07-01T12:00:00.000Z', ips: ['2001:db8:77:1:a1b2:c3d4:e5f6:1', '2001:db8:77:1:ffff:1:2:3'], countries: [] },
    ]);
    expect(cross[0]!.detail).toMatchObject({ ip: '2001:db8:77:1::/64', compared: 'ipv6-64', otherCases: [first.n] });
    expect(cross[0]!.detail.explanation).toMatch(/IPv6 network 2001:db8:77:1::\/64 .*compared by their \/64 network.*IPv4 addresses are compared exactly/);
    const mirrored = await t.call('activity.findings', { number: first.n });
    expect(mirrored.map((f) => [f.detector, f.account, f.detail.ip])).toEqual([['NA-02/cross-case', 'ivan', '2001:db8:77:1::/64']]);
  });

  it('does not link cases whose use of the IP is more than 24 h apart', async () => {
    await importRows([row('2024-05-01T08:00:00Z', 'ivan', '192.0.2.50'), row('2024-06-01T08:00:00Z', 'ivan', '192.0.2.50')]);
    const later = await importRows([row('2024-05-02T08:00:01Z', 'jon', '192.0.2.50'), row('2024-05-31T08:00:00Z', 'jon', '192.0.2.50')]);
    expect(later.findings.map((f) => [f.detector, f.from, f.to])).toEqual([['NA-02/cross-case', '2024-05-31T08:00:00.000Z', '2024-06-01T08:00:00.000Z']]);
  });
});

describe('NA-03: a day or more', () => {
  it('flags a session id with events at most 2 h apart spanning exactly 24 h', async () => {
    const { findings } = await importRows([
      ...series('2024-03-01T00:00:00Z', 13, 120, (ts) => row(ts, 'kim', '192.0.2.1', '', 'activity', 's-1')),
      ...series('2024-03-03T00:00:00Z', 12, 120, (ts) => row(ts, 'kim', '192.0.2.1', '', 'activity', 's-2')),
      row('2024-03-03T23:59:59Z', 'kim', '192.0.2.1', '', 'logout', 's-2'),
    ]);
    expect(findings.filter((f) => f.detector.startsWith('NA-03/session')).map((f) => [f.detector, f.from, f.to, f.detail.session, f.detail.hours, f.detail.longestGapMinutes])).toEqual([
      ['NA-03/session', '2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z', 's-1', 24, 120],
    ]);
    expect(findings.find((f) => f.detector === 'NA-03/session')!.detail.explanation).toMatch(/work for 24 hours without a break longer than 120 minutes/);
  });

  it('does not call a session with two events 30 h apart continuous work: it is a weaker long-lived-session finding', async () => {
    const { findings } = await importRows([
      row('2024-03-01T00:00:00Z', 'kim', '192.0.2.1', '', 'login', 's-9'),
      row('2024-03-02T06:00:00Z', 'kim', '192.0.2.1', '', 'logout', 's-9'),
    ]);
    expect(findings.map((f) => [f.detector, f.detail.hours, f.detail.events, f.detail.weight])).toEqual([['NA-03/session-sparse', 30, 2, 'weaker']]);
    expect(findings[0]!.detail.explanation).toMatch(/not proof of continuous work/);
  });

  it('flags activity without a gap over 30 minutes spanning exactly 24 h, and not 23.5 h', async () => {
    await t.call('activity.setSettings', { na03GapMinutes: 30 });
    const { findings } = await importRows([
      ...series('2024-03-01T00:00:00Z', 49, 30, (ts) => row(ts, 'lee', '192.0.2.1')),
      ...series('2024-03-01T00:00:00Z', 48, 30, (ts) => row(ts, 'max', '192.0.2.2')),
      // A gap of 30 min 1 s breaks the run: two runs of 12 h.
      ...series('2024-03-05T00:00:00Z', 25, 30, (ts) => row(ts, 'ned', '192.0.2.3')),
      ...series('2024-03-05T12:30:01Z', 24, 30, (ts) => row(ts, 'ned', '192.0.2.3')),
    ]);
    expect(findings.map((f) => [f.detector, f.account, f.from, f.to, f.detail.hours, f.detail.longestGapMinutes, f.detail.events])).toEqual([
      ['NA-03/activity', 'lee', '2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z', 24, 30, 49],
    ]);
  });
  it('pairs a login with the account\'s next logout when there are no session ids: exactly 24 h counts, a second short of it does not', async () => {
    // Gaps of up to a day still count as continuous here: the test is about the pairing.
    await t.call('activity.setSettings', { na03GapMinutes: 24 * 60 });
    const { findings } = await importRows([
      row('2024-04-01T08:00:00Z', 'uma', '192.0.2.1', '', 'login'),
      row('2024-04-01T20:00:00Z', 'uma', '192.0.2.2', '', 'login'),
      row('2024-04-02T08:00:00Z', 'uma', '192.0.2.2', '', 'Logout'),
      row('2024-04-05T08:00:00Z', 'uma', '192.0.2.1', '', 'login'),
      row('2024-04-06T07:59:59Z', 'uma', '192.0.2.1', '', 'logout'),
      // Another account's logout does not end uma's session, and a logout without a login is ignored.
      row('2024-04-08T00:00:00Z', 'vera', '192.0.2.9', '', 'logout'),
      row('2024-04-08T00:00:00Z', 'uma', '192.0.2.1', '', 'sign-in'),
      row('2024-04-09T06:00:00Z', 'vera', '192.0.2.9', '', 'logout'),
      row('2024-04-09T06:00:00Z', 'uma', '192.0.2.3', '', 'sign_out'),
    ]);
    expect(findings.filter((f) => f.detector.startsWith('NA-03/login')).map((f) => [f.detector, f.account, f.from, f.to, f.ips, f.detail.hours, f.detail.login, f.detail.logout, f.detail.events])).toEqual([
      ['NA-03/login', 'uma', '2024-04-01T08:00:00.000Z', '2024-04-02T08:00:00.000Z', ['192.0.2.1', '192.0.2.2'], 24, 'login', 'Logout', 3],
      // Its two events are 30 h apart, more than the longest gap allowed (24 h here): open that long, but not continuous work.
      ['NA-03/login-sparse', 'uma', '2024-04-08T00:00:00.000Z', '2024-04-09T06:00:00.000Z', ['192.0.2.1', '192.0.2.3'], 30, 'sign-in', 'sign_out', 2],
    ]);
    expect(findings.find((f) => f.detector === 'NA-03/login')!.events).toHaveLength(3);
  });

  it('finds a login/logout session across two imports, and leaves records with session ids to the session rule', async () => {
    const first = await importRows([row('2024-06-01T00:00:00Z', 'wes', '192.0.2.1', '', 'login'), row('2024-06-01T00:00:00Z', 'xan', '192.0.2.5', '', 'login', 's-9')]);
    expect(first.findings).toEqual([]);
    const second = await importRows([row('2024-06-02T01:00:00Z', 'wes', '192.0.2.1', '', 'logout'), row('2024-06-01T12:00:00Z', 'xan', '192.0.2.5', '', 'logout', 's-9')], {}, first.n);
    expect(second.findings.map((f) => [f.detector, f.account, f.from, f.to, f.detail.hours])).toEqual([['NA-03/login-sparse', 'wes', '2024-06-01T00:00:00.000Z', '2024-06-02T01:00:00.000Z', 25]]);
  });
});

describe('NA-04: addresses in imported ranges', () => {
  it('flags IPv4 and IPv6 addresses inside an imported VPN list', async () => {
    const list = writeCsv(t, 'vpn.txt', ['# commercial VPN exits', '10.8.0.0/16', '2001:db8:ffff::/48  # v6 exits', '203.0.113.77']);
    const imported = await t.call('activity.cidrImport', { name: 'VPN exits', kind: 'vpn', path: list });
    expect(imported).toMatchObject({ name: 'VPN exits', kind: 'vpn', ranges: 3 });
    const { findings } = await importRows([
      row('2024-03-01T00:00:00Z', 'ola', '10.8.3.4'),
      row('2024-03-04T00:00:00Z', 'ola', '2001:db8:ffff:1::9'),
      row('2024-03-05T00:00:00Z', 'ola', '10.9.0.1'),
      row('2024-03-05T00:00:00Z', 'pat', '203.0.113.78'),
    ]);
    expect(findings.map((f) => [f.detector, f.account, f.ips, f.from, f.to, f.detail.ranges, f.detail.events])).toEqual([
      ['NA-04/cidr', 'ola', ['10.8.3.4', '2001:db8:ffff:1::9'], '2024-03-01T00:00:00.000Z', '2024-03-04T00:00:00.000Z', ['10.8.0.0/16', '2001:db8:ffff::/48'], 2],
    ]);
  });

  it('refuses a range list with a bad line, naming it', async () => {
    const list = writeCsv(t, 'bad.txt', ['10.0.0.0/8', '10.0.0.0/33']);
    await expect(t.call('activity.cidrImport', { name: 'bad', kind: 'hosting', path: list })).rejects.toThrow(/first: line 2/);
  });
});

describe('WP-01: hours against the claimed zone', () => {
  it('finds the UTC+9 workday of someone claiming New York', async () => {
    await t.call('activity.setSettings', { wp01MinEvents: 5 });
    const rows = [0, 1, 2, 3, 4].flatMap((d) => series(`2024-01-${String(8 + d).padStart(2, '0')}T00:00:00Z`, 9, 60, (ts) => row(ts, 'quinn', '192.0.2.1')));
    const { findings } = await importRows(rows, { zone: 'America/New_York' });
    expect(findings.map((f) => [f.detector, f.account])).toEqual([['WP-01/hours', 'quinn']]);
    expect(findings[0]!.detail).toMatchObject({
      zone: 'America/New_York', events: 45, nightEvents: 20, nightShare: 0.444, workdayShareClaimed: 0,
      bestFitOffset: 'UTC+09:00', workdayShareBestFit: 1, claimedOffsets: ['UTC-05:00'], deviationHours: 10, reasons: ['night', 'offset'],
    });
  });

  it('reads local hours across the DST change in the claimed zone', async () => {
    await t.call('activity.setSettings', { wp01MinEvents: 5 });
    // 10:30 UTC every day is 05:30 EST until 10 March 2024, then 06:30 EDT.
    const rows = series('2024-03-07T10:30:00Z', 8, 24 * 60, (ts) => row(ts, 'rae', '192.0.2.1'));
    const { n, findings } = await importRows(rows, { zone: 'America/New_York' });
    expect(findings[0]!.detail).toMatchObject({ nightEvents: 3, nightShare: 0.375, claimedOffsets: ['UTC-05:00', 'UTC-04:00'], bestFitOffset: 'UTC+03:00', deviationHours: 7 });
    const map = await t.call('activity.heatmap', { number: n });
    expect(map.zone).toBe('America/New_York');
    const hits = map.cells.flatMap((hours, day) => hours.flatMap((c, h) => (c ? [[day, h, c]] : [])));
    // Monday = 0: Thu 7, Fri 8, Sat 9 at 05; Sun 10 … Thu 14 at 06.
    expect(hits).toEqual([[0, 6, 1], [1, 6, 1], [2, 6, 1], [3, 5, 1], [3, 6, 1], [4, 5, 1], [5, 5, 1], [6, 6, 1]]);
  });

  it('takes the claimed zone from the case\'s subject', async () => {
    await t.call('activity.setSettings', { wp01MinEvents: 5 });
    const n = await newCase();
    const subject = await t.call('subjects.add', { number: n, name: 'Zephyr Quanto', timezone: 'Europe/London' });
    const rows = [0, 1, 2].flatMap((d) => series(`2024-01-${String(8 + d).padStart(2, '0')}T00:00:00Z`, 9, 60, (ts) => row(ts, 'uma', '192.0.2.1')));
    const path = writeCsv(t, 'subject.csv', [HEADER, ...rows]);
    await t.call('activity.import', { number: n, path, subject: String(subject.id) });
    const [f] = await t.call('activity.findings', { number: n });
    expect(f!.detail).toMatchObject({ zone: 'Europe/London', claimedOffsets: ['UTC+00:00'], bestFitOffset: 'UTC+09:00', nightShare: 0.667 });
    expect((await t.call('activity.imports', { number: n }))[0]).toMatchObject({ subject: String(subject.id), zone: 'Europe/London' });
  });

  it('raises nothing for a workday that fits the claimed zone, or without a claimed zone', async () => {
    await t.call('activity.setSettings', { wp01MinEvents: 5 });
    const rows = [0, 1, 2].flatMap((d) => series(`2024-07-0${1 + d}T13:00:00Z`, 9, 60, (ts) => row(ts, 'sam', '192.0.2.1')));
    expect((await importRows(rows, { zone: 'America/New_York' })).findings).toEqual([]);
    expect((await importRows(series('2024-01-08T00:00:00Z', 9, 60, (ts) => row(ts, 'tom', '192.0.2.1')))).findings).toEqual([]);
  });
});

describe('accepting and dismissing findings', () => {
  it('accepting makes the indicator present with the finding linked and changes the score; dismissing needs a reason', async () => {
    const { n, findings: all } = await importRows([
      row('2024-03-01T00:00:00Z', 'alice', '192.0.2.1', 'US'),
      row('2024-03-01T05:00:00Z', 'alice', '192.0.2.2', 'KP'),
      row('2024-03-01T00:00:00Z', 'bob', '192.0.2.1', 'US'),
    ]);
    expect(all.map((f) => f.detector)).toEqual(['NA-01/travel', 'NA-01/countries', 'NA-02/case', 'NA-08/location']);
    const findings = all.filter((f) => f.detector === 'NA-01/countries' || f.detector === 'NA-02/case');
    const accepted = await t.call('activity.accept', { number: n, finding: findings[0]!.id });
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: 'Olivia Officer' });
    const list = await t.call('indicators.checklist', { number: n });
    const na01 = list.items.find((i) => i.indicator.id === 'NA-01')!.assessment;
    expect(na01).toMatchObject({ status: 'present', findings: [findings[0]!.id], exhibits: [] });
    expect(na01.rationale).toMatch(/Detector finding \d+ \(NA-01\/countries\) accepted/);
    expect(await t.call('indicators.risk', { number: n })).toMatchObject({ score: 15, contributions: [{ indicator: 'NA-01', points: 15 }] });
    await expect(t.call('activity.dismiss', { number: n, finding: findings[1]!.id, reason: '' })).rejects.toThrow(/reason/);
    const dismissed = await t.call('activity.dismiss', { number: n, finding: findings[1]!.id, reason: 'shared office NAT' });
    expect(dismissed).toMatchObject({ status: 'dismissed', reason: 'shared office NAT' });
    // Analysis again keeps the officer's decisions.
    const again = await t.call('activity.analyse', { number: n });
    expect(again.map((f) => [f.detector, f.status])).toEqual([['NA-01/travel', 'open'], ['NA-01/countries', 'accepted'], ['NA-02/case', 'dismissed'], ['NA-08/location', 'open']]);
  });
});
