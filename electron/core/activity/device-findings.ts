import type { ReadDb } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import type { DeviceRecord } from '../../../shared/activity/devices.ts';
import type { ActivitySettings } from '../../../shared/activity/fields.ts';
import { DEVICE_RULES } from '../../../shared/activity/rules/index.ts';
import type { FindingDraft, RangeMatch } from '../../../shared/activity/rules/rule.ts';
import { openPlaceLookupSync } from './geoip.ts';

export function listDevices(db: ReadDb, caseId: number): DeviceRecord[] {
  return stmt(db, 'SELECT id, line, device, serial, user, ip, software, address FROM devices WHERE case_id = ? ORDER BY id').all(caseId) as DeviceRecord[];
}

/** The device rules' findings for a case, dated by the device imports they rest on. */
export function deviceDrafts(db: ReadDb, caseId: number, settings: ActivitySettings, rangeOf: ((ip: string) => RangeMatch | null) | null): FindingDraft[] {
  const devices = listDevices(db, caseId);
  if (devices.length === 0) return [];
  const at = new Map((stmt(db, 'SELECT d.id, i.imported_at FROM devices d JOIN device_imports i ON i.id = d.import_id WHERE d.case_id = ?').all(caseId) as { id: number; imported_at: string }[]).map((r) => [r.id, r.imported_at]));
  const env = { settings, rangeOf, ipPlace: openPlaceLookupSync(settings.geoipPath) };
  return DEVICE_RULES.flatMap((rule) =>
    rule.check(devices, env).map((d) => {
      const times = (d.detail.devices as { id: number }[]).map((v) => at.get(v.id)!).sort();
      const out = { ...d, from: times[0]!, to: times[times.length - 1]! };
      out.detail.explanation = rule.explain(out);
      return out;
    }),
  );
}
