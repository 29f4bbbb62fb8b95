import type { BundleImportResult } from '../../../../shared/contract/bundle.ts';

/** What the records of each kind are called on screen (never the stored names). */
const KINDS: Record<string, [string, string]> = {
  cases: ['case record', 'case records'],
  subjects: ['subject', 'subjects'],
  identifiers: ['identifier', 'identifiers'],
  exhibits: ['exhibit', 'exhibits'],
  exhibit_subjects: ['exhibit link', 'exhibit links'],
  indicator_assessments: ['indicator assessment', 'indicator assessments'],
  case_indicator_state: ['risk score', 'risk scores'],
  diligence_steps: ['due-diligence step', 'due-diligence steps'],
  activity_imports: ['login-record import', 'login-record imports'],
  login_events: ['login record', 'login records'],
  case_ips: ['address summary', 'address summaries'],
  activity_findings: ['finding', 'findings'],
  device_imports: ['device list', 'device lists'],
  devices: ['device', 'devices'],
  sanctions_screenings: ['sanctions screening', 'sanctions screenings'],
  sanctions_hits: ['screening hit', 'screening hits'],
  decisions: ['decision', 'decisions'],
  decision_signoffs: ['sign-off', 'sign-offs'],
  signatures: ['signature', 'signatures'],
  remediation_tasks: ['remediation task', 'remediation tasks'],
  payment_imports: ['payment ledger', 'payment ledgers'],
  payments: ['payment', 'payments'],
  payment_blocks: ['blocked or rejected payment', 'blocked or rejected payments'],
  legal_reviews: ["counsel's review", "counsel's reviews"],
  legal_factors: ['general factor', 'general factors'],
  legal_review_shares: ['shared review', 'shared reviews'],
  report_exports: ['exported report', 'exported reports'],
  case_tags: ['tag', 'tags'],
};

export const kindLabel = (table: string, n: number): string => {
  const k = KINDS[table] ?? ['other record', 'other records'];
  return `${n} ${n === 1 ? k[0] : k[1]}`;
};

/** "Added 2 subjects, 1 counsel's review; updated 1 subject; changed on both sides (this copy kept): 1 subject". */
export function describeChanges(c: BundleImportResult['changes']): string {
  const added = Object.entries(c.added).filter(([, n]) => n > 0).map(([t, n]) => kindLabel(t, n));
  const count = (list: { table: string }[]) => {
    const m = new Map<string, number>();
    for (const x of list) m.set(x.table, (m.get(x.table) ?? 0) + 1);
    return [...m].map(([t, n]) => kindLabel(t, n));
  };
  const parts: string[] = [];
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (c.updated.length) parts.push(`updated ${count(c.updated).join(', ')}`);
  if (c.conflicts.length) parts.push(`changed on both sides (this copy kept): ${count(c.conflicts).join(', ')}`);
  if (c.auditEvents) parts.push(`${c.auditEvents} ${c.auditEvents === 1 ? 'entry' : 'entries'} of the other side's case history`);
  const text = parts.length ? parts.join('; ') : 'nothing changed';
  return text.charAt(0).toUpperCase() + text.slice(1);
}
