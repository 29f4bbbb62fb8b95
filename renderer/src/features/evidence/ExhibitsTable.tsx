import { useMemo } from 'react';
import { humanSize, type Exhibit } from '../../../../shared/evidence.ts';
import type { SubjectRecord } from '../../../../shared/subjects.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatTime } from '../../format.ts';
import type { ExhibitAction } from './ExhibitActions.tsx';
import { showInvisible } from '../../../../shared/text.ts';

type Props = {
  exhibits: Exhibit[];
  subjects: SubjectRecord[];
  readOnly: boolean;
  busy: boolean;
  onLink: (exhibit: string, subjectId: number) => void;
  onPreview: (exhibit: string) => void;
  onCustody: (exhibit: string) => void;
  onAction: (exhibit: string, action: ExhibitAction) => void;
};

function SubjectLinks({ x, subjects, readOnly, busy, onLink }: { x: Exhibit } & Pick<Props, 'subjects' | 'readOnly' | 'busy' | 'onLink'>) {
  const unlinked = subjects.filter((s) => !x.subjects.some((l) => l.id === s.id));
  return (
    <>
      {x.subjects.map((s) => (
        <div key={s.id}>{showInvisible(s.name)}</div>
      ))}
      {!readOnly && !x.retracted && unlinked.length > 0 && (
        <select aria-label={`Link ${x.number} to subject`} value="" disabled={busy} onChange={(e) => e.target.value && onLink(x.number, Number(e.target.value))}>
          <option value="">Link to subject…</option>
          {unlinked.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      {x.subjects.length === 0 && subjects.length === 0 && <span className="muted">—</span>}
    </>
  );
}

/** The case's exhibits with their hashes, acquisition, state and subject links. */
export function ExhibitsTable(props: Props) {
  const { exhibits, busy, readOnly, onPreview, onCustody, onAction } = props;
  const cols = useMemo(
    () =>
      columns<Exhibit>([
        { id: 'number', header: 'No.', className: 'mono nowrap', cell: (x) => x.number },
        {
          id: 'title',
          header: 'Title',
          cell: (x) => (
            <>
              {showInvisible(x.title)}
              {x.originalName && x.originalName !== x.title && <div className="muted">{showInvisible(x.originalName)}</div>}
              {x.url && <div className="mono muted">{showInvisible(x.url)}</div>}
            </>
          ),
        },
        { id: 'kind', header: 'Kind', className: 'hide-narrow', headerClassName: 'hide-narrow', cell: (x) => x.kind },
        { id: 'mime', header: 'Type', className: 'mono hide-narrow', headerClassName: 'hide-narrow', cell: (x) => x.mime },
        { id: 'size', header: 'Size', className: 'nowrap', cell: (x) => humanSize(x.size) },
        { id: 'sha', header: 'SHA-256', className: 'mono sha', cell: (x) => <span data-testid="sha256">{x.sha256}</span> },
        {
          id: 'acquired',
          header: 'Acquired',
          cell: (x) => (
            <>
              {formatTime(x.acquiredAt)}
              <div className="muted">{showInvisible(x.acquiredBy)}</div>
              {Math.abs(Date.parse(x.acquiredAt) - Date.parse(x.createdAt)) >= 60_000 && <div className="muted small">added {formatTime(x.createdAt)}</div>}
            </>
          ),
        },
        {
          id: 'state',
          header: 'State',
          cell: (x) =>
            x.retracted ? (
              <>
                <span className="badge">Retracted</span>
                <div className="muted">{showInvisible(x.retracted.reason)}</div>
              </>
            ) : (
              <span className="badge">Active</span>
            ),
        },
        { id: 'subjects', header: 'Subjects', className: 'exhibit-subjects', cell: (x) => <SubjectLinks x={x} {...props} /> },
        {
          id: 'actions',
          header: '',
          className: 'row-actions',
          cell: (x) => (
            <>
              <button type="button" className="button link" onClick={() => onPreview(x.number)} disabled={busy}>
                Preview
              </button>
              <button type="button" className="button link" onClick={() => onCustody(x.number)} disabled={busy}>
                Custody
              </button>
              <button type="button" className="button link" onClick={() => onAction(x.number, 'export')} disabled={busy} aria-label={`Export ${x.number}`}>
                Export
              </button>
              {!readOnly && !x.retracted && (
                <>
                  <button type="button" className="button link" onClick={() => onAction(x.number, 'edit')} disabled={busy} aria-label={`Edit ${x.number}`}>
                    Edit
                  </button>
                  <button type="button" className="button link" onClick={() => onAction(x.number, 'retract')} disabled={busy} aria-label={`Retract ${x.number}`}>
                    Retract
                  </button>
                </>
              )}
            </>
          ),
        },
      ]),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cells read the latest props
    [props],
  );
  return <DataTable label="Exhibits" className="exhibits" rows={exhibits} cols={cols} rowKey={(x) => x.number} rowClassName={(x) => (x.retracted ? 'retracted' : undefined)} />;
}
