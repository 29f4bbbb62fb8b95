import type { FormEvent, ReactNode } from 'react';
import { ROLE_LABELS, SUBJECT_ROLES, type SubjectRecord, type SubjectRole } from '../../../../shared/subjects.ts';
import { Field } from '../../components/Field.tsx';

export type SubjectDraft = { name: string; aliases: string; nationality: string; location: string; timezone: string; role: SubjectRole; platforms: string; notes: string };
export const EMPTY_SUBJECT: SubjectDraft = { name: '', aliases: '', nationality: '', location: '', timezone: '', role: 'worker', platforms: '', notes: '' };

const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** The draft as the core's subject fields (aliases and platforms are typed comma-separated). */
export const draftFields = (d: SubjectDraft) => ({
  name: d.name,
  aliases: splitList(d.aliases),
  nationality: d.nationality,
  location: d.location,
  timezone: d.timezone,
  role: d.role,
  platforms: splitList(d.platforms),
  notes: d.notes,
});

export const toDraft = (s: SubjectRecord): SubjectDraft => ({
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
  submitLabel: string;
  draft: SubjectDraft;
  onChange: (d: SubjectDraft) => void;
  onSubmit: () => void;
  disabled: boolean;
  notices: ReactNode;
  onCancel?: () => void;
};

/** The subject's fields, for adding one and for editing one. */
export function SubjectForm({ label, submitLabel, draft, onChange, onSubmit, disabled, notices, onCancel }: SubjectFormProps) {
  const set = (patch: Partial<SubjectDraft>) => onChange({ ...draft, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="form subject-form" aria-label={label} onSubmit={submit}>
      <h2>{label}</h2>
      <fieldset disabled={disabled} className="plain-fieldset">
        <Field label="Name">
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} required maxLength={200} />
        </Field>
        <Field label="Aliases (comma-separated)">
          <input value={draft.aliases} onChange={(e) => set({ aliases: e.target.value })} placeholder="Z. Quanto, zq_dev" />
        </Field>
        <div className="field-row">
          <Field label="Nationality (country code)">
            <input value={draft.nationality} onChange={(e) => set({ nationality: e.target.value })} maxLength={2} placeholder="KP" />
          </Field>
          <Field label="Role">
            <select value={draft.role} onChange={(e) => set({ role: e.target.value as SubjectRole })}>
              {SUBJECT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="field-row">
          <Field label="Location">
            <input value={draft.location} onChange={(e) => set({ location: e.target.value })} maxLength={200} />
          </Field>
          <Field label="Time zone (IANA)">
            <input value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} placeholder="Asia/Shanghai" />
          </Field>
        </div>
        <Field label="Platforms where met (comma-separated)">
          <input value={draft.platforms} onChange={(e) => set({ platforms: e.target.value })} placeholder="Upwork, LinkedIn" />
        </Field>
        <Field label="Notes">
          <textarea rows={3} value={draft.notes} onChange={(e) => set({ notes: e.target.value })} maxLength={20_000} />
        </Field>
        {notices}
        <div className="actions">
          <button type="submit" className="button primary">
            {submitLabel}
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
