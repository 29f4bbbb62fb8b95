import { useState, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { KIND_LABELS } from '../../../../shared/identifiers.ts';
import type { CaseNote } from '../../../../shared/journal.ts';
import { showInvisible } from '../../../../shared/text.ts';
import { api } from '../../api.ts';
import { CheckList } from '../../components/CheckList.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { formatTime } from '../../format.ts';
import { useApi, useSession } from '../../hooks.ts';
import { caseHref } from '../../router.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import './journal.css';

/**
 * Markdown as data: raw HTML is dropped (skipHtml), a link shows its text and address but is not
 * followed (the app opens nothing from a note), an image shows only its description.
 */
const COMPONENTS: Components = {
  a: ({ children, href }) => (
    <span className="md-link">
      {children}
      {href && <span className="md-url"> ({showInvisible(href)})</span>}
    </span>
  ),
  img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>,
};

export function NoteText({ body }: { body: string }) {
  return (
    <div className="note-body">
      <Markdown skipHtml components={COMPONENTS}>
        {showInvisible(body)}
      </Markdown>
    </div>
  );
}

type Draft = { body: string; exhibits: string[]; identifiers: string[]; indicators: string[] };
const EMPTY: Draft = { body: '', exhibits: [], identifiers: [], indicators: [] };
const draftOf = (n: CaseNote): Draft => ({ body: n.body, exhibits: n.exhibits, identifiers: n.identifiers.map((i) => String(i.id)), indicators: n.indicators });
const linksOf = (d: Draft) => ({ exhibits: d.exhibits, identifiers: d.identifiers.map(Number), indicators: d.indicators });

type Options = { exhibits: { value: string; label: string }[]; identifiers: { value: string; label: string }[]; indicators: { value: string; label: string }[] };

function NoteForm({ title, draft, onChange, onSubmit, onCancel, options, busy, notices, submitLabel }: {
  title: string; draft: Draft; onChange: (d: Draft) => void; onSubmit: () => void; onCancel?: () => void; options: Options; busy: boolean; notices: ReactNode; submitLabel: string;
}) {
  const [preview, setPreview] = useState(false);
  const linked = draft.exhibits.length + draft.identifiers.length + draft.indicators.length;
  return (
    <form className="journal-form" aria-label={title} onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <h3>{title}</h3>
      {notices}
      <fieldset disabled={busy} className="form">
        {preview ? (
          <div className="note" aria-label="Preview">{draft.body.trim() ? <NoteText body={draft.body} /> : <p className="muted">Nothing to preview.</p>}</div>
        ) : (
          <Field label="Note" hint="Markdown: **bold**, *italic*, lists, `code`, > quotes, tables. HTML is shown as text; links are not opened.">
            <textarea rows={6} value={draft.body} onChange={(e) => onChange({ ...draft, body: e.target.value })} />
          </Field>
        )}
        <details>
          <summary>Link exhibits, identifiers and indicators{linked ? ` (${linked} linked)` : ''}</summary>
          <div className="link-pickers">
            <CheckList label="Exhibits" options={options.exhibits} value={draft.exhibits} onChange={(v) => onChange({ ...draft, exhibits: v })} empty="No exhibits in this case yet." />
            <CheckList label="Identifiers" options={options.identifiers} value={draft.identifiers} onChange={(v) => onChange({ ...draft, identifiers: v })} empty="No identifiers in this case yet." />
            <CheckList label="Indicators" options={options.indicators} value={draft.indicators} onChange={(v) => onChange({ ...draft, indicators: v })} />
          </div>
        </details>
        <div className="actions">
          <button type="button" className="button" onClick={() => setPreview(!preview)}>{preview ? 'Write' : 'Preview'}</button>
          {onCancel && <button type="button" className="button" onClick={onCancel}>Cancel</button>}
          <button type="submit" className="button primary" disabled={!draft.body.trim()}>{submitLabel}</button>
        </div>
      </fieldset>
    </form>
  );
}

function NoteLinks({ note, number }: { note: CaseNote; number: string }) {
  if (!note.exhibits.length && !note.identifiers.length && !note.indicators.length) return null;
  return (
    <div className="note-links" aria-label="Linked records">
      {note.exhibits.map((x) => <a key={x} className="link-chip" href={caseHref(number, 'evidence')}>{x}</a>)}
      {note.identifiers.map((i) => (
        <a key={i.id} className="link-chip" href={caseHref(number, 'observables')}>
          {i.kind ? `${KIND_LABELS[i.kind]} ${showInvisible(i.display ?? '')}` : `identifier ${i.id} (since removed)`}
        </a>
      ))}
      {note.indicators.map((x) => <a key={x} className="link-chip" href={caseHref(number, 'indicators')}>{x}</a>)}
    </div>
  );
}

/** The case journal: dated notes in Markdown, newest first, each editable by its author until the case is locked. */
export function NotesTab({ record }: CaseTabProps) {
  const number = record.number;
  const me = useSession().name;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((r) => r + 1);
  const notes = useApi('notes.list', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);
  const identifiers = useApi('identifiers.list', { number }, refresh);
  const catalog = useApi('indicators.catalog', {});
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<{ note: CaseNote; draft: Draft } | null>(null);
  const adding = useAction(reload);
  const saving = useAction(reload);
  useUnsaved(editing ? 'the note being edited' : draft.body.trim() ? 'the note being written' : null);

  const options: Options = {
    exhibits: (exhibits.data ?? []).filter((x) => !x.retracted).map((x) => ({ value: x.number, label: x.title })),
    identifiers: (identifiers.data ?? []).map((i) => ({ value: String(i.id), label: `${KIND_LABELS[i.kind]} ${i.display}`, ...(i.subjectName && { note: i.subjectName }) })),
    indicators: (catalog.data?.indicators ?? []).map((i) => ({ value: i.id, label: i.title })),
  };

  const add = () =>
    void adding.run(async () => {
      await api('notes.add', { number, body: draft.body, ...linksOf(draft) });
      setDraft(EMPTY);
      return 'Note added.';
    });
  const save = () =>
    editing &&
    void saving.run(async () => {
      await api('notes.update', { number, id: editing.note.id, version: editing.note.version, body: editing.draft.body, ...linksOf(editing.draft) });
      setEditing(null);
      return 'Note saved; the earlier text stays in the audit trail.';
    });

  const list = notes.data ?? [];
  return (
    <div className="journal-tab">
      <ErrorNotice error={notes.error} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: notes can be read but not added or edited.</Notice>}
      {!readOnly && !editing && <NoteForm title="Add a note" submitLabel="Add note" draft={draft} onChange={setDraft} onSubmit={add} options={options} busy={adding.busy} notices={adding.notices} />}
      {!editing && saving.notices}
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Journal ({list.length})</h2>
        {list.length === 0 && !notes.loading && <p className="muted">No notes yet. Notes are found by the case list's search.</p>}
        <ul className="note-list">
          {list.map((n) =>
            editing?.note.id === n.id ? (
              <li key={n.id}>
                <NoteForm title={`Edit your note of ${formatTime(n.createdAt)}`} submitLabel="Save changes" draft={editing.draft} onChange={(d) => setEditing({ ...editing, draft: d })} onSubmit={save} onCancel={() => setEditing(null)} options={options} busy={saving.busy} notices={<ErrorNotice error={saving.error} />} />
              </li>
            ) : (
              <li key={n.id} className="note" data-testid="note">
                <div className="note-head">
                  <span className="author">{n.author}</span>
                  <span>{formatTime(n.createdAt)}</span>
                  {n.version > 1 && <span title={`Edited ${n.version - 1} time(s); every earlier text is in the audit trail`}>edited {formatTime(n.updatedAt)}</span>}
                  {!readOnly && !editing && n.author.toLowerCase() === me.toLowerCase() && (
                    <span className="row-actions">
                      <button type="button" className="button link" onClick={() => { setEditing({ note: n, draft: draftOf(n) }); saving.setError(null); }}>Edit</button>
                    </span>
                  )}
                </div>
                <NoteText body={n.body} />
                <NoteLinks note={n} number={number} />
              </li>
            ),
          )}
        </ul>
      </section>
    </div>
  );
}
