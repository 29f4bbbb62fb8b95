import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countryRecord, writeMmdb } from '../helpers/mmdb.ts';
import { HEADER, row, series, writeCsv } from './helpers.ts';

// Issue 14's rules, each against a hand-built login log.
let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

const newCase = async (title = 'Login review') => (await t.call('cases.create', { title })).number;
const importInto = async (n: string, rows: string[], extra: { zone?: string; subject?: string } = {}) => {
  const path = writeCsv(t, `log-${Math.random().toString(36).slice(2)}.csv`, [HEADER, ...rows]);
  await t.call('activity.import', { number: n, path, ...extra });
  return t.call('activity.findings', { number: n });
};
const only = <T extends { detector: string }>(fs: T[], detector: string) => fs.filter((f) => f.detector === detector);
const newYorker = (n: string) => t.call('subjects.add', { number: n, name: 'Jamie Doe', location: 'New York, NY', nationality: 'US', timezone: 'America/New_York' });
/** Weekdays 6–10 Jan 2024, eight logins a day at 14:00–21:00 UTC: 09:00–16:00 in New York (EST). */
const usWorkday = (account: string, ip: string, country: string) =>
  [8, 9, 10, 11, 12].flatMap((d) => series(`2024-01-${String(d).padStart(2, '0')}T14:00:00Z`, 8, 60, (ts) => row(ts, account, ip, country)));

describe('NA-08: where logins come from against the claimed location', () => {
  it('flags a subject who claims New York with 40 logins from a Chinese address in US working hours, naming the hours and the address', async () => {
    const n = await newCase();
    await newYorker(n);
    const fs = await importInto(n, usWorkday('jdoe', '203.0.113.5', 'CN'));
    const [f, ...rest] = only(fs, 'NA-08/location');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ indicator: 'NA-08', account: 'jdoe', countries: ['CN'], ips: ['203.0.113.5'], from: '2024-01-08T14:00:00.000Z', to: '2024-01-12T21:00:00.000Z' });
    expect(f!.detail).toMatchObject({
      subject: 'Jamie Doe', claimedLocation: 'New York, NY', claimedCountry: 'US', claimBasis: 'location', nationality: 'US', country: 'CN', highRisk: true,
      events: 40, eventShare: 1, activeHours: 40, hourShare: 1, zone: 'America/New_York', localHours: '09:00–16:59', workdayEvents: 40, addresses: ['203.0.113.5'], weight: 'full',
    });
    expect(f!.events).toHaveLength(40);
    expect(String(f!.detail.explanation)).toMatch(/claims to be in New York, NY \(United States\).*40 of jdoe's logins \(100% of its events, 40 active hours.*China \(CN\).*203\.0\.113\.5.*09:00–16:59/);
    // No zone was chosen at import: the subject's claimed zone was used, and the workday fits it.
    expect((await t.call('activity.imports', { number: n }))[0]!.zone).toBe('America/New_York');
    expect(only(fs, 'WP-01/hours')).toEqual([]);
  });

  it('reports the share of each country, flags any country other than the claimed one at a lower weight, and nothing from the claimed one', async () => {
    const n = await newCase();
    await newYorker(n);
    const fs = await importInto(n, [...usWorkday('jdoe', '192.0.2.10', 'US').slice(0, 30), ...series('2024-01-13T10:00:00Z', 10, 60, (ts) => row(ts, 'jdoe', '198.51.100.20', 'DE'))]);
    const na08 = only(fs, 'NA-08/location');
    expect(na08.map((f) => [f.countries, f.detail.highRisk, f.detail.weight, f.detail.events, f.detail.eventShare])).toEqual([[['DE'], false, 'lower', 10, 0.25]]);
    expect(na08[0]!.detail.byCountry).toEqual(expect.arrayContaining([{ country: 'US', events: 30, share: 0.75, hours: 30, hourShare: 0.75 }, { country: 'DE', events: 10, share: 0.25, hours: 10, hourShare: 0.25 }]));
  });

  it('without any claimed location flags the high-risk countries only; the list is a setting', async () => {
    const n = await newCase();
    const rows = [row('2024-02-01T00:00:00Z', 'x', '192.0.2.1', 'RU'), row('2024-02-05T00:00:00Z', 'x', '192.0.2.2', 'FR')];
    expect(only(await importInto(n, rows), 'NA-08/location').map((f) => f.countries)).toEqual([['RU']]);
    await t.call('activity.setSettings', { na08HighRiskCountries: ['FR'] });
    expect(only(await t.call('activity.analyse', { number: n }), 'NA-08/location').map((f) => f.countries)).toEqual([['FR']]);
  });

  it('compares with the subject an import names, the same whether the rows are analysed as they are read or read back', async () => {
    const rows = usWorkday('jdoe', '203.0.113.5', 'DE');
    const findingsFor = async (ordered: string[]) => {
      const n = await newCase();
      const s = await newYorker(n);
      await t.call('subjects.add', { number: n, name: 'Other Worker', location: 'Berlin, Germany' });
      return only(await importInto(n, ordered, { subject: String(s.id) }), 'NA-08/location').map((f) => [f.countries, f.detail.subject, f.detail.claimedCountry, f.detail.localHours, f.events.length]);
    };
    const live = await findingsFor(rows);
    expect(live).toEqual([[['DE'], 'Jamie Doe', 'US', '09:00–16:59', 40]]);
    expect(await findingsFor([...rows].reverse())).toEqual(live);
  });

  it('compares with the nationality when the subject gives no location or zone, and says so', async () => {
    const n = await newCase();
    await t.call('subjects.add', { number: n, name: 'Lee Min', nationality: 'KR' });
    const fs = only(await importInto(n, [row('2024-02-01T00:00:00Z', 'lm', '192.0.2.1', 'KR'), row('2024-02-03T00:00:00Z', 'lm', '192.0.2.7', 'RU')]), 'NA-08/location');
    expect(fs.map((f) => [f.countries, f.detail.claimBasis, f.detail.highRisk])).toEqual([[['RU'], 'nationality', true]]);
    expect(String(fs[0]!.detail.explanation)).toMatch(/gives no location Casebook can read and claims to be a national of South Korea/);
  });

  it('reads a claimed location naming only a city, or only a time zone', async () => {
    const n = await newCase();
    await t.call('subjects.add', { number: n, name: 'Min Park', location: 'Seoul', nationality: 'KR' });
    const fs = await importInto(n, [row('2024-02-01T00:00:00Z', 'mp', '192.0.2.1', 'KR'), row('2024-02-03T00:00:00Z', 'mp', '192.0.2.9', 'CN')]);
    expect(only(fs, 'NA-08/location').map((f) => [f.countries, f.detail.claimedCountry])).toEqual([[['CN'], 'KR']]);
  });
});

describe('NA-01: impossible travel', () => {
  it('US then North Korea ten minutes apart is impossible travel; US then Canada twenty hours apart is not', async () => {
    const n = await newCase();
    const fs = await importInto(n, [
      row('2024-03-01T00:00:00Z', 'fast', '192.0.2.1', 'US'),
      row('2024-03-01T00:10:00Z', 'fast', '192.0.2.2', 'KP'),
      row('2024-03-01T00:00:00Z', 'slow', '192.0.2.3', 'US'),
      row('2024-03-01T20:00:00Z', 'slow', '192.0.2.4', 'CA'),
    ]);
    const travel = only(fs, 'NA-01/travel');
    expect(travel.map((f) => [f.account, f.ips, f.countries])).toEqual([['fast', ['192.0.2.1', '192.0.2.2'], ['KP', 'US']]]);
    const first = travel[0]!.detail.first as Record<string, unknown>;
    expect(first).toMatchObject({ from: 'United States (centre of the country)', to: 'North Korea (centre of the country)', fromIp: '192.0.2.1', toIp: '192.0.2.2', hours: 0.167, precision: 'country centre' });
    expect(first.km as number).toBeGreaterThan(10_000);
    expect(first.kmh as number).toBeGreaterThan(60_000);
    expect(travel[0]!.events).toHaveLength(2);
    expect(String(travel[0]!.detail.explanation)).toMatch(/centre of its country/);
    // The plain change of country stays a finding of its own, at a lower weight, for both.
    expect(only(fs, 'NA-01/countries').map((f) => [f.account, f.detail.weight])).toEqual([['fast', 'lower'], ['slow', 'lower']]);
  });

  it('counts a /64 of IPv6 privacy addresses as one address', async () => {
    const n = await newCase();
    const fs = await importInto(n, [
      row('2024-03-01T10:00:00Z', 'v6', '2001:db8:5:7:a1b2:c3d4:e5f6:1'),
      row('2024-03-01T10:10:00Z', 'v6', '2001:db8:5:7:1111:2222:3333:4444'),
      row('2024-03-01T10:20:00Z', 'v6', '2001:db8:5:7::99'),
    ]);
    expect(only(fs, 'NA-01/ips')).toEqual([]);
  });
});

describe('company egress ranges', () => {
  it('link nothing: no shared-IP finding within or across cases, and no claimed-location finding', async () => {
    const list = writeCsv(t, 'egress.txt', ['198.51.100.0/24  # head-office NAT', '2001:db8:e::/48']);
    expect(await t.call('activity.cidrImport', { name: 'Office exits', kind: 'company_egress', path: list })).toMatchObject({ kind: 'company_egress', ranges: 2 });
    const a = await newCase('A');
    await newYorker(a);
    const fa = await importInto(a, [row('2024-05-01T08:00:00Z', 'ann', '198.51.100.7', 'CN'), row('2024-05-01T09:00:00Z', 'bob', '198.51.100.7', 'CN')]);
    expect(fa.map((f) => f.detector)).toEqual([]);
    const b = await newCase('B');
    const fb = await importInto(b, [row('2024-05-01T10:00:00Z', 'cat', '198.51.100.7')]);
    expect(fb).toEqual([]);
    expect(await t.call('activity.findings', { number: a })).toEqual([]);
  });
});

describe('WP-01: the claimed zone without choosing one', () => {
  it('reads hours in the subject\'s zone by default, shows the best fit as a range with its countries, and takes a zone when analysed again', async () => {
    await t.call('activity.setSettings', { wp01MinEvents: 5 });
    const n = await newCase();
    // 09:00–17:00 at UTC+9 on three days.
    const rows = [0, 1, 2].flatMap((d) => series(`2024-01-${String(8 + d).padStart(2, '0')}T00:00:00Z`, 9, 60, (ts) => row(ts, 'quinn', '192.0.2.1')));
    expect(only(await importInto(n, rows), 'WP-01/hours')).toEqual([]);
    // No subject, no zone: nothing to compare with. Analysed again in a zone, the log is checked there, and stays so.
    const again = only(await t.call('activity.analyse', { number: n, zone: 'America/New_York' }), 'WP-01/hours');
    expect(again).toHaveLength(1);
    expect(again[0]!.detail).toMatchObject({ zone: 'America/New_York', bestFitRange: { from: 'UTC+09:00', to: 'UTC+09:45' } });
    expect(again[0]!.detail.bestFitCountries).toEqual(expect.arrayContaining(['JP', 'KP', 'KR']));
    expect(again[0]!.detail.bestFitCountries).not.toContain('CN');
    expect(String(again[0]!.detail.explanation)).toMatch(/anywhere from UTC\+09:00 to UTC\+09:45/);
    expect(only(await t.call('activity.analyse', { number: n }), 'WP-01/hours')).toHaveLength(1);

    const m = await newCase();
    await newYorker(m);
    const fs = only(await importInto(m, rows), 'WP-01/hours');
    expect(fs.map((f) => [f.account, f.detail.zone, f.detail.zoneFrom])).toEqual([['quinn', 'America/New_York', 'the claimed time zone']]);
  });
});

describe('NA-05: remote-access tools', () => {
  it('flags an account whose user agent names AnyDesk', async () => {
    const n = await newCase();
    const fs = await importInto(n, [row('2024-03-01T00:00:00Z', 'rx', '192.0.2.1', '', 'login', '', 'AnyDesk/8.0.9 (Windows)'), row('2024-03-01T01:00:00Z', 'ok', '192.0.2.2', '', 'login', '', 'Mozilla/5.0')]);
    expect(only(fs, 'NA-05/agent').map((f) => [f.account, f.detail.tools, f.events.length])).toEqual([['rx', ['AnyDesk'], 1]]);
  });
});

describe('device inventory: EQ-02 laptop farms and NA-05 remote-access software', () => {
  const DEVICES = 'Device Name,Serial Number,Assigned User,Last Public IP,Installed Software,Shipping Address';
  it('flags two laptops of different workers at one public IP and one shipping address, and AnyDesk installed; accepting one makes the indicator present', async () => {
    const n = await newCase();
    const path = writeCsv(t, 'mdm.csv', [
      DEVICES,
      'LT-0042,C02XK1,jdoe@example.com,203.0.113.50,"Chrome; Slack; AnyDesk 8.0",12 Elm St Springfield IL 62701',
      'LT-0043,C02XK2,asmith@example.com,203.0.113.50,"Chrome; Zoom","12 Elm St, Springfield, IL 62701"',
      'LT-0044,C02XK3,blee@example.com,198.51.100.4,Chrome,99 Oak Ave Austin TX',
    ]);
    const r = await t.call('activity.devicesImport', { number: n, path });
    expect(r).toMatchObject({ duplicate: false, devices: 3, exhibit: 'E-001' });
    const fs = await t.call('activity.findings', { number: n });
    const eq02 = only(fs, 'EQ-02/devices');
    expect(eq02.map((f) => [f.detail.reason, f.account, f.ips])).toEqual([
      ['same-address', 'asmith@example.com, jdoe@example.com', ['203.0.113.50']],
      ['same-ip', 'asmith@example.com, jdoe@example.com', ['203.0.113.50']],
    ]);
    expect((eq02[0]!.detail.devices as { line: number }[]).map((d) => d.line)).toEqual([2, 3]);
    expect(String(eq02[1]!.detail.explanation)).toMatch(/last seen at the one public address 203\.0\.113\.50: LT-0042 \(serial C02XK1\) assigned to jdoe@example.com/);
    const na05 = only(fs, 'NA-05/software');
    expect(na05.map((f) => [f.account, f.detail.tools])).toEqual([['jdoe@example.com', ['AnyDesk']]]);
    const accepted = await t.call('activity.accept', { number: n, finding: eq02[0]!.id });
    expect(accepted.status).toBe('accepted');
    const list = await t.call('indicators.checklist', { number: n });
    expect(list.items.find((i) => i.indicator.id === 'EQ-02')!.assessment).toMatchObject({ status: 'present', findings: [eq02[0]!.id] });
    // The same file again adds nothing; analysis again keeps the findings.
    expect(await t.call('activity.devicesImport', { number: n, path })).toMatchObject({ duplicate: true, devices: 3 });
    expect((await t.call('activity.analyse', { number: n })).map((f) => f.detector).sort()).toEqual(['EQ-02/devices', 'EQ-02/devices', 'NA-05/software']);
  });

  it('leaves devices behind the company egress alone, and refuses a file with a bad row, naming its line, storing nothing', async () => {
    await t.call('activity.cidrImport', { name: 'Office', kind: 'company_egress', path: writeCsv(t, 'egress.txt', ['203.0.113.0/24']) });
    const n = await newCase();
    await t.call('activity.devicesImport', { number: n, path: writeCsv(t, 'ok.csv', [DEVICES, 'A,1,u1,203.0.113.50,,', 'B,2,u2,203.0.113.50,,']) });
    expect(await t.call('activity.findings', { number: n })).toEqual([]);
    await expect(t.call('activity.devicesImport', { number: n, path: writeCsv(t, 'bad.csv', [DEVICES, 'C,3,u3,not-an-ip,,', 'D,4,,198.51.100.1,,']) })).rejects.toThrow(/line 2: the last public IP.*line 3: the assigned user is empty/);
    expect((await t.call('activity.devices', { number: n })).map((d) => d.device)).toEqual(['A', 'B']);
  });

  it('flags a device whose last public IP is in another country than its shipping address (a Country database: countries compared; streets are not geocoded)', async () => {
    const mmdb = join(t.dir, 'GeoLite2-Country.mmdb');
    writeFileSync(mmdb, writeMmdb({ '175.45.176.0/22': countryRecord('KP'), '198.51.100.0/24': countryRecord('US') }));
    await t.call('activity.setSettings', { geoipPath: mmdb });
    const n = await newCase();
    await t.call('activity.devicesImport', { number: n, path: writeCsv(t, 'far.csv', [DEVICES, 'LT-9,S9,kim@example.com,175.45.176.8,,"400 Main St, Dallas, TX, USA"', 'LT-8,S8,lee@example.com,198.51.100.8,,"1 Pine Rd, Denver, CO"']) });
    const far = only(await t.call('activity.findings', { number: n }), 'EQ-02/devices');
    expect(far.map((f) => [f.account, f.detail.reason, f.detail.ipCountry, f.detail.addressCountry, f.countries])).toEqual([['kim@example.com', 'far-from-address', 'KP', 'US', ['KP']]]);
    expect(String(far[0]!.detail.explanation)).toMatch(/175\.45\.176\.8 is in North Korea, but it was shipped to 400 Main St, Dallas, TX, USA in United States/);
  });

  it('with a City database, compares a device in the same country by region and city, and says what level it compared', async () => {
    const city = (region: string, code: string, name: string) => ({
      country: { iso_code: 'US', names: { en: 'United States' } }, subdivisions: [{ iso_code: code, names: { en: region } }], city: { names: { en: name } },
    });
    const mmdb = join(t.dir, 'GeoLite2-City.mmdb');
    writeFileSync(mmdb, writeMmdb({
      '198.51.100.0/24': city('Colorado', 'CO', 'Denver'),
      '203.0.113.0/24': city('Texas', 'TX', 'Dallas'),
      '175.45.176.0/22': countryRecord('KP'),
    }));
    await t.call('activity.setSettings', { geoipPath: mmdb });
    const n = await newCase();
    await t.call('activity.devicesImport', { number: n, path: writeCsv(t, 'city.csv', [DEVICES,
      // Online in Denver, shipped to Dallas: the same country, another region and city.
      'LT-1,S1,kim@example.com,198.51.100.8,,"400 Main St, Dallas, TX 75201, USA"',
      // Online in Dallas, shipped to Dallas (the region by its code): consistent.
      'LT-2,S2,lee@example.com,203.0.113.9,,"12 Elm St, Dallas, TX, USA"',
      // Online in Denver, shipped to an address naming the region in words: consistent.
      'LT-3,S3,max@example.com,198.51.100.9,,"5 Oak Ave, Aurora, Colorado, United States"',
      // North Korea against a US address: the countries differ.
      'LT-4,S4,ned@example.com,175.45.176.9,,"1 Pine Rd, Denver, CO, USA"',
    ]) });
    const far = only(await t.call('activity.findings', { number: n }), 'EQ-02/devices');
    expect(far.map((f) => [f.account, f.detail.compared, f.detail.weight, f.detail.ipCity ?? null, f.detail.ipRegionCode ?? null])).toEqual([
      ['kim@example.com', 'region', 'lower', 'Denver', 'CO'],
      ['ned@example.com', 'country', 'full', null, null],
    ]);
    expect(String(far[0]!.detail.explanation)).toMatch(/198\.51\.100\.8 is in Denver, Colorado \(CO\), United States, but it was shipped to 400 Main St, Dallas, TX 75201, USA, which names neither that city nor that region\. \(Compared at the level of region and city/);
    expect(String(far[1]!.detail.explanation)).toMatch(/Compared at the level of country, the finest the GeoIP database gives/);
  });
});

describe('NA-04: remote desktop on port 3389', () => {
  it('flags an account\'s connections to port 3389 when the file has a port column, and refuses a port that is not one', async () => {
    const n = await newCase();
    const path = writeCsv(t, 'fw.csv', ['time,user,src_ip,dst_port', '2024-03-01T00:00:00Z,rd,192.0.2.1,3389', '2024-03-01T01:00:00Z,rd,192.0.2.1,443', '2024-03-01T02:00:00Z,web,192.0.2.2,443', '2024-03-01T03:00:00Z,rd,192.0.2.1,']);
    await t.call('activity.import', { number: n, path });
    const rdp = only(await t.call('activity.findings', { number: n }), 'NA-04/rdp');
    expect(rdp.map((f) => [f.account, f.events.length, f.detail.events])).toEqual([['rd', 1, 1]]);
    expect(t.db.prepare('SELECT port FROM login_events ORDER BY line').pluck().all()).toEqual([3389, 443, 443, null]);
    await expect(t.call('activity.import', { number: n, path: writeCsv(t, 'badport.csv', ['time,user,src_ip,dst_port', '2024-03-02T00:00:00Z,rd,192.0.2.1,rdp']) })).rejects.toThrow(/line 2: port must be a whole number from 0 to 65535: "rdp"/);
  });
});
