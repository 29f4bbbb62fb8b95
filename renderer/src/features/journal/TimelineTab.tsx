import { useState, type ReactNode } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { TIMELINE_KINDS, TIMELINE_KIND_LABELS, entryWhen, localIn, type TimelineEntry, type TimelineKind } from '../../../../shared/journal.ts';
import { api } from '../../api.ts';
import { CheckList } from '../../components/CheckList.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, columns } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { useApi, useSession } from '../../hooks.ts';
import { caseHref } from '../../router.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import './journal.css';

const ownZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ZONES: string[] = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone')];
  } catch {
    return ['UTC'];
  }
})();

type Draft = { date: string; time: string; zone: string; text: string; exhibits: string[] };
const emptyDraft = (): Draft => {
  const zone = ownZone();
  const local = localIn(Date.now(), zone);
  return { date: local.slice(0, 10), time: local.slice(11, 16), zone, text: '', exhibits: [] };
};
const draftOf = (e: TimelineEntry): Draft => ({ date: e.entry!.local.slice(0, 10), time: e.entry!.local.slice(11, 16), zone: e.entry!.zone, text: e.text, exhibits: e.exhibits });
/** An offset given from the command line (+09:00) stays an offset when the entry is edited. */
const momentInput = (d: Draft) =>
  /^[+-]\d{2}:\d{2}$/.test(d.zone) ? { at: `${d.date}T${d.time}:00${d.zone}` } : { at: `${d.date}T${d.time}`, zone: d.zone };

function EntryForm({ title, draft, onChange, onSubmit, onCancel, exhibits, busy, notices, submitLabel }: {
  title: string; draft: Draft; onChange: (d: Draft) => void; onSubmit: () => void; onCancel?: () => void;
  exhibits: { value: string; label: string }[]; busy: boolean; notices: ReactNode; submitLabel: string;
}) {
  return (
    <form className="journal-form" aria-label={title} onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <h3>{title}</h3>
      {notices}
      <fieldset disabled={busy} className="form">
        <div className="field-row">
          <Field label="Date"><input type="date" required value={draft.date} onChange={(e) => onChange({ ...draft, date: e.target.value })} /></Field>
          <Field label="Time"><input type="time" required value={draft.time} onChange={(e) => onChange({ ...draft, time: e.target.value })} /></Field>
          <Field label="Time zone" hint="The zone the time was read in (the subject's, a log's, your own).">
            <input list="timeline-zones" required value={draft.zone} onChange={(e) => onChange({ ...draft, zone: e.target.value })} />
          </Field>
        </div>
        <datalist id="timeline-zones">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
        <Field label="What happened"><textarea rows={3} required value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} /></Field>
        <CheckList label="Exhibits it rests on" options={exhibits} value={draft.exhibits} onChange={(v) => onChange({ ...draft, exhibits: v })} empty="No exhibits in this case yet." />
        <div className="actions">
          {onCancel && <button type="button" className="button" onClick={onCancel}>Cancel</button>}
          <button type="submit" className="button primary">{submitLabel}</button>
        </div>
      </fieldset>
    </form>
  );
}

/** The time as given (in its zone) on one line, the UTC instant below when they differ. */
function When({ e }: { e: TimelineEntry }) {
  const text = entryWhen(e);
  const m = /^(.*) \((.* UTC)\)$/.exec(text);
  if (!m) return <>{text}</>;
  return (
    <>
      {m[1]}
      <div className="muted">{m[2]}</div>
    </>
  );
}

/** The case's chronology: events drawn from its records and the officer's own entries, oldest first. */
export function TimelineTab({ record }: CaseTabProps) {
  const number = record.number;
  const me = useSession().name;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((r) => r + 1);
  const timeline = useApi('timeline.list', { number }, refresh);
  const exhibitList = useApi('evidence.list', { number }, refresh);
  const [shown, setShown] = useState<TimelineKind[]>([...TIMELINE_KINDS]);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<{ entry: TimelineEntry; draft: Draft } | null>(null);
  const [removing, setRemoving] = useState<TimelineEntry | null>(null);
  const [out, setOut] = useState('');
  const add = useAction(reload);
  const save = useAction(reload);
  const remove = useAction(reload);
  const exporting = useAction();
  useUnsaved(editing ? 'the timeline entry being edited' : adding && draft.text.trim() ? 'the timeline entry being added' : null);

  const entries = timeline.data ?? [];
  const counts = new Map(TIMELINE_KINDS.map((k) => [k, entries.filter((e) => e.kind === k).length]));
  const rows = entries.filter((e) => shown.includes(e.kind));
  const exhibits = (exhibitList.data ?? []).filter((x) => !x.retracted).map((x) => ({ value: x.number, label: x.title }));
  const file = out.trim() || `${number}-timeline.csv`;

  const submitAdd = () =>
    void add.run(async () => {
      await api('timeline.add', { number, ...momentInput(draft), text: draft.text, exhibits: draft.exhibits });
      setDraft(emptyDraft());
      setAdding(false);
      return 'Entry added to the timeline.';
    });
  const submitEdit = () =>
    editing &&
    void save.run(async () => {
      await api('timeline.update', { number, id: editing.entry.entry!.id, version: editing.entry.entry!.version, ...momentInput(editing.draft), text: editing.draft.text, exhibits: editing.draft.exhibits });
      setEditing(null);
      return 'Entry saved.';
    });

  const cols = columns<TimelineEntry>([
    { id: 'when', header: 'When', cell: (e) => <When e={e} />, className: 'when' },
    { id: 'kind', header: 'Kind', cell: (e) => <span className={`badge kind-${e.kind}`}>{TIMELINE_KIND_LABELS[e.kind]}</span> },
    { id: 'what', header: 'What happened', cell: (e) => e.text, className: 'what' },
    {
      id: 'source',
      header: 'Source',
      cell: (e) => (e.kind === 'officer' ? <span className="muted">by {e.entry!.createdBy}</span> : <a href={caseHref(number, e.tab)} title="Open where this comes from">{e.source}</a>),
    },
    {
      id: 'exhibits',
      header: 'Exhibits',
      cell: (e) => (e.exhibits.length ? e.exhibits.map((x, i) => <span key={x}>{i > 0 && ', '}<a href={caseHref(number, 'evidence')}>{x}</a></span>) : '—'),
    },
    {
      id: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'row-actions',
      cell: (e) =>
        e.entry && e.entry.createdBy.toLowerCase() === me.toLowerCase() && !readOnly ? (
          <>
            <button type="button" className="button link" onClick={() => { setEditing({ entry: e, draft: draftOf(e) }); save.setError(null); }}>Edit</button>
            <button type="button" className="button link" onClick={() => setRemoving(e)}>Remove</button>
          </>
        ) : null,
    },
  ]);

  return (
    <div className="journal-tab">
      <ErrorNotice error={timeline.error} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: the timeline can be read and exported, but entries cannot be added or changed.</Notice>}
      {!adding && add.notices}
      {!editing && save.notices}
      {remove.notices}
      <div className="journal-bar">
        <fieldset className="kind-filter">
          <legend>Show</legend>
          {TIMELINE_KINDS.map((k) => (
            <label key={k} className={shown.includes(k) ? 'kind-chip' : 'kind-chip off'}>
              <input type="checkbox" checked={shown.includes(k)} onChange={(e) => setShown(e.target.checked ? [...shown, k] : shown.filter((x) => x !== k))} />
              {TIMELINE_KIND_LABELS[k]} ({counts.get(k) ?? 0})
            </label>
          ))}
        </fieldset>
        {!readOnly && !adding && !editing && (
          <button type="button" className="button primary" onClick={() => { setAdding(true); add.setError(null); }}>Add an entry</button>
        )}
      </div>
      {adding && !editing && (
        <EntryForm title="Add an entry" submitLabel="Add to the timeline" draft={draft} onChange={setDraft} onSubmit={submitAdd} onCancel={() => setAdding(false)} exhibits={exhibits} busy={add.busy} notices={<ErrorNotice error={add.error} />} />
      )}
      {editing && (
        <EntryForm title={`Edit entry ${editing.entry.entry!.id}`} submitLabel="Save changes" draft={editing.draft} onChange={(d) => setEditing({ ...editing, draft: d })} onSubmit={submitEdit} onCancel={() => setEditing(null)} exhibits={exhibits} busy={save.busy} notices={<ErrorNotice error={save.error} />} />
      )}
      <DataTable
        label="Case timeline"
        className="timeline"
        rows={rows}
        cols={cols}
        rowKey={(e) => e.key}
        rowTestId="timeline-row"
        empty={<p className="muted">{entries.length === 0 ? (timeline.loading ? 'Loading…' : 'Nothing dated in this case yet: evidence, findings, payments, screenings and decisions appear here as they are recorded.') : 'No entries of the kinds chosen.'}</p>}
      />
      <p className="muted">
        Times are UTC unless an entry was given in another zone, shown beside it. Payments and blocks are kept by day. The summary report prints this timeline as its chronology (activity findings once reviewed).
      </p>
      <div className="export-row">
        <PathField id="timeline-out" label="Save the timeline as CSV to" mode="save" value={out} onChange={setOut} placeholder={`${number}-timeline.csv`} defaultName={`${number}-timeline.csv`} filters={[{ name: 'CSV', extensions: ['csv'] }]} />
        <button
          type="button"
          className="button"
          disabled={exporting.busy}
          onClick={() =>
            void exporting.run(async () => {
              const r = await api('timeline.export', { number, out: file, ...(shown.length < TIMELINE_KINDS.length && { kinds: shown }) });
              return `Saved ${r.rows} entries to ${r.file}.`;
            })
          }
        >
          Export CSV{shown.length < TIMELINE_KINDS.length ? ' (kinds shown)' : ''}
        </button>
      </div>
      {exporting.notices}
      <ConfirmDialog
        open={removing !== null}
        title="Remove the entry from the timeline"
        confirmLabel="Remove entry"
        danger
        busy={remove.busy}
        onClose={() => setRemoving(null)}
        onConfirm={(reason) =>
          removing &&
          void remove.run(async () => {
            await api('timeline.remove', { number, id: removing.entry!.id, reason });
            setRemoving(null);
            return 'Entry removed; its text stays in the audit trail.';
          })
        }
      >
        <p>{removing ? `${entryWhen(removing)}: ${removing.text}` : ''}</p>
      </ConfirmDialog>
    </div>
  );
}
