import type { ActivitySettings } from '../fields.ts';
import type { DeviceRecord } from '../devices.ts';
import type { FindingDraft, RangeMatch } from './rule.ts';

/** What a device rule is given: the settings, the range lists, and the country an address geolocates to. */
export type DeviceEnv = {
  settings: ActivitySettings;
  rangeOf: ((ip: string) => RangeMatch | null) | null;
  /** The GeoIP database's country for an address, or null (no database, or an address it does not place). */
  ipCountry: ((ip: string) => string | null) | null;
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
