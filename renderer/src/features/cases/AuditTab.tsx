import type { AuditEvent } from '../../../../shared/audit.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import type { CaseTabProps } from './caseTab.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { plainField, plainValue } from '../../plainValues.ts';

function Changes({ e }: { e: AuditEvent }) {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (keys.length === 0) return null;
  return (
    <dl className="changes">
      {keys.map((k) => (
        <div key={k} className="change">
          <dt>{plainField(k)}</dt>
          <dd>
            {k in before && (
              <>
                <span className="before">{plainValue(before[k])}</span> →{' '}
              </>
            )}
            <span className="after">{k in after ? plainValue(after[k]) : 'removed'}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

const auditColumns = columns<AuditEvent>([
  { id: 'seq', header: '#', className: 'mono', cell: (e) => e.seq },
  { id: 'when', header: 'When', cell: (e) => formatTime(e.at) },
  { id: 'who', header: 'Who', cell: (e) => e.actor },
  { id: 'what', header: 'What', cell: (e) => `${e.entity.replaceAll('_', ' ')} ${e.action.replaceAll('_', ' ')}${e.entityId && e.entity !== 'case' ? ` ${e.entityId}` : ''}` },
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
