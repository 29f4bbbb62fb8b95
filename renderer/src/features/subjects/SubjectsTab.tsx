import { useCallback, useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { KIND_LABELS } from '../../../../shared/identifiers.ts';
import type { IdentifierRecord, SubjectRecord } from '../../../../shared/subjects.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { useApi } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { IdentifierForm } from './IdentifierForm.tsx';
import { draftFields, EMPTY_SUBJECT, SubjectForm, toDraft, type SubjectDraft } from './SubjectForm.tsx';
import { LinkedCases, SubjectsTable } from './SubjectsTable.tsx';

export function SubjectsTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((r) => r + 1);
  const subjects = useApi('subjects.list', { number }, refresh);
  const identifiers = useApi('identifiers.list', { number }, refresh);
  const linked = useApi('identifiers.linkedCases', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);

  const [subject, setSubject] = useState<SubjectDraft>(EMPTY_SUBJECT);
  const [editing, setEditing] = useState<{ id: number; version: number; draft: SubjectDraft } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const adding = useAction(reload);
  const saving = useAction(reload);
  const removing = useAction(reload);
  const busy = adding.busy || saving.busy || removing.busy;
  useUnsaved(editing ? `the changes to ${editing.draft.name || 'a subject'}` : subject.name.trim() ? 'the subject being added' : null);

  const addSubject = () =>
    void adding.run(async () => {
      const s = await api('subjects.add', { number, ...draftFields(subject) });
      setSubject(EMPTY_SUBJECT);
      setDone(`Added subject ${s.name}.`);
      return '';
    });

  const startEdit = useCallback((s: SubjectRecord) => {
    setEditing({ id: s.id, version: s.version, draft: toDraft(s) });
    saving.setError(null);
    setDone(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setError is stable in effect
  }, []);

  // The version the edit started from goes with it: the core refuses a stale edit, and the text stays in the form.
  const saveEdit = () =>
    editing &&
    void saving.run(async () => {
      const s = await api('subjects.update', { number, id: editing.id, version: editing.version, patch: draftFields(editing.draft) });
      setEditing(null);
      setDone(`Saved subject ${s.name}.`);
      return '';
    });

  const removeIdentifier = useCallback(
    (i: IdentifierRecord, reason: string) =>
      removing.run(async () => {
        await api('identifiers.remove', { number, id: i.id, reason });
        setDone(`Removed ${KIND_LABELS[i.kind]} ${i.display}.`);
        return '';
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run reads the latest state
    [number],
  );

  const subjectList = subjects.data ?? [];
  const identifierList = identifiers.data ?? [];

  return (
    <div className="subjects-tab">
      <ErrorNotice error={subjects.error ?? identifiers.error ?? linked.error} />
      <ErrorNotice error={removing.error} onClose={() => removing.setError(null)} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: subjects and identifiers can be read but not added.</Notice>}
      {done && (
        <Notice kind="success" onClose={() => setDone(null)}>
          {done}
        </Notice>
      )}

      <section aria-labelledby="subjects-heading">
        <h2 id="subjects-heading">Subjects</h2>
        {subjectList.length === 0 && !subjects.loading && <p className="muted">No subjects yet.</p>}
        <SubjectsTable subjects={subjectList} identifiers={identifierList} canEdit={!readOnly && !busy} onEdit={startEdit} canRemove={!readOnly && !busy} onRemove={removeIdentifier} />
      </section>

      <LinkedCases rows={linked.data ?? []} />

      <div className="subject-forms">
        {editing ? (
          <SubjectForm
            label={`Edit subject ${subjectList.find((x) => x.id === editing.id)?.name ?? ''}`.trim()}
            submitLabel="Save changes"
            draft={editing.draft}
            onChange={(draft) => setEditing({ ...editing, draft })}
            onSubmit={saveEdit}
            disabled={readOnly || busy}
            notices={saving.notices}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <SubjectForm label="Add subject" submitLabel="Add subject" draft={subject} onChange={setSubject} onSubmit={addSubject} disabled={readOnly || busy} notices={adding.notices} />
        )}
        <IdentifierForm number={number} subjects={subjectList} exhibits={(exhibits.data ?? []).filter((x) => !x.retracted)} disabled={readOnly || busy} onAdded={(m) => { setDone(m); reload(); }} />
      </div>
    </div>
  );
}
