import type { AuditEvent } from '../../../../shared/audit.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';

const WHAT: Record<string, string> = {
  'indicators.weights': 'Weights',
  'activity.settings': 'Thresholds / GeoIP',
};

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function Change({ e }: { e: AuditEvent }) {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (e.entity === 'cidr_list') return <span>{e.action === 'replaced' ? 'replaced' : 'imported'}: {after.ranges as number} range(s), {show(after.kind)}</span>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <ul className="settings-changes">
      {keys.map((k) => (
        <li key={k}>
          <span className="mono">{k}</span> {show(before[k])} → <strong>{show(after[k])}</strong>
        </li>
      ))}
    </ul>
  );
}

/** The audit log's record of settings changes: every save above appends one, hash-chained with the rest. */
export function AuditSection({ refresh }: { refresh: number }) {
  const events = useApi('audit.settings', { limit: 50 }, refresh);
  if (events.error) return <ErrorNotice error={events.error} />;
  if (!events.data) return <p className="muted">Loading…</p>;
  if (events.data.length === 0) return <p className="muted">No settings have been changed yet: everything above is at its default.</p>;
  return (
    <table className="table" aria-label="Settings changes">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>What</th>
          <th>Change (before → after)</th>
        </tr>
      </thead>
      <tbody>
        {events.data.map((e) => (
          <tr key={e.seq}>
            <td className="nowrap">{formatTime(e.at)}</td>
            <td>{e.actor}</td>
            <td>{e.entity === 'cidr_list' ? `Range list “${e.entityId}”` : (WHAT[e.entityId ?? ''] ?? e.entityId)}</td>
            <td>
              <Change e={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
