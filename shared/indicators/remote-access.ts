/**
 * Remote-access software and IP-KVM devices (NA-05). P24 (FBI PSA240516, 2024-05-16) names
 * remote-access software and IP-KVM devices on company laptops as the laptop-farm pattern; the
 * products below are the vendors' own product names (including PiKVM and TinyPilot, the open and
 * commercial IP-KVMs), kept here as a maintained list: add a product when one is seen in a case.
 * A pattern is matched, case-insensitively, against installed-software names and user agents.
 */
export const REMOTE_ACCESS_TOOLS: readonly { name: string; kind: 'remote desktop' | 'IP-KVM'; pattern: RegExp }[] = [
  { name: 'AnyDesk', kind: 'remote desktop', pattern: /\bany\s?desk\b/i },
  { name: 'TeamViewer', kind: 'remote desktop', pattern: /\bteam\s?viewer\b/i },
  { name: 'RustDesk', kind: 'remote desktop', pattern: /\brust\s?desk\b/i },
  { name: 'Chrome Remote Desktop', kind: 'remote desktop', pattern: /\bchrome\s?remote\s?desktop\b|\bremotedesktop\.google\.com\b|\bCRD[_-]?Host\b/i },
  { name: 'Splashtop', kind: 'remote desktop', pattern: /\bsplashtop\b/i },
  { name: 'ConnectWise ScreenConnect', kind: 'remote desktop', pattern: /\bscreen\s?connect\b|\bconnectwise\s?control\b/i },
  { name: 'LogMeIn', kind: 'remote desktop', pattern: /\blog\s?me\s?in\b/i },
  { name: 'GoTo Resolve', kind: 'remote desktop', pattern: /\bgoto\s?(resolve|assist)\b/i },
  { name: 'RemotePC', kind: 'remote desktop', pattern: /\bremote\s?pc\b/i },
  { name: 'Parsec', kind: 'remote desktop', pattern: /\bparsec\b/i },
  { name: 'NoMachine', kind: 'remote desktop', pattern: /\bno\s?machine\b/i },
  { name: 'Zoho Assist', kind: 'remote desktop', pattern: /\bzoho\s?assist\b/i },
  { name: 'Atera', kind: 'remote desktop', pattern: /\batera\b/i },
  { name: 'Ammyy Admin', kind: 'remote desktop', pattern: /\bammyy\b/i },
  { name: 'UltraViewer', kind: 'remote desktop', pattern: /\bultra\s?viewer\b/i },
  { name: 'Supremo', kind: 'remote desktop', pattern: /\bsupremo\s?(remote|desktop)?\b/i },
  { name: 'VNC (RealVNC, TightVNC, UltraVNC, TigerVNC)', kind: 'remote desktop', pattern: /\b(real|tight|ultra|tiger)?\s?vnc\b/i },
  { name: 'Radmin', kind: 'remote desktop', pattern: /\bradmin\b/i },
  { name: 'DWService', kind: 'remote desktop', pattern: /\bdwservice\b|\bdwagent\b/i },
  { name: 'MeshCentral', kind: 'remote desktop', pattern: /\bmesh\s?(central|agent)\b/i },
  { name: 'PiKVM', kind: 'IP-KVM', pattern: /\bpi\s?-?kvm\b/i },
  { name: 'TinyPilot', kind: 'IP-KVM', pattern: /\btiny\s?pilot\b/i },
  { name: 'JetKVM', kind: 'IP-KVM', pattern: /\bjet\s?kvm\b/i },
  { name: 'BliKVM', kind: 'IP-KVM', pattern: /\bbli\s?kvm\b/i },
  { name: 'NanoKVM', kind: 'IP-KVM', pattern: /\bnano\s?kvm\b/i },
];

/** The tools named in a text (software list or user agent), by name. */
export function remoteAccessTools(text: string): string[] {
  return REMOTE_ACCESS_TOOLS.filter((t) => t.pattern.test(text)).map((t) => t.name);
}
