/** The columns of a device inventory (an MDM or EDR export): one company device per row. */
export const DEVICE_FIELDS = ['device', 'serial', 'user', 'ip', 'software', 'address'] as const;
export type DeviceField = (typeof DEVICE_FIELDS)[number];
export const REQUIRED_DEVICE_FIELDS: readonly DeviceField[] = ['device', 'user'];

/** Header names (normalised as the login import's: lower case, runs of non-alphanumerics as one underscore) each field answers to. */
export const DEVICE_ALIASES: Record<DeviceField, readonly string[]> = {
  device: ['device', 'device_name', 'devicename', 'hostname', 'host_name', 'computer', 'computer_name', 'asset', 'asset_tag', 'name', 'endpoint'],
  serial: ['serial', 'serial_number', 'serialnumber', 'serial_no', 'sn', 'hardware_serial'],
  user: ['user', 'username', 'user_name', 'assigned_user', 'assigned_to', 'owner', 'primary_user', 'email', 'user_email', 'upn', 'employee'],
  ip: ['ip', 'last_public_ip', 'public_ip', 'last_ip', 'external_ip', 'last_seen_ip', 'wan_ip', 'ip_address', 'last_public_ip_address'],
  software: ['software', 'installed_software', 'applications', 'installed_applications', 'apps', 'programs'],
  address: ['address', 'shipping_address', 'ship_to', 'ship_to_address', 'delivery_address', 'shipped_to', 'location'],
};

/** One stored device. */
export type DeviceRecord = { id: number; line: number; device: string; serial: string; user: string; ip: string | null; software: string; address: string };

export type DeviceImportResult = { importId: number; duplicate: boolean; sha256: string; exhibit: string | null; devices: number; findings: number };
