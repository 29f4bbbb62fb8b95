import { countryName, placeOf } from '../geo.ts';
import type { DeviceRecord } from '../devices.ts';
import { isEgress, type FindingDraft } from './rule.ts';
import { deviceList, type DeviceRule } from './device-rule.ts';

const normAddress = (a: string) => a.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * EQ-02 (P24, laptop farms): two or more company devices assigned to different workers seen at
 * one public IP address, or shipped to one address; or a device whose last public IP geolocates to
 * another country than its shipping address. Street addresses cannot be geocoded offline, so the
 * distance check compares countries (the address's, read from its text, against the IP's from the
 * GeoIP database). The company's own egress addresses are left out.
 */
export const eq02LaptopFarm: DeviceRule = {
  detector: 'EQ-02/devices',
  indicator: 'EQ-02',
  title: 'Laptop farm: company devices of different workers at one address, or a device far from where it was shipped',
  settings: [],
  explain: (d) => {
    const x = d.detail as { reason: string; ip?: string; address?: string; devices: { device: string; serial: string; user: string }[]; ipCountry?: string; addressCountry?: string };
    const list = x.devices.map((v) => `${v.device}${v.serial ? ` (serial ${v.serial})` : ''} assigned to ${v.user}`).join('; ');
    if (x.reason === 'same-ip') return `${x.devices.length} company devices assigned to different workers were last seen at the one public address ${x.ip}: ${list}. Several company laptops online from one place is the laptop-farm pattern of P24.`;
    if (x.reason === 'same-address') return `${x.devices.length} company devices assigned to different workers were shipped to one address (${x.address}): ${list}.`;
    return `${list}: its last public address ${x.ip} is in ${countryName(x.ipCountry!)}, but it was shipped to ${x.address} in ${countryName(x.addressCountry!)}. (Street addresses are not geocoded offline; the countries are compared.)`;
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
    if (env.ipCountry) {
      for (const d of devices) {
        if (!d.ip || !d.address || isEgress(env, d.ip)) continue;
        const ipCountry = env.ipCountry(d.ip);
        const addressCountry = placeOf(d.address)?.country ?? null;
        if (!ipCountry || !addressCountry || ipCountry === addressCountry) continue;
        out.push({ ...make('far-from-address', [d], `${d.id}`, { ip: d.ip, address: d.address, ipCountry, addressCountry }), countries: [ipCountry] });
      }
    }
    return out;
  },
};
