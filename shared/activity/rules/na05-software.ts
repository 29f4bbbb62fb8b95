import { remoteAccessTools } from '../../indicators/remote-access.ts';
import type { FindingDraft } from './rule.ts';
import { deviceList, type DeviceRule } from './device-rule.ts';

/** NA-05 (P24): remote-access software or IP-KVM tools in a company device's installed software (list: shared/indicators/remote-access.ts). */
export const na05Software: DeviceRule = {
  detector: 'NA-05/software',
  indicator: 'NA-05',
  title: 'Remote-access tool installed on a company device',
  settings: [],
  explain: (d) => {
    const x = d.detail as { tools: string[]; devices: { device: string; serial: string; user: string }[] };
    const v = x.devices[0]!;
    return `The company device ${v.device}${v.serial ? ` (serial ${v.serial})` : ''}, assigned to ${v.user}, has ${x.tools.join(', ')} installed: remote-access software or an IP-KVM lets someone elsewhere work on the laptop (P24).`;
  },
  check(devices) {
    const out: FindingDraft[] = [];
    for (const d of devices) {
      const tools = remoteAccessTools(d.software);
      if (tools.length === 0) continue;
      out.push({
        indicator: 'NA-05', detector: 'NA-05/software', account: d.user, ips: d.ip ? [d.ip] : [], countries: [], from: '', to: '', refs: [],
        key: `NA-05/software|${d.serial || d.device}|${d.user}`,
        detail: { rule: 'installed software names a remote-access tool or IP-KVM', tools, devices: deviceList([d]), weight: 'full' },
      });
    }
    return out;
  },
};
