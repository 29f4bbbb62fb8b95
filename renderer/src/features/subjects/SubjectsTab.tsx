import { useState, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { IDENTIFIER_KINDS, KIND_LABELS, QUALIFIER_LABELS, type IdentifierKind } from '../../../../shared/identifiers.ts';
import { ROLE_LABELS, SUBJECT_ROLES, type IdentifierRecord, type SubjectRecord, type SubjectRole } from '../../../../shared/subjects.ts';
import { api, ApiError, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';

type SubjectDraft = { name: string; aliases: string; nationality: string; location: string; timezone: string; role: SubjectRole; platforms: string; notes: string };
const EMPTY_SUBJECT: SubjectDraft = { name: '', aliases: '', nationality: '', location: '', timezone: '', role: 'worker', platforms: '', notes: '' };

const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** The draft as the core's subject fields (aliases and platforms are typed comma-separated). */
const draftFields = (d: SubjectDraft) => ({
  name: d.name,
  aliases: splitList(d.aliases),
  nationality: d.nationality,
  location: d.location,
  timezone: d.timezone,
  role: d.role,
  platforms: splitList(d.platforms),
  notes: d.notes,
});

const toDraft = (s: SubjectRecord): SubjectDraft => ({
  name: s.name,
  aliases: s.aliases.join(', '),
  nationality: s.nationality,
  location: s.location,
  timezone: s.timezone,
  role: s.role,
  platforms: s.platforms.join(', '),
  notes: s.notes,
});

type SubjectFormProps = {
  label: string;
  draft: SubjectDraft;
  onChange: (d: SubjectDraft) => void;
  onSubmit: (e: FormEvent) => void;
  disabled: boolean;
  error: ApiError | null;
  onCloseError: () => void;
  onCancel?: () => void;
};

/** The subject's fields, for adding one and for editing one. */
function SubjectForm({ label, draft, onChange, onSubmit, disabled, error, onCloseError, onCancel }: SubjectFormProps) {
  const set = (patch: Partial<SubjectDraft>) => onChange({ ...draft, ...patch });
  return (
    <form className="form subject-form" aria-label={label} onSubmit={onSubmit}>
      <h2>{label}</h2>
      <fieldset disabled={disabled} className="plain-fieldset">
        <label className="field">
          <span>Name</span>
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} required maxLength={200} />
        </label>
        <label className="field">
          <span>Aliases (comma-separated)</span>
          <input value={draft.aliases} onChange={(e) => set({ aliases: e.target.value })} placeholder="Z. Quanto, zq_dev" />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Nationality (country code)</span>
            <input value={draft.nationality} onChange={(e) => set({ nationality: e.target.value })} maxLength={2} placeholder="KP" />
          </label>
          <label className="field">
            <span>Role</span>
            <select value={draft.role} onChange={(e) => set({ role: e.target.value as SubjectRole })}>
              {SUBJECT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Location</span>
            <input value={draft.location} onChange={(e) => set({ location: e.target.value })} maxLength={200} />
          </label>
          <label className="field">
            <span>Time zone (IANA)</span>
            <input value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} placeholder="Asia/Shanghai" />
          </label>
        </div>
        <label className="field">
          <span>Platforms where met (comma-separated)</span>
          <input value={draft.platforms} onChange={(e) => set({ platforms: e.target.value })} placeholder="Upwork, LinkedIn" />
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea rows={3} value={draft.notes} onChange={(e) => set({ notes: e.target.value })} maxLength={20_000} />
        </label>
        <ErrorNotice error={error} onClose={onCloseError} />
        <div className="actions">
          <button type="submit" className="button primary">
            {label === 'Add subject' ? 'Add subject' : 'Save changes'}
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
type IdentifierDraft = { kind: IdentifierKind; value: string; qualifier: string; subjectId: string; evidence: string };
const EMPTY_IDENTIFIER: IdentifierDraft = { kind: 'email', value: '', qualifier: '', subjectId: '', evidence: '' };


/** "also in CB-…" links for one identifier. */
function AlsoIn({ identifier }: { identifier: IdentifierRecord }) {
  if (identifier.links.length === 0) return null;
  const cases = [...new Map(identifier.links.map((l) => [l.caseNumber, l])).values()];
  return (
    <span className="also-in">
      also in{' '}
      {cases.map((l, i) => (
        <span key={l.caseNumber}>
          {i > 0 && ', '}
          <a href={`#/case/${l.caseNumber}/subjects`} className="mono" title={`${l.caseTitle}${l.subjectName ? ` — ${l.subjectName}` : ''}`}>
            {l.caseNumber}
          </a>
        </span>
      ))}
    </span>
  );
}

type RemoveProps = { canRemove: boolean; onRemove: (i: IdentifierRecord, reason: string) => Promise<boolean> };

function IdentifierRow({ identifier, canRemove, onRemove }: { identifier: IdentifierRecord } & RemoveProps) {
  const [reason, setReason] = useState<string | null>(null);
  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (reason !== null && (await onRemove(identifier, reason))) setReason(null);
  };
  return (
    <li className="identifier" data-testid="identifier">
      <span className="badge">{KIND_LABELS[identifier.kind]}</span> <span className="mono">{identifier.display}</span>
      {identifier.value !== identifier.display && <span className="muted"> · compared as <span className="mono">{identifier.value}</span></span>}
      {identifier.qualifier && <span className="muted"> ({identifier.qualifier})</span>}
      {identifier.evidence && <span className="muted"> · seen in {identifier.evidence}</span>} <AlsoIn identifier={identifier} />
      {canRemove && reason === null && (
        <button type="button" className="button link" onClick={() => setReason('')} aria-label={`Remove ${identifier.display}`}>
          Remove…
        </button>
      )}
      {reason !== null && (
        <form className="remove-identifier" aria-label={`Remove ${identifier.display}`} onSubmit={(e) => void remove(e)}>
          <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason for removing" placeholder="Why (kept in the audit log)" required autoFocus />
          <button type="submit" className="button">
            Remove
          </button>
          <button type="button" className="button link" onClick={() => setReason(null)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}

export function SubjectsTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const subjects = useApi('subjects.list', { number }, refresh);
  const identifiers = useApi('identifiers.list', { number }, refresh);
  const linked = useApi('identifiers.linkedCases', { number }, refresh);
  const exhibits = useApi('evidence.list', { number }, refresh);

  const [subject, setSubject] = useState<SubjectDraft>(EMPTY_SUBJECT);
  const [subjectError, setSubjectError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<{ id: number; version: number; draft: SubjectDraft } | null>(null);
  const [editError, setEditError] = useState<ApiError | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const [ident, setIdent] = useState<IdentifierDraft>(EMPTY_IDENTIFIER);
  const [identError, setIdentError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const addSubject = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const s = await api('subjects.add', { number, ...draftFields(subject) });
      setSubject(EMPTY_SUBJECT);
      setSubjectError(null);
      setAdded(`Added subject ${s.name}.`);
      setRefresh((r) => r + 1);
    } catch (err) {
      setSubjectError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  const startEdit = (s: SubjectRecord) => {
    setEditing({ id: s.id, version: s.version, draft: toDraft(s) });
    setEditError(null);
    setAdded(null);
  };

  // The version the edit started from goes with it: the core refuses a stale edit, and the text stays in the form.
  const saveEdit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setBusy(true);
    try {
      const s = await api('subjects.update', { number, id: editing.id, version: editing.version, patch: draftFields(editing.draft) });
      setEditing(null);
      setEditError(null);
      setAdded(`Saved subject ${s.name}.`);
      setRefresh((r) => r + 1);
    } catch (err) {
      setEditError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  const removeIdentifier = async (i: IdentifierRecord, reason: string): Promise<boolean> => {
    setBusy(true);
    setRemoveError(null);
    try {
      await api('identifiers.remove', { number, id: i.id, reason });
      setAdded(`Removed ${KIND_LABELS[i.kind]} ${i.display}.`);
      setRefresh((r) => r + 1);
      return true;
    } catch (err) {
      setRemoveError(toError(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addIdentifier = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setIdentError(null);
    setInvalid(null);
    try {
      const qualifier = ident.qualifier.trim() || undefined;
      const check = await api('identifiers.check', { kind: ident.kind, value: ident.value, ...(qualifier && { qualifier }) });
      if (!check.ok) {
        setInvalid(check.message);
        return;
      }
      const r = await api('identifiers.add', {
        number,
        kind: ident.kind,
        value: ident.value,
        note: '',
        ...(qualifier && { qualifier }),
        ...(ident.subjectId && { subjectId: Number(ident.subjectId) }),
        ...(ident.evidence && { evidence: ident.evidence }),
      });
      setIdent((d) => ({ ...EMPTY_IDENTIFIER, kind: d.kind, subjectId: d.subjectId }));
      setAdded(`Added ${KIND_LABELS[r.kind]} ${r.display}${r.links.length ? ` — also in ${[...new Set(r.links.map((l) => l.caseNumber))].join(', ')}` : ''}.`);
      setRefresh((n) => n + 1);
    } catch (err) {
      setIdentError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  const subjectList = subjects.data ?? [];
  const identifierList = identifiers.data ?? [];
  const unattached = identifierList.filter((i) => i.subjectId === null);
  const qualifierLabel = QUALIFIER_LABELS[ident.kind];

  return (
    <div className="subjects-tab">
      <ErrorNotice error={subjects.error ?? identifiers.error ?? linked.error} />
      <ErrorNotice error={removeError} onClose={() => setRemoveError(null)} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: subjects and identifiers can be read but not added.</Notice>}
      {added && (
        <Notice kind="success" onClose={() => setAdded(null)}>
          {added}
        </Notice>
      )}

      <section aria-labelledby="subjects-heading">
        <h2 id="subjects-heading">Subjects</h2>
        {subjectList.length === 0 && !subjects.loading && <p className="muted">No subjects yet.</p>}
        {subjectList.length > 0 && (
          <table className="table" aria-label="Subjects">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Nationality</th>
                <th>Location</th>
                <th>Time zone</th>
                <th>Platforms</th>
                <th>Identifiers</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {subjectList.map((s) => {
                const own = identifierList.filter((i) => i.subjectId === s.id);
                return (
                  <tr key={s.id}>
                    <td>
                      <strong>{s.name}</strong>
                      {s.aliases.length > 0 && <div className="muted">aka {s.aliases.join(', ')}</div>}
                      {s.notes && <div className="subject-notes">{s.notes}</div>}
                    </td>
                    <td>{ROLE_LABELS[s.role]}</td>
                    <td>{s.nationality || '—'}</td>
                    <td>{s.location || '—'}</td>
                    <td className="mono">{s.timezone || '—'}</td>
                    <td>{s.platforms.length > 0 ? s.platforms.join(', ') : '—'}</td>
                    <td>
                      {own.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="identifier-list">
                          {own.map((i) => (
                            <IdentifierRow key={i.id} identifier={i} canRemove={!readOnly && !busy} onRemove={removeIdentifier} />
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="row-actions">
                      {!readOnly && (
                        <button type="button" className="button link" onClick={() => startEdit(s)} disabled={busy} aria-label={`Edit ${s.name}`}>
                          Edit
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {unattached.length > 0 && (
          <>
            <h3>Identifiers not tied to a subject</h3>
            <ul className="identifier-list">
              {unattached.map((i) => (
                <IdentifierRow key={i.id} identifier={i} canRemove={!readOnly && !busy} onRemove={removeIdentifier} />
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="linked-heading" className="linked-cases">
        <h2 id="linked-heading">Linked cases</h2>
        {(linked.data ?? []).length === 0 ? (
          <p className="muted">No other case shares an identifier with this one.</p>
        ) : (
          <table className="table" aria-label="Linked cases">
            <thead>
              <tr>
                <th>Case</th>
                <th>Title</th>
                <th>Status</th>
                <th>Linked through</th>
              </tr>
            </thead>
            <tbody>
              {linked.data!.map((c) => (
                <tr key={c.number}>
                  <td>
                    <a href={`#/case/${c.number}/subjects`} className="mono">
                      {c.number}
                    </a>
                  </td>
                  <td>{c.title}</td>
                  <td>
                    <span className="badge">{c.status}</span>
                  </td>
                  <td>
                    {c.via.map((v) => (
                      <div key={`${v.kind}:${v.value}`}>
                        <span className="badge">{KIND_LABELS[v.kind]}</span> <span className="mono">{v.display}</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="subject-forms">
        {editing ? (
          <SubjectForm
            label={`Edit subject ${subjectList.find((x) => x.id === editing.id)?.name ?? ''}`.trim()}
            draft={editing.draft}
            onChange={(draft) => setEditing({ ...editing, draft })}
            onSubmit={(e) => void saveEdit(e)}
            disabled={readOnly || busy}
            error={editError}
            onCloseError={() => setEditError(null)}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <SubjectForm
            label="Add subject"
            draft={subject}
            onChange={setSubject}
            onSubmit={(e) => void addSubject(e)}
            disabled={readOnly || busy}
            error={subjectError}
            onCloseError={() => setSubjectError(null)}
          />
        )}

        <form className="form" aria-label="Add identifier" onSubmit={addIdentifier}>
          <h2>Add identifier</h2>
          <fieldset disabled={readOnly || busy} className="plain-fieldset">
            <div className="field-row">
              <label className="field">
                <span>Kind</span>
                <select value={ident.kind} onChange={(e) => setIdent({ ...ident, kind: e.target.value as IdentifierKind, qualifier: '' })}>
                  {IDENTIFIER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
              {qualifierLabel && (
                <label className="field">
                  <span>Qualifier: {qualifierLabel}</span>
                  <input value={ident.qualifier} onChange={(e) => setIdent({ ...ident, qualifier: e.target.value })} maxLength={60} />
                </label>
              )}
            </div>
            <label className="field">
              <span>Value</span>
              <input
                value={ident.value}
                onChange={(e) => {
                  setIdent({ ...ident, value: e.target.value });
                  setInvalid(null);
                }}
                required
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? 'identifier-invalid' : undefined}
              />
            </label>
            {invalid && (
              <div id="identifier-invalid">
                <Notice kind="error">Not a valid {KIND_LABELS[ident.kind].toLowerCase()}: {invalid}</Notice>
              </div>
            )}
            <div className="field-row">
              <label className="field">
                <span>Subject (optional)</span>
                <select value={ident.subjectId} onChange={(e) => setIdent({ ...ident, subjectId: e.target.value })}>
                  <option value="">— none —</option>
                  {subjectList.map((s) => (
                    <option key={s.id} value={String(s.id)}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Seen in exhibit (optional)</span>
                <select value={ident.evidence} onChange={(e) => setIdent({ ...ident, evidence: e.target.value })}>
                  <option value="">— none —</option>
                  {(exhibits.data ?? [])
                    .filter((x) => !x.retracted)
                    .map((x) => (
                      <option key={x.number} value={x.number}>
                        {x.number} {x.title}
                      </option>
                    ))}
                </select>
              </label>
            </div>
            <ErrorNotice error={identError} onClose={() => setIdentError(null)} />
            <div className="actions">
              <button type="submit" className="button primary">
                Add identifier
              </button>
            </div>
          </fieldset>
        </form>
      </div>
    </div>
  );
}
