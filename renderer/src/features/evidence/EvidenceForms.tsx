import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';

type FormProps = { number: string; disabled: boolean; onAdded: () => void };

function NoteForm({ number, disabled, onAdded }: FormProps) {
  const [note, setNote] = useState({ title: '', text: '' });
  const { run, busy, notices } = useAction(onAdded);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const x = await api('evidence.addNote', { number, title: note.title, text: note.text });
      setNote({ title: '', text: '' });
      return `Added note ${x.number}.`;
    });
  };
  return (
    <form className="form" aria-label="Add note" onSubmit={submit}>
      <h3>Add note</h3>
      <fieldset disabled={disabled || busy} className="plain-fieldset">
        <Field label="Note title">
          <input value={note.title} onChange={(e) => setNote({ ...note, title: e.target.value })} required maxLength={200} />
        </Field>
        <Field label="Note text">
          <textarea rows={4} value={note.text} onChange={(e) => setNote({ ...note, text: e.target.value })} required />
        </Field>
        {notices}
        <div className="actions">
          <button type="submit" className="button primary">
            Add note
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function UrlForm({ number, disabled, onAdded }: FormProps) {
  const [url, setUrl] = useState({ url: '', title: '', description: '' });
  const { run, busy, notices } = useAction(onAdded);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const x = await api('evidence.addUrl', { number, url: url.url, ...(url.title.trim() && { title: url.title }), ...(url.description.trim() && { description: url.description }) });
      setUrl({ url: '', title: '', description: '' });
      return `Added URL record ${x.number}.`;
    });
  };
  return (
    <form className="form" aria-label="Add URL record" onSubmit={submit}>
      <h3>Add URL record</h3>
      <fieldset disabled={disabled || busy} className="plain-fieldset">
        <Field label="Web address">
          <input value={url.url} onChange={(e) => setUrl({ ...url, url: e.target.value })} required placeholder="https://" />
        </Field>
        <Field label="URL title">
          <input value={url.title} onChange={(e) => setUrl({ ...url, title: e.target.value })} maxLength={200} />
        </Field>
        <Field label="What was seen" hint="Recorded with the time; the address is not opened.">
          <textarea rows={2} value={url.description} onChange={(e) => setUrl({ ...url, description: e.target.value })} />
        </Field>
        {notices}
        <div className="actions">
          <button type="submit" className="button primary">
            Add URL record
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** Notes and URL records: exhibits typed in rather than uploaded. */
export function EvidenceForms(props: FormProps) {
  return (
    <div className="evidence-forms">
      <NoteForm {...props} />
      <UrlForm {...props} />
    </div>
  );
}
