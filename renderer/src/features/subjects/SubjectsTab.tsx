import { useState, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { IDENTIFIER_KINDS, KIND_LABELS, QUALIFIER_LABELS, type IdentifierKind } from '../../../../shared/identifiers.ts';
import { ROLE_LABELS, SUBJECT_ROLES, type IdentifierRecord, type SubjectRole } from '../../../../shared/subjects.ts';
import { api, ApiError, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';

type SubjectDraft = { name: string; nationality: string; location: string; timezone: string; role: SubjectRole };
const EMPTY_SUBJECT: SubjectDraft = { name: '', nationality: '', location: '', timezone: '', role: 'worker' };
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

function IdentifierRow({ identifier }: { identifier: IdentifierRecord }) {
  return (
    <li className="identifier" data-testid="identifier">
      <span className="badge">{KIND_LABELS[identifier.kind]}</span> <span className="mono">{identifier.display}</span>
      {identifier.value !== identifier.display && <span className="muted"> · compared as <span className="mono">{identifier.value}</span></span>}
      {identifier.qualifier && <span className="muted"> ({identifier.qualifier})</span>}
      {identifier.evidence && <span className="muted"> · seen in {identifier.evidence}</span>} <AlsoIn identifier={identifier} />
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
  const [ident, setIdent] = useState<IdentifierDraft>(EMPTY_IDENTIFIER);
  const [identError, setIdentError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const addSubject = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const s = await api('subjects.add', { number, ...subject, aliases: [], platforms: [], notes: '' });
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
                <th>Identifiers</th>
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
                    </td>
                    <td>{ROLE_LABELS[s.role]}</td>
                    <td>{s.nationality || '—'}</td>
                    <td>{s.location || '—'}</td>
                    <td className="mono">{s.timezone || '—'}</td>
                    <td>
                      {own.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="identifier-list">
                          {own.map((i) => (
                            <IdentifierRow key={i.id} identifier={i} />
                          ))}
                        </ul>
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
                <IdentifierRow key={i.id} identifier={i} />
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
        <form className="form" aria-label="Add subject" onSubmit={addSubject}>
          <h2>Add subject</h2>
          <fieldset disabled={readOnly || busy} className="plain-fieldset">
            <label className="field">
              <span>Name</span>
              <input value={subject.name} onChange={(e) => setSubject({ ...subject, name: e.target.value })} required maxLength={200} />
            </label>
            <div className="field-row">
              <label className="field">
                <span>Nationality (country code)</span>
                <input value={subject.nationality} onChange={(e) => setSubject({ ...subject, nationality: e.target.value })} maxLength={2} placeholder="KP" />
              </label>
              <label className="field">
                <span>Role</span>
                <select value={subject.role} onChange={(e) => setSubject({ ...subject, role: e.target.value as SubjectRole })}>
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
                <input value={subject.location} onChange={(e) => setSubject({ ...subject, location: e.target.value })} maxLength={200} />
              </label>
              <label className="field">
                <span>Time zone (IANA)</span>
                <input value={subject.timezone} onChange={(e) => setSubject({ ...subject, timezone: e.target.value })} placeholder="Asia/Shanghai" />
              </label>
            </div>
            <ErrorNotice error={subjectError} onClose={() => setSubjectError(null)} />
            <div className="actions">
              <button type="submit" className="button primary">
                Add subject
              </button>
            </div>
          </fieldset>
        </form>

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
