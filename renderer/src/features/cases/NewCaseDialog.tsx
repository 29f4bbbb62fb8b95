import { useState, type FormEvent } from 'react';
import { PRIORITIES, type Priority } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/Notice.tsx';
import { navigate } from '../../router.ts';
import { useApi } from '../../hooks.ts';

export function NewCaseDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const [assignee, setAssignee] = useState('');
  const [tags, setTags] = useState('');
  const [summary, setSummary] = useState('');
  const [template, setTemplate] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const templates = useApi('templates.list', { includeRetired: false }, open, open);
  const chosen = templates.data?.find((t) => t.name === template);
  // Choosing a template fills in its priority and tags; the officer can still change both.
  const pick = (name: string) => {
    setTemplate(name);
    const t = templates.data?.find((x) => x.name === name);
    if (!t) return;
    setPriority(t.priority);
    const typed = tags.split(',').map((x) => x.trim()).filter(Boolean);
    setTags([...new Set([...t.tags, ...typed])].join(', '));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = await api('cases.create', { title, priority, assignee, summary, tags: tags.split(',').map((t) => t.trim()).filter(Boolean), ...(template && { template }) });
      onClose();
      setTitle('');
      setSummary('');
      setTags('');
      setTemplate('');
      navigate('case', c.number, 'overview');
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Dialog title="New case" open={open} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <Field label="Title">
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Contract developer “D. Moorland”: camera refused" />
        </Field>
        <Field label="Template" hint={chosen ? `${chosen.tasks.length} investigation tasks and ${chosen.diligence.length} due-diligence steps to do; version ${chosen.version}` : 'Optional: pre-fills priority, tags, due-diligence steps and investigation tasks'}>
          <select value={template} onChange={(e) => pick(e.target.value)}>
            <option value="">No template</option>
            {templates.data?.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
        </Field>
        <div className="field-row">
          <Field label="Priority">
            <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </Field>
          <Field label="Assignee">
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} />
          </Field>
        </div>
        <Field label="Tags (comma-separated)">
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="upwork, payroll" />
        </Field>
        <Field label="Summary">
          <textarea rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary">Create case</button>
        </div>
      </form>
    </Dialog>
  );
}
