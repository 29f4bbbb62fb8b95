import { countryName, placeOf } from '../geo.ts';
import type { DeviceRecord } from '../devices.ts';
import { isEgress, type FindingDraft } from './rule.ts';
import { deviceList, type DeviceRule } from './device-rule.ts';

const normAddress = (a: string) => a.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** True when the words of `part` appear together in the normalised address text. */
const names = (text: string, part: string | null) => {
  if (!part) return false;
  const p = normAddress(part);
  return p.length > 0 && ` ${text} `.includes(` ${p} `);
};

/**
 * EQ-02 (P24, laptop farms): two or more company devices assigned to different workers seen at
 * one public IP address, or shipped to one address; or a device whose last public IP geolocates
 * away from its shipping address, compared as finely as the GeoIP database allows. Street addresses
 * cannot be geocoded offline, so there is no distance: with a Country database the countries are
 * compared (the address's, read from its text, against the IP's); with a City database, when the
 * countries agree, the IP's region and city are looked for in the address text (a region named by
 * its name or its code, e.g. "Texas" or "TX"), and an address naming neither is reported as a
 * lower-weight finding. The company's own egress addresses are left out.
 */
export const eq02LaptopFarm: DeviceRule = {
  detector: 'EQ-02/devices',
  indicator: 'EQ-02',
  title: 'Laptop farm: company devices of different workers at one address, or a device far from where it was shipped',
  settings: [],
  explain: (d) => {
    const x = d.detail as {
      reason: string; ip?: string; address?: string; devices: { device: string; serial: string; user: string }[]; ipCountry?: string; addressCountry?: string;
      compared?: 'country' | 'region'; ipRegion?: string | null; ipRegionCode?: string | null; ipCity?: string | null;
    };
    const list = x.devices.map((v) => `${v.device}${v.serial ? ` (serial ${v.serial})` : ''} assigned to ${v.user}`).join('; ');
    if (x.reason === 'same-ip') return `${x.devices.length} company devices assigned to different workers were last seen at the one public address ${x.ip}: ${list}. Several company laptops online from one place is the laptop-farm pattern of P24.`;
    if (x.reason === 'same-address') return `${x.devices.length} company devices assigned to different workers were shipped to one address (${x.address}): ${list}.`;
    if (x.compared === 'region') {
      const where = [x.ipCity, x.ipRegion ? `${x.ipRegion}${x.ipRegionCode ? ` (${x.ipRegionCode})` : ''}` : null].filter(Boolean).join(', ');
      return `${list}: its last public address ${x.ip} is in ${where}, ${countryName(x.ipCountry!)}, but it was shipped to ${x.address}, which names neither that city nor that region. (Compared at the level of region and city, the finest the GeoIP database gives; street addresses are not geocoded offline, so no distance is measured.)`;
    }
    return `${list}: its last public address ${x.ip} is in ${countryName(x.ipCountry!)}, but it was shipped to ${x.address} in ${countryName(x.addressCountry!)}. (Compared at the level of country${x.ipRegion || x.ipCity ? '' : ', the finest the GeoIP database gives'}; street addresses are not geocoded offline.)`;
  },
  check(devices, env) {
    const out: FindingDraft[] = [];
    const groups = (key: (d: DeviceRecord) => string | null) => {
      const m = new Map<string, DeviceRecord[]>();
      for (const d of devices) {
        const k = key(d);
        if (k) m.set(k, [...(m.get(k) ?? []), d]);
      }
      return [...m].filter(([, ds]) => new Set(ds.map((d) => d.user.toLowerCase())).size >= 2);
    };
    const make = (reason: string, ds: DeviceRecord[], keyPart: string, extra: Record<string, unknown>): FindingDraft => ({
      indicator: 'EQ-02', detector: 'EQ-02/devices', account: [...new Set(ds.map((d) => d.user))].sort().join(', '),
      ips: [...new Set(ds.map((d) => d.ip).filter((ip): ip is string => ip !== null))].sort(), countries: [], from: '', to: '', refs: [],
      key: `EQ-02/devices|${reason}|${keyPart}`,
      detail: { rule: reason, reason, devices: deviceList(ds), ...extra, weight: 'full' },
    });
    for (const [ip, ds] of groups((d) => (d.ip && !isEgress(env, d.ip) ? d.ip : null))) out.push(make('same-ip', ds, ip, { ip }));
    for (const [, ds] of groups((d) => (d.address ? normAddress(d.address) : null))) out.push(make('same-address', ds, normAddress(ds[0]!.address), { address: ds[0]!.address }));
    if (env.ipPlace) {
      for (const d of devices) {
        if (!d.ip || !d.address || isEgress(env, d.ip)) continue;
        const at = env.ipPlace(d.ip);
        const addressCountry = placeOf(d.address)?.country ?? null;
        if (!at || !addressCountry) continue;
        const place = { ip: d.ip, address: d.address, ipCountry: at.country, addressCountry, ipRegion: at.region, ipRegionCode: at.regionCode, ipCity: at.city };
        if (at.country !== addressCountry) {
          out.push({ ...make('far-from-address', [d], `${d.id}`, { ...place, compared: 'country' }), countries: [at.country] });
          continue;
        }
        // The same country: the finest level the database gives, the region and the city, read in the address text.
        if (!at.region && !at.city) continue;
        const text = normAddress(d.address);
        const tokens = new Set(d.address.toUpperCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
        const regionNamed = names(text, at.region) || (at.regionCode !== null && tokens.has(at.regionCode.toUpperCase()));
        if (regionNamed || names(text, at.city)) continue;
        const draft = make('far-from-address', [d], `${d.id}`, { ...place, compared: 'region' });
        draft.detail.weight = 'lower';
        out.push({ ...draft, countries: [at.country] });
      }
    }
    return out;
  },
};
