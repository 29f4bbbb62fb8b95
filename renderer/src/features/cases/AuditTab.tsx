import type { AuditEvent } from '../../../../shared/audit.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import type { CaseTabProps } from './tabs.tsx';
import { columns, DataTable } from '../../components/DataTable.tsx';

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

const auditColumns = columns<AuditEvent>([
  { id: 'seq', header: '#', className: 'mono', cell: (e) => e.seq },
  { id: 'when', header: 'When', cell: (e) => formatTime(e.at) },
  { id: 'who', header: 'Who', cell: (e) => e.actor },
  { id: 'what', header: 'What', cell: (e) => `${e.entity} ${e.action.replaceAll('_', ' ')}${e.entityId && e.entity !== 'case' ? ` ${e.entityId}` : ''}` },
  {
    id: 'change',
    header: 'Change',
    cell: (e) => (
      <>
        <Changes e={e} />
        <div className="hash mono" title="SHA-256 of this event, chained to the previous one">
          {e.hash.slice(0, 16)}…
        </div>
      </>
    ),
  },
]);

/** Every change to the case from the hash-chained audit log: who, when, what, from what to what. */
export function AuditTab({ record }: CaseTabProps) {
  const events = useApi('cases.audit', { number: record.number }, record.version);
  return (
    <div className="audit">
      <ErrorNotice error={events.error} />
      <DataTable label="Audit log" className="audit-table" rows={events.data ?? []} cols={auditColumns} rowKey={(e) => String(e.seq)} />
    </div>
  );
}
