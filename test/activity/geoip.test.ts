import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reader, type CountryResponse } from 'maxmind';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { countryRecord, writeMmdb } from '../helpers/mmdb.ts';
import { writeCsv } from './helpers.ts';

const NETWORKS = {
  '175.45.176.0/22': countryRecord('KP', 'North Korea'),
  '2001:db8::/32': countryRecord('CN', 'China'),
  '2001:db8:7::/48': countryRecord('RU', 'Russia'),
  '198.51.100.0/24': countryRecord('US', 'United States'),
  '198.51.100.128/25': countryRecord('NL', 'Netherlands'),
};

describe('the test .mmdb writer, read back by the maxmind package', () => {
  it('answers IPv4 (mapped at ::/96) and IPv6 look-ups, refined networks and misses, with its metadata', () => {
    const reader = new Reader<CountryResponse>(writeMmdb(NETWORKS, { buildEpoch: 1_750_000_000 }));
    const iso = (ip: string) => reader.get(ip)?.country?.iso_code ?? null;
    expect(['175.45.176.1', '175.45.179.255', '175.45.180.0', '2001:db8::1', '2001:db8:7::9', '2001:db8:8::1', '2001:db9::1', '198.51.100.127', '198.51.100.128', '192.0.2.1'].map(iso))
      .toEqual(['KP', 'KP', null, 'CN', 'RU', 'CN', null, 'US', 'NL', null]);
    expect(reader.get('175.45.177.3')).toEqual({ country: { iso_code: 'KP', names: { en: 'North Korea' } } });
    expect(reader.getWithPrefixLength('198.51.100.200')).toEqual([{ country: { iso_code: 'NL', names: { en: 'Netherlands' } } }, 25]);
    expect(reader.metadata).toMatchObject({
      binaryFormatMajorVersion: 2, binaryFormatMinorVersion: 0, ipVersion: 6, recordSize: 28, nodeByteSize: 7,
      databaseType: 'Casebook-Test-Country', languages: ['en'], description: { en: 'Test database written by test/helpers/mmdb.ts' },
    });
    expect(Number(reader.metadata.buildEpoch.getTime()) / 1000).toBe(1_750_000_000);
  });

  it('writes an IPv4-only tree when asked', () => {
    const reader = new Reader<CountryResponse>(writeMmdb({ '10.0.0.0/8': countryRecord('DE'), '10.1.0.0/16': countryRecord('FR') }, { ipVersion: 4 }));
    expect(reader.metadata.ipVersion).toBe(4);
    expect(['10.0.0.1', '10.1.2.3', '11.0.0.1'].map((ip) => reader.get(ip)?.country?.iso_code ?? null)).toEqual(['DE', 'FR', null]);
  });
});

describe('activity import: the country of each record', () => {
  let t: TestCore;
  beforeEach(() => {
    t = makeTestCore();
  });
  afterEach(() => t.cleanup());

  const stored = (number: string) =>
    t.db.prepare('SELECT e.line, e.ip, e.country, e.country_source AS source FROM login_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ? ORDER BY e.line').all(number);

  const useGeoip = async () => {
    const path = join(t.dir, 'GeoLite2-Country.mmdb');
    writeFileSync(path, writeMmdb(NETWORKS));
    const settings = await t.call('activity.setSettings', { geoipPath: path });
    expect(settings.geoipPath).toBe(path);
  };

  it('takes the country from the .mmdb when the file has no country column, "unknown" when the database has none', async () => {
    await useGeoip();
    const { number } = await t.call('cases.create', { title: 'GeoIP lookup' });
    const csv = writeCsv(t, 'no-country.csv', [
      'time,user,src_ip',
      '2024-03-01T00:00:00Z,sam,175.45.176.10',
      '2024-03-01T06:00:00Z,sam,2001:db8:7::42',
      '2024-03-01T07:00:00Z,sam,192.0.2.1',
      '2024-03-01T08:00:00Z,sam,::ffff:198.51.100.200',
    ]);
    const r = await t.call('activity.import', { number, path: csv });
    expect(r.events).toBe(4);
    expect(stored(number)).toEqual([
      { line: 2, ip: '175.45.176.10', country: 'KP', source: 'geoip' },
      { line: 3, ip: '2001:db8:7::42', country: 'RU', source: 'geoip' },
      { line: 4, ip: '192.0.2.1', country: null, source: null },
      { line: 5, ip: '198.51.100.200', country: 'NL', source: 'geoip' },
    ]);
    const findings = await t.call('activity.findings', { number });
    expect(findings.filter((f) => f.detector === 'NA-01/countries').map((f) => [f.account, f.from, f.to, f.countries])).toEqual([
      ['sam', '2024-03-01T00:00:00.000Z', '2024-03-01T08:00:00.000Z', ['KP', 'NL', 'RU']],
    ]);
  });

  it('lets the record\'s own country win over the .mmdb, and looks up only the rows without one', async () => {
    await useGeoip();
    const { number } = await t.call('cases.create', { title: 'Record wins' });
    const csv = writeCsv(t, 'with-country.csv', [
      'timestamp,account,ip,country',
      '2024-03-01T00:00:00Z,tia,175.45.176.10,us',
      '2024-03-01T01:00:00Z,tia,175.45.176.10,',
      '2024-03-01T02:00:00Z,tia,2001:db8::5,unknown',
    ]);
    await t.call('activity.import', { number, path: csv });
    expect(stored(number)).toEqual([
      { line: 2, ip: '175.45.176.10', country: 'US', source: 'record' },
      { line: 3, ip: '175.45.176.10', country: 'KP', source: 'geoip' },
      { line: 4, ip: '2001:db8::5', country: 'CN', source: 'geoip' },
    ]);
  });

  it('leaves the country unknown without a GeoIP database, never guessing', async () => {
    const { number } = await t.call('cases.create', { title: 'No database' });
    await t.call('activity.import', { number, path: writeCsv(t, 'plain.csv', ['timestamp,account,ip', '2024-03-01T00:00:00Z,uri,175.45.176.10']) });
    expect(stored(number)).toEqual([{ line: 2, ip: '175.45.176.10', country: null, source: null }]);
  });

  it('refuses a GeoIP path that is not an .mmdb when it is set, and the import, with nothing saved, when the file is replaced later', async () => {
    const bogus = join(t.dir, 'not-a-db.mmdb');
    writeFileSync(bogus, 'hello');
    await expect(t.call('activity.setSettings', { geoipPath: bogus })).rejects.toThrow(/is not a MaxMind \.mmdb database/);
    await expect(t.call('activity.setSettings', { geoipPath: join(t.dir, 'absent.mmdb') })).rejects.toThrow(/is missing/);
    expect((await t.call('activity.settings', {})).geoipPath).toBeNull();
    await useGeoip();
    writeFileSync(join(t.dir, 'GeoLite2-Country.mmdb'), 'overwritten');
    const { number } = await t.call('cases.create', { title: 'Bad database' });
    await expect(t.call('activity.import', { number, path: writeCsv(t, 'p.csv', ['timestamp,account,ip', '2024-03-01T00:00:00Z,uri,175.45.176.10']) })).rejects.toThrow(/is not a MaxMind \.mmdb database/);
    expect(stored(number)).toEqual([]);
  });
});
