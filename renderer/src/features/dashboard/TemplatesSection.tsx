import { useState, type FormEvent } from 'react';
import { PRIORITIES, type Priority } from '../../../../shared/cases.ts';
import { DILIGENCE_STEPS } from '../../../../shared/indicators/diligence.ts';
import type { CaseTemplate } from '../../../../shared/workspace.ts';
import { api, ApiError } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useAction } from '../../components/useAction.tsx';
import { Field } from '../../components/Field.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { formatTime } from '../../format.ts';
import './dashboard.css';

type TaskDraft = { title: string; dueInDays: string; notes: string };
type Draft = { name: string; description: string; priority: Priority; tags: string; diligence: string[]; tasks: TaskDraft[] };

const toDraft = (t: CaseTemplate | null): Draft =>
  t
    ? { name: t.name, description: t.description, priority: t.priority, tags: t.tags.join(', '), diligence: [...t.diligence], tasks: t.tasks.map((x) => ({ title: x.title, dueInDays: String(x.dueInDays), notes: x.notes })) }
    : { name: '', description: '', priority: 'medium', tags: '', diligence: [], tasks: [{ title: '', dueInDays: '3', notes: '' }] };

/** The form for a new template or the next version of one; a stale edit is refused by the core (conflict) and the text stays here. */
function TemplateForm({ template, onSaved, onCancel }: { template: CaseTemplate | null; onSaved: (t: CaseTemplate) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(() => toDraft(template));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const setTask = (i: number, k: keyof TaskDraft, v: string) => setD((x) => ({ ...x, tasks: x.tasks.map((t, j) => (j === i ? { ...t, [k]: v } : t)) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const saved = await api('templates.save', {
        ...(template && { id: template.id, version: template.version }),
        name: d.name,
        description: d.description,
        priority: d.priority,
        tags: d.tags.split(',').map((t) => t.trim()).filter(Boolean),
        diligence: d.diligence,
        tasks: d.tasks.filter((t) => t.title.trim() !== '').map((t) => ({ title: t.title, dueInDays: Number(t.dueInDays), notes: t.notes })),
      });
      onSaved(saved);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      {template && <Notice kind="info">Saving makes version {template.version + 1}. Cases made from version {template.version} or earlier keep the version they were made from.</Notice>}
      <Field label="Name">
        <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} />
      </Field>
      <Field label="When to use it">
        <textarea rows={2} value={d.description} onChange={(e) => setD({ ...d, description: e.target.value })} />
      </Field>
      <div className="field-row">
        <Field label="Priority">
          <select value={d.priority} onChange={(e) => setD({ ...d, priority: e.target.value as Priority })}>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </Field>
        <Field label="Tags (comma-separated)">
          <input value={d.tags} onChange={(e) => setD({ ...d, tags: e.target.value })} />
        </Field>
      </div>
      <fieldset className="plain-fieldset">
        <legend>Due-diligence steps to do</legend>
        <div className="diligence-picks">
          {DILIGENCE_STEPS.map((s) => (
            <label key={s.id} className="checkbox" title={s.description}>
              <input type="checkbox" checked={d.diligence.includes(s.id)} onChange={(e) => setD({ ...d, diligence: e.target.checked ? [...d.diligence, s.id] : d.diligence.filter((x) => x !== s.id) })} /> <span className="mono">{s.id}</span> {s.title}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend>Investigation tasks (owned by the case's assignee; due the given number of days after the case opens)</legend>
        <div className="template-tasks">
          {d.tasks.map((t, i) => (
            <div key={i} className="template-task">
              <Field label={`Task ${i + 1}`}>
                <input value={t.title} onChange={(e) => setTask(i, 'title', e.target.value)} />
              </Field>
              <Field label="Due after (days)">
                <input type="number" min={0} max={365} value={t.dueInDays} onChange={(e) => setTask(i, 'dueInDays', e.target.value)} />
              </Field>
              <button type="button" className="button link" aria-label={`Remove task ${i + 1}`} onClick={() => setD({ ...d, tasks: d.tasks.filter((_, j) => j !== i) })}>Remove</button>
            </div>
          ))}
        </div>
        <div>
          <button type="button" className="button" onClick={() => setD({ ...d, tasks: [...d.tasks, { title: '', dueInDays: '3', notes: '' }] })}>Add a task</button>
        </div>
      </fieldset>
      <ErrorNotice error={error} onClose={() => setError(null)} />
      <div className="actions">
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="button primary" disabled={busy}>{template ? `Save as version ${template.version + 1}` : 'Create template'}</button>
      </div>
    </form>
  );
}

function Versions({ id }: { id: number }) {
  const v = useApi('templates.versions', { id });
  if (v.error) return <ErrorNotice error={v.error} />;
  return (
    <ul>
      {(v.data ?? []).map((t) => (
        <li key={t.version}>
          Version {t.version}, saved {formatTime(t.createdAt)} by {t.createdBy}: {t.priority} priority, {t.tasks.length} tasks, {t.diligence.length} due-diligence steps{t.tags.length ? `, tags ${t.tags.join(', ')}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Settings: the case templates, each edit a new version. */
export function TemplatesSection() {
  const [refresh, setRefresh] = useState(0);
  const list = useApi('templates.list', { includeRetired: true }, refresh);
  const action = useAction(() => setRefresh((n) => n + 1));
  const [editing, setEditing] = useState<CaseTemplate | null | 'new'>(null);
  return (
    <div className="templates">
      <p className="muted">A new case can start from a template: its priority and tags, the due-diligence steps to do, and its investigation tasks. Editing a template saves a new version; each case records the version it was made from.</p>
      {action.notices}
      <ErrorNotice error={list.error} />
      <div className="templates-list">
        {(list.data ?? []).map((t) => (
          <article key={t.id} className="template-item" aria-label={t.name}>
            <header>
              <strong>{t.name}</strong>
              <span className="muted small">
                version {t.version} · {t.cases} {t.cases === 1 ? 'case' : 'cases'}{t.retired ? ' · retired' : ''}
              </span>
            </header>
            {t.description && <div className="muted">{t.description}</div>}
            <div className="small">
              <span className={`badge priority-${t.priority}`}>{t.priority}</span> {t.tags.map((x) => <span key={x} className="tag">{x}</span>)} · {t.tasks.length} investigation tasks · due diligence {t.diligence.join(', ') || 'none'}
            </div>
            <details>
              <summary>Tasks and earlier versions</summary>
              <ol>{t.tasks.map((x, i) => <li key={i}>{x.title} <span className="muted">(due after {x.dueInDays} days)</span></li>)}</ol>
              <Versions id={t.id} />
            </details>
            <div className="actions">
              <button type="button" className="button" onClick={() => setEditing(t)}>Edit “{t.name}”</button>
              <button type="button" className="button link" onClick={() => void action.run(async () => { await api('templates.retire', { id: t.id, retired: !t.retired }); return t.retired ? `“${t.name}” can be used again.` : `“${t.name}” is retired: new cases cannot use it; cases made from it keep it.`; })}>
                {t.retired ? 'Restore' : 'Retire'}
              </button>
            </div>
          </article>
        ))}
      </div>
      <div>
        <button type="button" className="button" onClick={() => setEditing('new')}>New template</button>
      </div>
      <Dialog wide title={editing === 'new' ? 'New case template' : editing ? `Edit “${editing.name}”` : 'Case template'} open={editing !== null} onClose={() => setEditing(null)}>
        {editing !== null && (
          <TemplateForm
            template={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(t) => {
              setEditing(null);
              void action.run(async () => `Saved “${t.name}”, version ${t.version}.`);
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
