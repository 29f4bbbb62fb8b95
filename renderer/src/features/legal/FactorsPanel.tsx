import { useState, type FormEvent } from 'react';
import { ASSESSMENTS, ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, FACTORS, FACTORS_NOTE, type Assessment, type FactorKey, type FactorRecord } from '../../../../shared/legal/factors.ts';
import { api } from '../../api.ts';
import { useAction } from '../../components/useAction.tsx';
import { formatTime } from '../../format.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';

type Draft = { assessment: Assessment | ''; note: string; exhibits: string };
const draftOf = (r: FactorRecord | undefined): Draft => ({ assessment: r?.assessment ?? '', note: r?.note ?? '', exhibits: r?.exhibits.join(', ') ?? '' });

type Factor = (typeof FACTORS)[number];

/** Counsel's view, note and exhibits of one General Factor, saved on its own. */
function FactorEditor({ number, factor, record, onChanged }: { number: string; factor: Factor; record: FactorRecord | undefined; onChanged: () => void }) {
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
  return (
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
  );
}

const factorName = (f: Factor) => (
  <>
    {f.letter}. {f.label}
    {(EGREGIOUSNESS_FACTORS as readonly string[]).includes(f.key) && (
      <span className="muted" title="Egregiousness rests mainly on factors A to D">
        {' '}
        *
      </span>
    )}
  </>
);

/** The General Factors of 31 CFR 501 App. A, section III, as counsel sees them in this case. */
export function FactorsPanel({ number, factors, canEdit, onChanged }: { number: string; factors: FactorRecord[]; canEdit: boolean; onChanged: () => void }) {
  const byKey = new Map(factors.map((f) => [f.factor, f]));
  const cols = canEdit
    ? columns<Factor>([
        { id: 'factor', header: 'Factor', cell: factorName },
        { id: 'edit', header: "Counsel's view, note and exhibits", cell: (f) => <FactorEditor number={number} factor={f} record={byKey.get(f.key)} onChanged={onChanged} /> },
      ])
    : columns<Factor>([
        { id: 'factor', header: 'Factor', cell: factorName },
        { id: 'view', header: "Counsel's view", cell: (f) => (byKey.get(f.key) ? ASSESSMENT_LABELS[byKey.get(f.key)!.assessment] : <span className="muted">Not recorded</span>) },
        { id: 'note', header: 'Note', cell: (f) => byKey.get(f.key)?.note ?? '—' },
        { id: 'exhibits', header: 'Exhibits', className: 'mono', cell: (f) => byKey.get(f.key)?.exhibits.join(', ') || '—' },
      ]);
  return (
    <section aria-labelledby="factors-heading">
      <h2 id="factors-heading">General Factors</h2>
      <p className="muted">
        31 CFR 501 App. A, section III. {FACTORS_NOTE} Factors marked * are the ones the egregiousness determination rests on mainly (section V.B.1).
      </p>
      <DataTable label="General Factors" scrollLabel="General Factors, scrollable" className="factors-table" rows={FACTORS} cols={cols} rowKey={(f) => f.key} rowTestId="factor" />
    </section>
  );
}
