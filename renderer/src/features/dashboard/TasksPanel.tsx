import { useState, type FormEvent } from 'react';
import { isCaseReadOnly, type CaseRecord } from '../../../../shared/cases.ts';
import { INVESTIGATION_STATUSES, INVESTIGATION_STATUS_LABELS, type InvestigationStatus, type InvestigationTask } from '../../../../shared/workspace.ts';
import { api } from '../../api.ts';
import { useApi, useSession } from '../../hooks.ts';
import { useAction } from '../../components/useAction.tsx';
import { Field } from '../../components/Field.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatDate } from '../../format.ts';
import './dashboard.css';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const splitRefs = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

type Draft = { title: string; owner: string; dueOn: string; notes: string; exhibits: string };

function TaskForm({ initial, submitLabel, onSubmit, onCancel }: { initial: Draft; submitLabel: string; onSubmit: (d: Draft) => Promise<boolean>; onCancel: () => void }) {
  const [d, setD] = useState(initial);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onSubmit(d);
  };
  return (
    <form className="form" onSubmit={submit}>
      <Field label="What is to be done">
        <input value={d.title} onChange={set('title')} />
      </Field>
      <div className="field-row">
        <Field label="Owner">
          <input value={d.owner} onChange={set('owner')} />
        </Field>
        <Field label="Due on">
          <input type="date" value={d.dueOn} onChange={set('dueOn')} />
        </Field>
      </div>
      <Field label="Notes">
        <textarea rows={3} value={d.notes} onChange={set('notes')} />
      </Field>
      <Field label="Linked exhibits" hint="Exhibit numbers, e.g. E-001, E-004">
        <input value={d.exhibits} onChange={set('exhibits')} />
      </Field>
      <div className="actions">
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="button primary">{submitLabel}</button>
      </div>
    </form>
  );
}

/** The case's investigation tasks: the work before (and besides) any decision. Remediation tasks stay with the decisions. */
export function TasksPanel({ record, onChanged }: { record: CaseRecord; onChanged: () => void }) {
  const user = useSession();
  const [refresh, setRefresh] = useState(0);
  const tasks = useApi('investigation.list', { number: record.number }, [record.version, refresh]);
  const changed = () => {
    setRefresh((n) => n + 1);
    onChanged();
  };
  const action = useAction(changed);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<InvestigationTask | null>(null);
  const readOnly = isCaseReadOnly(record);

  const setStatus = (t: InvestigationTask, status: InvestigationStatus) =>
    action.run(async () => {
      await api('investigation.update', { number: record.number, id: t.id, version: t.version, patch: { status } });
      return '';
    });

  const cols = columns<InvestigationTask>([
    {
      id: 'task',
      header: 'Task',
      cell: (t) => (
        <>
          <div>{t.title}</div>
          {t.notes && <div className="task-notes">{t.notes}</div>}
          {t.exhibits.length > 0 && <div className="muted small">Exhibits: {t.exhibits.join(', ')}</div>}
          {t.fromTemplate && <div className="muted small">From the template “{t.fromTemplate.name}”</div>}
        </>
      ),
    },
    { id: 'owner', header: 'Owner', cell: (t) => t.owner },
    { id: 'due', header: 'Due', className: 'nowrap', cell: (t) => (t.overdue ? <span className="badge overdue">{formatDate(t.dueOn)}, overdue</span> : formatDate(t.dueOn)) },
    {
      id: 'status',
      header: 'Status',
      cell: (t) => (
        <select aria-label={`Status of “${t.title}”`} value={t.status} disabled={readOnly || action.busy} onChange={(e) => void setStatus(t, e.target.value as InvestigationStatus)}>
          {INVESTIGATION_STATUSES.map((s) => <option key={s} value={s}>{INVESTIGATION_STATUS_LABELS[s]}</option>)}
        </select>
      ),
    },
    { id: 'edit', header: <span className="visually-hidden">Edit</span>, cell: (t) => <button type="button" className="button link" disabled={readOnly} aria-label={`Edit “${t.title}”`} onClick={() => setEditing(t)}>Edit</button> },
  ]);

  return (
    <section className="case-tasks card" aria-labelledby="case-tasks">
      <div className="page-header">
        <h2 id="case-tasks">Investigation tasks</h2>
        <button type="button" className="button" disabled={readOnly} onClick={() => setAdding(true)}>Add task</button>
      </div>
      {action.notices}
      <DataTable label="Investigation tasks" rows={tasks.data ?? []} cols={cols} rowKey={(t) => String(t.id)} empty={<p className="muted">No investigation tasks yet.</p>} />
      <Dialog title="New investigation task" open={adding} onClose={() => setAdding(false)}>
        <TaskForm
          initial={{ title: '', owner: record.assignee || user.name, dueOn: inDays(7), notes: '', exhibits: '' }}
          submitLabel="Add task"
          onCancel={() => setAdding(false)}
          onSubmit={async (d) => {
            const ok = await action.run(async () => {
              await api('investigation.add', { number: record.number, title: d.title, owner: d.owner, dueOn: d.dueOn, notes: d.notes, exhibits: splitRefs(d.exhibits) });
              return `Task added: ${d.title}`;
            });
            if (ok) setAdding(false);
            return ok;
          }}
        />
        {action.notices}
      </Dialog>
      <Dialog title="Edit investigation task" open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <TaskForm
            initial={{ title: editing.title, owner: editing.owner, dueOn: editing.dueOn, notes: editing.notes, exhibits: editing.exhibits.join(', ') }}
            submitLabel="Save"
            onCancel={() => setEditing(null)}
            onSubmit={async (d) => {
              const ok = await action.run(async () => {
                await api('investigation.update', { number: record.number, id: editing.id, version: editing.version, patch: { title: d.title, owner: d.owner, dueOn: d.dueOn, notes: d.notes, exhibits: splitRefs(d.exhibits) } });
                return 'Task saved.';
              });
              if (ok) setEditing(null);
              return ok;
            }}
          />
        )}
        {action.notices}
      </Dialog>
    </section>
  );
}
