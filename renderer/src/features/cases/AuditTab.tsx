import { useMemo, useState } from 'react';
import type { AuditEvent } from '../../../../shared/audit.ts';
import { auditLabel, entityLabel } from '../../../../shared/auditLabels.ts';
import { Field } from '../../components/Field.tsx';
import '../dashboard/dashboard.css';
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
  { id: 'what', header: 'What', cell: (e) => auditLabel(e) },
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

type AuditFilter = { who: string; kind: string; from: string; to: string; text: string };
const NO_FILTER: AuditFilter = { who: '', kind: '', from: '', to: '', text: '' };

/** The words a reader sees for an event, for the text search. */
const searchable = (e: AuditEvent) => `${auditLabel(e)} ${e.actor} ${plainValue(e.before)} ${plainValue(e.after)}`.toLowerCase();

/** Local date (YYYY-MM-DD) of an ISO time, as the reader's calendar has it. */
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function filterEvents(events: readonly AuditEvent[], f: AuditFilter): AuditEvent[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return events.filter((e) => {
    if (f.who && e.actor !== f.who) return false;
    if (f.kind && e.entity !== f.kind) return false;
    if (f.from && localDay(e.at) < f.from) return false;
    if (f.to && localDay(e.at) > f.to) return false;
    if (words.length) {
      const text = searchable(e);
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  });
}

/** Every change to the case from the hash-chained audit log: who, when, what, from what to what; filtered by who, kind, date and words. */
export function AuditTab({ record }: CaseTabProps) {
  const events = useApi('cases.audit', { number: record.number }, record.version);
  const [f, setF] = useState<AuditFilter>(NO_FILTER);
  const all = useMemo(() => events.data ?? [], [events.data]);
  const actors = useMemo(() => [...new Set(all.map((e) => e.actor))].sort((a, b) => a.localeCompare(b)), [all]);
  const kinds = useMemo(() => [...new Set(all.map((e) => e.entity))].map((k) => ({ k, label: entityLabel(k) })).sort((a, b) => a.label.localeCompare(b.label)), [all]);
  const shown = useMemo(() => [...filterEvents(all, f)].reverse(), [all, f]);
  const set = (k: keyof AuditFilter) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const filtered = JSON.stringify(f) !== JSON.stringify(NO_FILTER);
  return (
    <div className="audit">
      <div className="audit-filters" role="search" aria-label="Filter the audit trail">
        <Field label="Who">
          <select value={f.who} onChange={set('who')}>
            <option value="">Everyone</option>
            {actors.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </Field>
        <Field label="What kind">
          <select value={f.kind} onChange={set('kind')}>
            <option value="">Every kind</option>
            {kinds.map(({ k, label }) => <option key={k} value={k}>{label}</option>)}
          </select>
        </Field>
        <Field label="From">
          <input type="date" value={f.from} onChange={set('from')} />
        </Field>
        <Field label="To">
          <input type="date" value={f.to} onChange={set('to')} />
        </Field>
        <Field label="Containing">
          <input type="search" value={f.text} onChange={set('text')} placeholder="words" />
        </Field>
        {filtered && <button type="button" className="button link" onClick={() => setF(NO_FILTER)}>Clear filters</button>}
        <span className="count" aria-live="polite">{filtered ? `${shown.length} of ${all.length} events` : `${all.length} events`}, newest first</span>
      </div>
      <ErrorNotice error={events.error} />
      <DataTable label="Audit log" className="audit-table" rows={shown} cols={auditColumns} rowKey={(e) => String(e.seq)} empty={events.data ? <p className="muted">No event matches these filters.</p> : undefined} />
    </div>
  );
}
