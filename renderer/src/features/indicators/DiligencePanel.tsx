import { useState } from 'react';
import { DILIGENCE_STATUSES, type DiligenceStatus, type DiligenceStep } from '../../../../shared/indicators/diligence.ts';
import type { DiligenceRecord } from '../../../../shared/indicators/types.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import { formatDate } from '../../format.ts';

const DILIGENCE_LABELS: Record<DiligenceStatus, string> = { not_done: 'Not done', done: 'Done', not_applicable: 'Not applicable' };

type Row = { step: DiligenceStep; record: DiligenceRecord };
type Draft = { status: DiligenceStatus; date: string; note: string; exhibits: string[] };
const fromRecord = (r: DiligenceRecord): Draft => ({ status: r.status, date: r.date ?? '', note: r.note, exhibits: r.exhibits });
const same = (a: Draft, b: Draft) => a.status === b.status && a.date === b.date && a.note === b.note && [...a.exhibits].sort().join() === [...b.exhibits].sort().join();

/** The due-diligence steps taken: each step's status, date and note, saved one step at a time. */
export function DiligencePanel({ number, rows, exhibits, readOnly, onSaved }: { number: string; rows: Row[]; exhibits: Exhibit[]; readOnly: boolean; onSaved: () => void }) {
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const unsaved = rows.filter((r) => drafts[r.step.id] && !same(drafts[r.step.id]!, fromRecord(r.record))).map((r) => r.step.id);
  useUnsaved(unsaved.length ? `due diligence ${unsaved.join(', ')}` : null);
  const { run, busy, notices } = useAction(onSaved);
  const draftOf = (r: Row) => drafts[r.step.id] ?? fromRecord(r.record);
  const edit = (r: Row, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [r.step.id]: { ...draftOf(r), ...patch } }));
  const save = (r: Row) => {
    const d = draftOf(r);
    void run(async () => {
      await api('indicators.diligence', { number, step: r.step.id, status: d.status, date: d.date || null, note: d.note, exhibits: d.exhibits });
      setDrafts((all) => {
        const rest = { ...all };
        delete rest[r.step.id];
        return rest;
      });
      return '';
    });
  };
  const cols = columns<Row>([
    { id: 'id', header: '', className: 'mono', cell: (r) => r.step.id },
    {
      id: 'step',
      header: 'Step',
      cell: (r) => (
        <>
          <strong>{r.step.title}</strong>
          <div className="muted">{r.step.description}</div>
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (r) => (
        <select aria-label={`${r.step.id} status`} value={draftOf(r).status} disabled={readOnly} onChange={(e) => edit(r, { status: e.target.value as DiligenceStatus })}>
          {DILIGENCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {DILIGENCE_LABELS[s]}
            </option>
          ))}
        </select>
      ),
    },
    { id: 'date', header: 'Date', cell: (r) => <input type="date" aria-label={`${r.step.id} date`} value={draftOf(r).date} disabled={readOnly} onChange={(e) => edit(r, { date: e.target.value })} /> },
    {
      id: 'note',
      header: 'Note',
      cell: (r) => (
        <>
          <textarea rows={2} aria-label={`${r.step.id} note`} value={draftOf(r).note} disabled={readOnly} onChange={(e) => edit(r, { note: e.target.value })} />
          {exhibits.length > 0 && (
            <details className="diligence-exhibits">
              <summary>Exhibits{draftOf(r).exhibits.length ? `: ${draftOf(r).exhibits.join(', ')}` : ''}</summary>
              {exhibits.map((x) => (
                <label key={x.number} className="checklist-item">
                  <input
                    type="checkbox"
                    disabled={readOnly}
                    checked={draftOf(r).exhibits.includes(x.number)}
                    onChange={(e) => edit(r, { exhibits: e.target.checked ? [...draftOf(r).exhibits, x.number] : draftOf(r).exhibits.filter((n) => n !== x.number) })}
                  />
                  <span>
                    <span className="mono">{x.number}</span> {x.title}
                  </span>
                </label>
              ))}
            </details>
          )}
          {r.record.doneBy && (
            <div className="muted">
              {r.record.doneBy}, {formatDate(r.record.updatedAt)}
            </div>
          )}
        </>
      ),
    },
    {
      id: 'save',
      header: '',
      cell: (r) => (
        <button type="button" className="button" disabled={same(draftOf(r), fromRecord(r.record)) || readOnly || busy} onClick={() => save(r)}>
          Save
        </button>
      ),
    },
  ]);
  return (
    <>
      <h2>Due diligence taken</h2>
      {notices}
      <DataTable label="Due diligence" className="diligence" rows={rows} cols={cols} rowKey={(r) => r.step.id} rowTestId="diligence-step" />
    </>
  );
}
