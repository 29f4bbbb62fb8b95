import { useEffect, useRef, useState } from 'react';
import { isCaseReadOnly, PRIORITIES, type CaseRecord, type Priority } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from './caseTab.ts';
import { Field } from '../../components/Field.tsx';
import { CaseFront } from '../dashboard/CaseFront.tsx';
import { TasksPanel } from '../dashboard/TasksPanel.tsx';

type Draft = { title: string; summary: string; priority: Priority; assignee: string; tags: string };
type Key = keyof Draft;

const toDraft = (r: CaseRecord): Draft => ({ title: r.title, summary: r.summary, priority: r.priority, assignee: r.assignee, tags: r.tags.join(', ') });
const parseTags = (s: string) => s.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
const sameTags = (a: string, b: string) => JSON.stringify([...new Set(parseTags(a))].sort()) === JSON.stringify([...new Set(parseTags(b))].sort());
const FIELDS: Key[] = ['title', 'summary', 'priority', 'assignee', 'tags'];
const LABELS: Record<Key, string> = { title: 'Title', summary: 'Summary', priority: 'Priority', assignee: 'Assignee', tags: 'Tags' };

function changedFields(draft: Draft, base: Draft): Key[] {
  return FIELDS.filter((f) => (f === 'tags' ? !sameTags(draft.tags, base.tags) : draft[f] !== base[f]));
}

const AUTOSAVE_MS = 800;

/**
 * Editable overview, saved automatically. Each save carries the version the edit started from;
 * if someone saved in between, the core refuses and this tab shows both texts side by side, so
 * nothing typed here is lost and nothing newer is overwritten without the user choosing to.
 */
export function OverviewTab({ record, onChanged }: CaseTabProps) {
  const [base, setBase] = useState(record);
  const [draft, setDraft] = useState<Draft>(() => toDraft(record));
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<CaseRecord | null>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const readOnly = isCaseReadOnly(record);
  const [tasksChanged, setTasksChanged] = useState(0);

  // A status change elsewhere on the page bumps the version: adopt it when nothing is pending.
  useEffect(() => {
    if (record.version !== base.version && changedFields(draftRef.current, toDraft(base)).length === 0) {
      setBase(record);
      setDraft(toDraft(record));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new record from outside matters
  }, [record]);

  const dirty = changedFields(draft, toDraft(base));

  const save = async (from: CaseRecord) => {
    const current = draftRef.current;
    const fields = changedFields(current, toDraft(from));
    if (fields.length === 0) return;
    setSaving(true);
    try {
      const patch: Record<string, unknown> = {};
      for (const f of fields) patch[f] = f === 'tags' ? parseTags(current.tags) : current[f];
      const next = await api('cases.update', { number: from.number, version: from.version, patch });
      setBase(next);
      setSavedAt(next.updatedAt);
      setError(null);
      onChanged(next);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'conflict') setConflict((err.body.details as { current: CaseRecord }).current);
      else setError(err);
    } finally {
      setSaving(false);
    }
  };

  useEffect(() => {
    if (readOnly || conflict || saving || dirty.length === 0) return;
    const t = setTimeout(() => void save(base), AUTOSAVE_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- save reads the latest draft through a ref
  }, [draft, base, conflict, saving, readOnly]);

  const set = (f: Key, v: string) => setDraft((d) => ({ ...d, [f]: v }));
  const keepMine = () => {
    const theirs = conflict!;
    setConflict(null);
    setBase(theirs);
    onChanged(theirs);
    void save(theirs);
  };
  const takeTheirs = () => {
    const theirs = conflict!;
    setConflict(null);
    setBase(theirs);
    setDraft(toDraft(theirs));
    onChanged(theirs);
  };

  const status = conflict ? 'Not saved: conflict' : saving ? 'Saving…' : dirty.length ? 'Unsaved changes' : savedAt ? `Saved ${formatTime(savedAt)}` : `Version ${base.version}`;

  return (
    <div className="overview">
      <CaseFront record={record} refresh={tasksChanged} />
      <TasksPanel record={record} onChanged={() => setTasksChanged((n) => n + 1)} />
      <h2 className="overview-details">Details</h2>
      <div className="save-state" aria-live="polite" data-testid="save-state">{status}</div>
      {conflict && (
        <Notice kind="warning">
          <strong>Someone else saved this case while you were editing</strong> (now version {conflict.version}, saved {formatTime(conflict.updatedAt)}).
          Your text has not been saved and has not been lost. Compare, then choose.
          <div className="conflict">
            {changedFields(draft, toDraft(conflict)).map((f) => (
              <div key={f} className="conflict-field">
                <div className="conflict-label">{LABELS[f]}</div>
                <div className="conflict-pair">
                  <div><div className="muted">Yours</div><pre>{draft[f]}</pre></div>
                  <div><div className="muted">Newer saved version</div><pre>{toDraft(conflict)[f]}</pre></div>
                </div>
              </div>
            ))}
          </div>
          <div className="actions">
            <button type="button" className="button primary" onClick={keepMine}>Save mine over the newer version</button>
            <button type="button" className="button" onClick={takeTheirs}>Discard mine, use the newer version</button>
          </div>
        </Notice>
      )}
      <ErrorNotice error={error} onClose={() => setError(null)} />
      <fieldset className="form" disabled={readOnly}>
        <Field label="Title">
          <input value={draft.title} onChange={(e) => set('title', e.target.value)} onBlur={() => !conflict && dirty.length && void save(base)} />
        </Field>
        <div className="field-row">
          <Field label="Priority">
            <select value={draft.priority} onChange={(e) => set('priority', e.target.value)}>
              {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </Field>
          <Field label="Assignee">
            <input value={draft.assignee} onChange={(e) => set('assignee', e.target.value)} />
          </Field>
          <Field label="Tags (comma-separated)">
            <input value={draft.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>
        </div>
        <Field label="Summary">
          <textarea rows={10} value={draft.summary} onChange={(e) => set('summary', e.target.value)} onBlur={() => !conflict && dirty.length && void save(base)} />
        </Field>
      </fieldset>
      <dl className="facts">
        <dt>Opened</dt><dd>{formatTime(record.openedAt)} by {record.createdBy}</dd>
        <dt>Closed</dt><dd>{formatTime(record.closedAt)}</dd>
        {record.closingNote && (<><dt>Closing note</dt><dd>{record.closingNote}</dd></>)}
      </dl>
    </div>
  );
}
