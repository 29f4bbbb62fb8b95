import { useState, type FormEvent } from 'react';
import type { Exhibit } from '../../../../shared/evidence.ts';
import { TASK_KINDS, TASK_LABELS, TASK_STATUSES, type RemediationTask, type TaskKind, type TaskStatus } from '../../../../shared/decisions.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';
import { formatDate } from '../../format.ts';

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

type StatusProps = { number: string; t: RemediationTask; exhibits: Exhibit[]; disabled: boolean; onChanged: () => void };

/**
 * A task's status. Marking one done that has no evidence yet asks for it here, in the row: an
 * exhibit, a note of what was done, or both; the status changes only with it.
 */
function TaskStatusCell({ number, t, exhibits, disabled, onChanged }: StatusProps) {
  const [asking, setAsking] = useState(false);
  const [exhibit, setExhibit] = useState('');
  const [note, setNote] = useState('');
  const { run, busy, notices } = useAction(onChanged);
  const update = (status: TaskStatus, evidence?: string) =>
    run(async () => {
      await api('tasks.update', { number, id: t.id, version: t.version, patch: { status, ...(evidence && { evidence }) } });
      return `${TASK_LABELS[t.kind]}: ${TASK_STATUS_LABELS[status]}.`;
    });
  const choose = (status: TaskStatus) => {
    if (status === 'done' && !t.evidence.trim()) setAsking(true);
    else void update(status);
  };
  const complete = async (e: FormEvent) => {
    e.preventDefault();
    const evidence = [exhibit, note.trim()].filter(Boolean).join(' — ');
    if (await update('done', evidence)) setAsking(false);
  };
  return (
    <div className="task-status">
      <select aria-label={`Status of task ${t.id}`} value={asking ? 'done' : t.status} disabled={disabled || busy} onChange={(e) => choose(e.target.value as TaskStatus)}>
        {TASK_STATUSES.map((s) => (
          <option key={s} value={s}>
            {TASK_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      {asking && (
        <form className="task-evidence" aria-label={`Evidence for task ${t.id}`} onSubmit={(e) => void complete(e)}>
          <p className="muted">A task is done only with evidence of what was done.</p>
          <Field label="Exhibit">
            <select value={exhibit} onChange={(e) => setExhibit(e.target.value)}>
              <option value="">— none —</option>
              {exhibits.map((x) => (
                <option key={x.number} value={x.number}>
                  {x.number} {x.title}
                </option>
              ))}
            </select>
          </Field>
          <Field label="What was done">
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. SSO disabled, ticket IT-4411" />
          </Field>
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy || (!exhibit && !note.trim())}>
              Mark done
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {notices}
    </div>
  );
}

/** Remediation tasks that carry out a decision: their owners, due dates and status. */
export function TasksPanel({ number, tasks, exhibits, loading, readOnly, onChanged }: { number: string; tasks: RemediationTask[]; exhibits: Exhibit[]; loading: boolean; readOnly: boolean; onChanged: () => void }) {
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
      cell: (t) => <TaskStatusCell number={number} t={t} exhibits={exhibits} disabled={readOnly} onChanged={onChanged} />,
    },
  ]);
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Remediation tasks</h2>
      {tasks.length === 0 && !loading && <p className="muted">No remediation tasks yet.</p>}
      <DataTable label="Remediation tasks" rows={tasks} cols={cols} rowKey={(t) => String(t.id)} rowTestId="task" empty={null} />
      <AddTaskForm number={number} disabled={readOnly} onAdded={onChanged} />
    </section>
  );
}
