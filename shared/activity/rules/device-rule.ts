import type { ActivitySettings } from '../fields.ts';
import type { DeviceRecord } from '../devices.ts';
import type { FindingDraft, RangeMatch } from './rule.ts';

/** Where the GeoIP database places an address: its country, and with a City database its region, city and coordinates. */
export type IpPlace = { country: string; region: string | null; regionCode: string | null; city: string | null; coordinates: { lat: number; lon: number } | null };
export type IpPlaceLookup = (ip: string) => IpPlace | null;

/** What a device rule is given: the settings, the range lists, and where an address geolocates to. */
export type DeviceEnv = {
  settings: ActivitySettings;
  rangeOf: ((ip: string) => RangeMatch | null) | null;
  /** The GeoIP database's place for an address, or null (no database, or an address it does not place); null itself without a database. */
  ipPlace: IpPlaceLookup | null;
};

/** A rule over the case's company devices (a device inventory), raising findings like the login rules. */
export type DeviceRule = {
  detector: string;
  indicator: string;
  title: string;
  settings: readonly (keyof ActivitySettings)[];
  explain(d: FindingDraft): string;
  check(devices: readonly DeviceRecord[], env: DeviceEnv): FindingDraft[];
};

/** The devices as a finding lists them: name, serial and user, and the file's line. */
export const deviceList = (ds: readonly DeviceRecord[]) => ds.map((d) => ({ id: d.id, line: d.line, device: d.device, serial: d.serial, user: d.user, ip: d.ip, address: d.address }));
