/** What kind of record an audit event is about, as a reader says it. */
export const ENTITY_LABELS: Record<string, string> = {
  case: 'Case',
  subject: 'Subject',
  identifier: 'Identifier',
  exhibit: 'Exhibit',
  indicator: 'Red flag',
  indicators: 'Red-flag checklist',
  diligence: 'Due-diligence step',
  activity: 'Login records',
  activity_import: 'Login records import',
  device_import: 'Device inventory import',
  finding: 'Detector finding',
  sanctions_screening: 'Sanctions screening',
  sanctions_hit: 'Sanctions hit',
  sanctions_list: 'Sanctions list',
  payment: 'Payment',
  payment_import: 'Payment import',
  fx_rate: 'Exchange rate',
  decision: 'Decision',
  remediation_task: 'Remediation task',
  investigation_task: 'Investigation task',
  legal_review: 'Legal review',
  legal_factor: 'General factor',
  statutory_maximum: 'Statutory maximum',
  report: 'Report',
  note: 'Note',
  timeline_entry: 'Timeline entry',
  template: 'Case template',
  setting: 'Setting',
  settings: 'Settings',
  cidr_list: 'IP range list',
  user: 'User',
};

const ACTION_LABELS: Record<string, string> = {
  created: 'created',
  updated: 'edited',
  edited: 'edited',
  status_changed: 'status changed',
  closed: 'closed',
  reopened: 'reopened',
  locked: 'locked',
  added: 'added',
  removed: 'removed',
  linked: 'linked',
  retracted: 'retracted',
  accepted: 'accepted',
  dismissed: 'dismissed',
  confirmed: 'confirmed',
  assessed: 'assessed',
  recorded: 'recorded',
  imported: 'imported',
  replaced: 'replaced',
  signed: 'signed',
  superseded: 'superseded',
  exported: 'exported',
  viewed: 'viewed',
  verified: 'verified',
  screened: 'screened',
  analysed: 'analysed',
  set: 'set',
  zone_set: 'time zone set',
  catalog_frozen: 'version fixed',
  catalog_upgraded: 'upgraded to a newer catalog',
  template_applied: 'made from a template',
  new_version: 'new version saved',
  retired: 'retired',
  restored: 'restored',
  registered: 'registered',
  role_changed: 'role changed',
  weights_changed: 'weights changed',
  thresholds_changed: 'thresholds changed',
};

const words = (token: string) => token.replace(/_/g, ' ');

export const entityLabel = (entity: string): string => ENTITY_LABELS[entity] ?? words(entity).replace(/^./, (c) => c.toUpperCase());
export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? words(action);

/**
 * One line for an audit event: "Exhibit E-003 added", "Case status changed", "Investigation task 4
 * edited". Never the stored code words.
 */
export function auditLabel(e: { entity: string; action: string; entityId: string | null }): string {
  const id = e.entityId && !/^CB-\d{4}-\d+$/.test(e.entityId) ? ` ${/^\d+$/.test(e.entityId) ? `#${e.entityId}` : e.entityId}` : '';
  return `${entityLabel(e.entity)}${id} ${actionLabel(e.action)}`;
}
