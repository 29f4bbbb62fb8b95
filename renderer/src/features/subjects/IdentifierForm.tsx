import { useState, type FormEvent } from 'react';
import { IDENTIFIER_KINDS, KIND_LABELS, QUALIFIER_LABELS, type IdentifierKind } from '../../../../shared/identifiers.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import type { SubjectRecord } from '../../../../shared/subjects.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';

type IdentifierDraft = { kind: IdentifierKind; value: string; qualifier: string; subjectId: string; evidence: string };
const EMPTY_IDENTIFIER: IdentifierDraft = { kind: 'email', value: '', qualifier: '', subjectId: '', evidence: '' };

/** Adds an identifier: checked first, so a malformed value is explained beside the field. */
export function IdentifierForm({ number, subjects, exhibits, disabled, onAdded }: { number: string; subjects: SubjectRecord[]; exhibits: Exhibit[]; disabled: boolean; onAdded: (message: string) => void }) {
  const [ident, setIdent] = useState<IdentifierDraft>(EMPTY_IDENTIFIER);
  const [invalid, setInvalid] = useState<string | null>(null);
  const { run, busy, notices } = useAction();
  const qualifierLabel = QUALIFIER_LABELS[ident.kind];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setInvalid(null);
    void run(async () => {
      const qualifier = ident.qualifier.trim() || undefined;
      const check = await api('identifiers.check', { kind: ident.kind, value: ident.value, ...(qualifier && { qualifier }) });
      if (!check.ok) {
        setInvalid(`Not a valid ${KIND_LABELS[ident.kind].toLowerCase()}: ${check.message}`);
        return '';
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
      onAdded(`Added ${KIND_LABELS[r.kind]} ${r.display}${r.links.length ? ` — also in ${[...new Set(r.links.map((l) => l.caseNumber))].join(', ')}` : ''}.`);
      return '';
    });
  };

  return (
    <form className="form" aria-label="Add identifier" onSubmit={submit}>
      <h2>Add identifier</h2>
      <fieldset disabled={disabled || busy} className="plain-fieldset">
        <div className="field-row">
          <Field label="Kind">
            <select value={ident.kind} onChange={(e) => setIdent({ ...ident, kind: e.target.value as IdentifierKind, qualifier: '' })}>
              {IDENTIFIER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          {qualifierLabel && (
            <Field label={`Qualifier: ${qualifierLabel}`}>
              <input value={ident.qualifier} onChange={(e) => setIdent({ ...ident, qualifier: e.target.value })} maxLength={60} />
            </Field>
          )}
        </div>
        <Field label="Value" error={invalid}>
          <input
            value={ident.value}
            onChange={(e) => {
              setIdent({ ...ident, value: e.target.value });
              setInvalid(null);
            }}
            required
          />
        </Field>
        <div className="field-row">
          <Field label="Subject (optional)">
            <select value={ident.subjectId} onChange={(e) => setIdent({ ...ident, subjectId: e.target.value })}>
              <option value="">— none —</option>
              {subjects.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Seen in exhibit (optional)">
            <select value={ident.evidence} onChange={(e) => setIdent({ ...ident, evidence: e.target.value })}>
              <option value="">— none —</option>
              {exhibits
                .filter((x) => !x.retracted)
                .map((x) => (
                  <option key={x.number} value={x.number}>
                    {x.number} {x.title}
                  </option>
                ))}
            </select>
          </Field>
        </div>
        {notices}
        <div className="actions">
          <button type="submit" className="button primary">
            Add identifier
          </button>
        </div>
      </fieldset>
    </form>
  );
}
