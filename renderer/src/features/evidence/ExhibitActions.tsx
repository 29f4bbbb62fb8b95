import { useState, type FormEvent } from 'react';
import type { Exhibit } from '../../../../shared/evidence.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';

export type ExhibitAction = 'export' | 'retract' | 'edit';

/** ISO time → the value of a datetime-local input, in the reader's own zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function ExportForm({ number, x, onDone }: { number: string; x: Exhibit; onDone: () => void }) {
  const [folder, setFolder] = useState('');
  const { run, busy, notices } = useAction(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('evidence.export', { number, exhibit: x.number, directory: folder.trim() });
      return `Exported ${x.number} to ${r.path} (SHA-256 ${r.sha256}); the export is in the custody log.`;
    });
  };
  return (
    <form className="form exhibit-action" aria-label={`Export ${x.number}`} onSubmit={submit}>
      <Field label="Folder to save a copy in" hint="An existing folder; nothing there is overwritten. The export is recorded in the custody log.">
        <input className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/folder" />
      </Field>
      {notices}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || !folder.trim()}>
          Export {x.number}
        </button>
      </div>
    </form>
  );
}

function RetractForm({ number, x, onDone }: { number: string; x: Exhibit; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { run, busy, notices } = useAction(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => (await api('evidence.retract', { number, exhibit: x.number, reason }), `Retracted ${x.number}. It stays in the record, marked retracted.`));
  };
  return (
    <form className="form exhibit-action" aria-label={`Retract ${x.number}`} onSubmit={submit}>
      <p>
        Retract <strong>{x.number}</strong> ({x.title})? It is kept, with its file and hash, and marked retracted with your reason; it can no longer be relied on.
      </p>
      <Field label="Reason for retracting">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {notices}
      <div className="actions">
        <button type="submit" className="button danger" disabled={busy || !reason.trim()}>
          Retract {x.number}
        </button>
      </div>
    </form>
  );
}

function EditForm({ number, x, onDone }: { number: string; x: Exhibit; onDone: () => void }) {
  const fixed = x.kind !== 'file';
  const [f, setF] = useState({ title: x.title, source: x.source, description: x.description, acquiredAt: toLocalInput(x.acquiredAt), acquiredBy: x.acquiredBy });
  const [reason, setReason] = useState('');
  const { run, busy, notices } = useAction(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const acquiredAt = new Date(f.acquiredAt).toISOString();
      const patch = {
        ...(f.title !== x.title && { title: f.title }),
        ...(f.source !== x.source && { source: f.source }),
        ...(!fixed && f.description !== x.description && { description: f.description }),
        ...(!fixed && f.acquiredAt !== toLocalInput(x.acquiredAt) && { acquiredAt }),
        ...(f.acquiredBy !== x.acquiredBy && { acquiredBy: f.acquiredBy }),
      };
      if (Object.keys(patch).length === 0) return 'Nothing changed.';
      await api('evidence.update', { number, exhibit: x.number, patch, ...(reason.trim() && { reason: reason.trim() }) });
      return `Saved ${x.number}. The file and its SHA-256 are unchanged; the edit is in the custody log.`;
    });
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form className="form exhibit-action" aria-label={`Edit ${x.number}`} onSubmit={submit}>
      <div className="field-row">
        <Field label="Title">
          <input value={f.title} onChange={set('title')} maxLength={200} />
        </Field>
        <Field label="Source">
          <input value={f.source} onChange={set('source')} maxLength={500} placeholder="Where it came from" />
        </Field>
      </div>
      <Field label="Description" hint={fixed ? 'Part of this record’s fingerprint: it cannot change.' : undefined}>
        <textarea rows={2} value={f.description} onChange={set('description')} disabled={fixed} />
      </Field>
      <div className="field-row">
        <Field label={`Acquired at (${ZONE})`} hint={fixed ? 'Part of this record’s fingerprint: it cannot change.' : undefined}>
          <input type="datetime-local" value={f.acquiredAt} onChange={set('acquiredAt')} disabled={fixed} />
        </Field>
        <Field label="Acquired by">
          <input value={f.acquiredBy} onChange={set('acquiredBy')} maxLength={500} />
        </Field>
      </div>
      <Field label="Why (optional, kept in the custody log)">
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {notices}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          Save {x.number}
        </button>
      </div>
    </form>
  );
}

/** Export, retract or edit one exhibit, below the table. */
export function ExhibitActionPanel({ number, x, action, onClose, onChanged }: { number: string; x: Exhibit; action: ExhibitAction; onClose: () => void; onChanged: () => void }) {
  const what = action === 'export' ? 'Export' : action === 'retract' ? 'Retract' : 'Edit';
  return (
    <section className="exhibit-detail" aria-label={`${what} ${x.number}`}>
      <div className="evidence-toolbar">
        <h3>
          {what} {x.number}
        </h3>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {action === 'export' && <ExportForm number={number} x={x} onDone={onChanged} />}
      {action === 'retract' && <RetractForm number={number} x={x} onDone={onChanged} />}
      {action === 'edit' && <EditForm number={number} x={x} onDone={onChanged} />}
    </section>
  );
}
