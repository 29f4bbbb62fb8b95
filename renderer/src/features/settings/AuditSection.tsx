import type { AuditEvent } from '../../../../shared/audit.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { plainField, plainValue } from '../../plainValues.ts';
import { THRESHOLDS } from './ThresholdsSection.tsx';

const WHAT: Record<string, string> = {
  'indicators.weights': 'Weights',
  'activity.settings': 'Thresholds / countries / GeoIP',
};

const show = plainValue;
const SETTING_LABELS: Record<string, string> = { ...Object.fromEntries(THRESHOLDS.map((t) => [t.key, `${t.rule} ${t.label.replace(/^… /, '').toLowerCase()}`])), geoipPath: 'GeoIP database', na08HighRiskCountries: 'NA-08 high-risk countries' };
const settingLabel = (k: string) => SETTING_LABELS[k] ?? plainField(k);

function Change({ e }: { e: AuditEvent }) {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (e.entity === 'cidr_list') return <span>{e.action === 'replaced' ? 'replaced' : 'imported'}: {after.ranges as number} range(s), {show(after.kind)}</span>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <ul className="settings-changes">
      {keys.map((k) => (
        <li key={k}>
          <span>{settingLabel(k)}</span> {show(before[k])} → <strong>{show(after[k])}</strong>
        </li>
      ))}
    </ul>
  );
}

const settingsAuditColumns = columns<AuditEvent>([
  { id: 'when', header: 'When', className: 'nowrap', cell: (e) => formatTime(e.at) },
  { id: 'who', header: 'Who', cell: (e) => e.actor },
  { id: 'what', header: 'What', cell: (e) => (e.entity === 'cidr_list' ? `Range list “${e.entityId}”` : (WHAT[e.entityId ?? ''] ?? e.entityId)) },
  { id: 'change', header: 'Change (before → after)', cell: (e) => <Change e={e} /> },
]);

/** The audit log's record of settings changes: every save above appends one, hash-chained with the rest. */
export function AuditSection({ refresh }: { refresh: number }) {
  const events = useApi('audit.settings', { limit: 50 }, refresh);
  if (events.error) return <ErrorNotice error={events.error} />;
  if (!events.data) return <p className="muted">Loading…</p>;
  if (events.data.length === 0) return <p className="muted">No settings have been changed yet: everything above is at its default.</p>;
  return (
    <DataTable label="Settings changes" rows={events.data} cols={settingsAuditColumns} rowKey={(e) => String(e.seq)} />
  );
}
