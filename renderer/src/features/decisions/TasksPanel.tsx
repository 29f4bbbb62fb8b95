import { useState, type FormEvent } from 'react';
import { TASK_KINDS, TASK_LABELS, TASK_STATUSES, type RemediationTask, type TaskKind, type TaskStatus } from '../../../../shared/decisions.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';
import { formatDate } from '../../hooks.ts';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };

function AddTaskForm({ number, disabled, onAdded }: { number: string; disabled: boolean; onAdded: () => void }) {
  const [taskKind, setTaskKind] = useState<TaskKind>('revoke_access');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [evidence, setEvidence] = useState('');
  const { run, busy, notices } = useAction(onAdded);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const t = await api('tasks.add', { number, kind: taskKind, owner, dueOn, title: '', evidence });
      setOwner('');
      setDueOn('');
      setEvidence('');
      return `Added task: ${TASK_LABELS[t.kind]} (${t.owner}).`;
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Add a remediation task">
      <h3>Add a task</h3>
      <fieldset disabled={disabled || busy}>
        <div className="field-row">
          <Field label="Task">
            <select value={taskKind} onChange={(e) => setTaskKind(e.target.value as TaskKind)}>
              {TASK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {TASK_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Owner">
            <input value={owner} onChange={(e) => setOwner(e.target.value)} />
          </Field>
          <Field label="Due date">
            <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          </Field>
        </div>
        <Field label="Evidence (what was done and where the proof is; needed to mark it done)">
          <input value={evidence} onChange={(e) => setEvidence(e.target.value)} />
        </Field>
        {notices}
        <button type="submit" className="button">
          Add task
        </button>
      </fieldset>
    </form>
  );
}

/** Remediation tasks that carry out a decision: their owners, due dates and status. */
export function TasksPanel({ number, tasks, loading, readOnly, onChanged }: { number: string; tasks: RemediationTask[]; loading: boolean; readOnly: boolean; onChanged: () => void }) {
  const { run, busy, notices } = useAction(onChanged);
  const setStatus = (t: RemediationTask, status: TaskStatus) =>
    void run(async () => {
      await api('tasks.update', { number, id: t.id, version: t.version, patch: { status } });
      return `${TASK_LABELS[t.kind]}: ${TASK_STATUS_LABELS[status]}.`;
    });
  const cols = columns<RemediationTask>([
    {
      id: 'task',
      header: 'Task',
      cell: (t) => (
        <>
          {TASK_LABELS[t.kind]}
          {t.title && <div className="muted">{t.title}</div>}
          {t.evidence && <div className="muted">Evidence: {t.evidence}</div>}
        </>
      ),
    },
    { id: 'owner', header: 'Owner', cell: (t) => t.owner },
    {
      id: 'due',
      header: 'Due',
      className: (t) => (t.overdue ? 'overdue' : undefined),
      cell: (t) => (
        <>
          {formatDate(t.dueOn)}
          {t.overdue && <span className="badge badge-overdue"> overdue</span>}
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (t) => (
        <select aria-label={`Status of task ${t.id}`} value={t.status} disabled={readOnly || busy} onChange={(e) => setStatus(t, e.target.value as TaskStatus)}>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {TASK_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      ),
    },
  ]);
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Remediation tasks</h2>
      {tasks.length === 0 && !loading && <p className="muted">No remediation tasks yet.</p>}
      {notices}
      <DataTable label="Remediation tasks" rows={tasks} cols={cols} rowKey={(t) => String(t.id)} rowTestId="task" empty={null} />
      <AddTaskForm number={number} disabled={readOnly} onAdded={onChanged} />
    </section>
  );
}
