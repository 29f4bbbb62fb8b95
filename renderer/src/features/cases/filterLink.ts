import { CASE_STATUSES, type CaseListView, type CaseStatus } from '../../../../shared/cases.ts';
import { RISK_BANDS, type RiskBand } from '../../../../shared/indicators/score.ts';

type Filters = CaseListView['filters'];

/**
 * A link to the case list with these filters: `#/cases/where/status=open&band=high`. The list
 * applies them (replacing the filters it had) and keeps its sort and columns.
 */
export function casesHref(f: Filters): string {
  const p = new URLSearchParams();
  for (const s of f.status ?? []) p.append('status', s);
  for (const b of f.band ?? []) p.append('band', b);
  if (f.openHits) p.set('openHits', '1');
  if (f.openFindings) p.set('openFindings', '1');
  if (f.overdue) p.set('overdue', '1');
  if (f.taskOwner) p.set('taskOwner', f.taskOwner);
  return `#/cases/where/${encodeURIComponent(p.toString())}`;
}

/** The filters of such a link; anything it does not know is ignored. */
export function parseCasesWhere(text: string): Filters {
  const p = new URLSearchParams(text);
  const status = p.getAll('status').filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s));
  const band = p.getAll('band').filter((b): b is RiskBand => (RISK_BANDS as readonly string[]).includes(b));
  const f: Filters = {};
  if (status.length) f.status = status;
  if (band.length) f.band = band;
  if (p.get('openHits') === '1') f.openHits = true;
  if (p.get('openFindings') === '1') f.openFindings = true;
  if (p.get('overdue') === '1') f.overdue = true;
  const owner = p.get('taskOwner');
  if (owner) f.taskOwner = owner.slice(0, 100);
  return f;
}

export const ACTIVE_STATUSES: CaseStatus[] = ['open', 'investigating', 'pending_legal_review'];
