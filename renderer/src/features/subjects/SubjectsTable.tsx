import { useMemo } from 'react';
import { KIND_LABELS } from '../../../../shared/identifiers.ts';
import { ROLE_LABELS, type IdentifierRecord, type LinkedCase, type SubjectRecord } from '../../../../shared/subjects.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { IdentifierRow, type RemoveProps } from './IdentifierRow.tsx';
import { showInvisible } from '../../../../shared/text.ts';

type Props = { subjects: SubjectRecord[]; identifiers: IdentifierRecord[]; canEdit: boolean; onEdit: (s: SubjectRecord) => void } & RemoveProps;

/** The case's subjects, each with its identifiers; then identifiers tied to no subject. */
export function SubjectsTable({ subjects, identifiers, canEdit, onEdit, canRemove, onRemove }: Props) {
  const cols = useMemo(
    () =>
      columns<SubjectRecord>([
        {
          id: 'name',
          header: 'Name',
          cell: (s) => (
            <>
              <strong>{showInvisible(s.name)}</strong>
              {s.aliases.length > 0 && <div className="muted">aka {showInvisible(s.aliases.join(', '))}</div>}
              {s.notes && <div className="subject-notes">{showInvisible(s.notes)}</div>}
            </>
          ),
        },
        { id: 'role', header: 'Role', cell: (s) => ROLE_LABELS[s.role] },
        { id: 'nationality', header: 'Nationality', cell: (s) => s.nationality || '—' },
        { id: 'location', header: 'Location', cell: (s) => s.location || '—' },
        { id: 'timezone', header: 'Time zone', className: 'mono', cell: (s) => s.timezone || '—' },
        { id: 'platforms', header: 'Platforms', cell: (s) => (s.platforms.length > 0 ? s.platforms.join(', ') : '—') },
        {
          id: 'identifiers',
          header: 'Identifiers',
          cell: (s) => {
            const own = identifiers.filter((i) => i.subjectId === s.id);
            return own.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="identifier-list">
                {own.map((i) => (
                  <IdentifierRow key={i.id} identifier={i} canRemove={canRemove} onRemove={onRemove} />
                ))}
              </ul>
            );
          },
        },
        {
          id: 'actions',
          header: '',
          className: 'row-actions',
          cell: (s) =>
            canEdit && (
              <button type="button" className="button link" onClick={() => onEdit(s)} aria-label={`Edit ${s.name}`}>
                Edit
              </button>
            ),
        },
      ]),
    [identifiers, canEdit, onEdit, canRemove, onRemove],
  );
  const unattached = identifiers.filter((i) => i.subjectId === null);
  return (
    <>
      <DataTable label="Subjects" rows={subjects} cols={cols} rowKey={(s) => String(s.id)} empty={null} />
      {unattached.length > 0 && (
        <>
          <h3>Identifiers not tied to a subject</h3>
          <ul className="identifier-list">
            {unattached.map((i) => (
              <IdentifierRow key={i.id} identifier={i} canRemove={canRemove} onRemove={onRemove} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const linkedColumns = columns<LinkedCase>([
  {
    id: 'case',
    header: 'Case',
    cell: (c) => (
      <a href={`#/case/${c.number}/subjects`} className="mono">
        {c.number}
      </a>
    ),
  },
  { id: 'title', header: 'Title', cell: (c) => c.title },
  { id: 'status', header: 'Status', cell: (c) => <span className="badge">{c.status}</span> },
  {
    id: 'via',
    header: 'Linked through',
    cell: (c) =>
      c.via.map((v) => (
        <div key={`${v.kind}:${v.value}`}>
          <span className="badge">{KIND_LABELS[v.kind]}</span> <span className="mono">{v.display}</span>
        </div>
      )),
  },
]);

/** Other cases that share an identifier with this one. */
export function LinkedCases({ rows }: { rows: LinkedCase[] }) {
  return (
    <section aria-labelledby="linked-heading" className="linked-cases">
      <h2 id="linked-heading">Linked cases</h2>
      <DataTable label="Linked cases" rows={rows} cols={linkedColumns} rowKey={(c) => c.number} empty={<p className="muted">No other case shares an identifier with this one.</p>} />
    </section>
  );
}
