import { useState, type FormEvent } from 'react';
import { ASSESSMENTS, ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, FACTORS, FACTORS_NOTE, type Assessment, type FactorKey, type FactorRecord } from '../../../../shared/legal/factors.ts';
import { api } from '../../api.ts';
import { useAction } from '../../components/useAction.tsx';
import { formatTime } from '../../format.ts';

type Draft = { assessment: Assessment | ''; note: string; exhibits: string };
const draftOf = (r: FactorRecord | undefined): Draft => ({ assessment: r?.assessment ?? '', note: r?.note ?? '', exhibits: r?.exhibits.join(', ') ?? '' });

/** One General Factor: counsel's view, note and exhibits; saved on its own. */
function FactorRow({ number, factor, record, canEdit, onChanged }: { number: string; factor: (typeof FACTORS)[number]; record: FactorRecord | undefined; canEdit: boolean; onChanged: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(record));
  const { run, busy, notices } = useAction(onChanged);
  const id = `factor-${factor.key}`;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (d.assessment === '') throw new Error(`${factor.label}: choose aggravating, mitigating or neutral.`);
      const exhibits = d.exhibits.split(/[\s,;]+/).filter(Boolean);
      const r = await api('legal.setFactor', { number, factor: factor.key as FactorKey, assessment: d.assessment, note: d.note, exhibits });
      return `${factor.letter}. ${factor.label}: recorded as ${ASSESSMENT_LABELS[r.assessment].toLowerCase()}.`;
    });
  };
  const star = (EGREGIOUSNESS_FACTORS as readonly string[]).includes(factor.key);
  return (
    <tr data-testid="factor" data-factor={factor.key}>
      <th scope="row">
        {factor.letter}. {factor.label}
        {star && <span className="muted" title="Egregiousness rests mainly on factors A to D"> *</span>}
      </th>
      {canEdit ? (
        <td colSpan={3}>
          <form className="factor-form" onSubmit={save} aria-label={`${factor.label}`}>
            <fieldset disabled={busy}>
              <select id={`${id}-assessment`} aria-label={`${factor.label}: counsel's view`} value={d.assessment} onChange={(e) => setD({ ...d, assessment: e.target.value as Assessment })}>
                <option value="">Not recorded</option>
                {ASSESSMENTS.map((a) => (
                  <option key={a} value={a}>
                    {ASSESSMENT_LABELS[a]}
                  </option>
                ))}
              </select>
              <input aria-label={`${factor.label}: note`} placeholder="Why (required)" value={d.note} onChange={(e) => setD({ ...d, note: e.target.value })} />
              <input aria-label={`${factor.label}: exhibits`} placeholder="E-001, E-002" className="factor-exhibits" value={d.exhibits} onChange={(e) => setD({ ...d, exhibits: e.target.value })} />
              <button type="submit" className="button">
                Save
              </button>
            </fieldset>
            {notices}
            {record && (
              <div className="muted small">
                Recorded by {record.setBy}, {formatTime(record.setAt)}
              </div>
            )}
          </form>
        </td>
      ) : (
        <>
          <td>{record ? ASSESSMENT_LABELS[record.assessment] : <span className="muted">Not recorded</span>}</td>
          <td>{record?.note ?? '—'}</td>
          <td className="mono">{record?.exhibits.join(', ') || '—'}</td>
        </>
      )}
    </tr>
  );
}

/** The General Factors of 31 CFR 501 App. A, section III, as counsel sees them in this case. */
export function FactorsPanel({ number, factors, canEdit, onChanged }: { number: string; factors: FactorRecord[]; canEdit: boolean; onChanged: () => void }) {
  const byKey = new Map(factors.map((f) => [f.factor, f]));
  return (
    <section aria-labelledby="factors-heading">
      <h2 id="factors-heading">General Factors</h2>
      <p className="muted">
        31 CFR 501 App. A, section III. {FACTORS_NOTE} Factors marked * are the ones the egregiousness determination rests on mainly (section V.B.1).
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="General Factors, scrollable">
        <table className="table factors-table" aria-label="General Factors">
          <thead>
            <tr>
              <th>Factor</th>
              {canEdit ? (
                <th colSpan={3}>Counsel's view, note and exhibits</th>
              ) : (
                <>
                  <th>Counsel's view</th>
                  <th>Note</th>
                  <th>Exhibits</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {FACTORS.map((f) => (
              <FactorRow key={f.key} number={number} factor={f} record={byKey.get(f.key)} canEdit={canEdit} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
