import type { AuditEvent } from '../../../../shared/audit.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import type { CaseTabProps } from './tabs.tsx';

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : JSON.stringify(v));

function Changes({ e }: { e: AuditEvent }) {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (keys.length === 0) return null;
  return (
    <table className="changes">
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th>{k}</th>
            <td className="before">{k in before ? show(before[k]) : ''}</td>
            <td className="arrow">{k in before ? '→' : ''}</td>
            <td className="after">{show(after[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every change to the case from the hash-chained audit log: who, when, what, from what to what. */
export function AuditTab({ record }: CaseTabProps) {
  const events = useApi('cases.audit', { number: record.number }, record.version);
  return (
    <div className="audit">
      <ErrorNotice error={events.error} />
      <table className="table audit-table">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.map((e) => (
            <tr key={e.seq}>
              <td className="mono">{e.seq}</td>
              <td>{formatTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.entity} {e.action.replaceAll('_', ' ')}{e.entityId && e.entity !== 'case' ? ` ${e.entityId}` : ''}</td>
              <td><Changes e={e} /><div className="hash mono" title="SHA-256 of this event, chained to the previous one">{e.hash.slice(0, 16)}…</div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
