import { forwardRef, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import { DECISION_KINDS, DECISION_LABELS, defaultFinal, type Decision, type DecisionKind } from '../../../../shared/decisions.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import type { Checklist } from '../../../../shared/indicators/types.ts';

type ChecklistItem = Checklist['items'][number];
import { ASSESSMENT_LABELS } from '../../../../shared/indicators/score.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';

export type DecisionFormHandle = { supersede: (d: Decision) => void };

type Props = { number: string; disabled: boolean; indicators: ChecklistItem[]; exhibits: Exhibit[]; onRecorded: () => void };

/** Records a decision (or one that supersedes a signed one), with the indicators and exhibits it rests on. */
export const DecisionForm = forwardRef<DecisionFormHandle, Props>(function DecisionForm({ number, disabled, indicators, exhibits, onRecorded }, ref) {
  const [linkIndicators, setLinkIndicators] = useState<string[]>([]);
  const [linkExhibits, setLinkExhibits] = useState<string[]>([]);
  const [kind, setKind] = useState<DecisionKind>('terminate');
  const [rationale, setRationale] = useState('');
  const [supersedes, setSupersedes] = useState<number | null>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const { run, busy, notices } = useAction(onRecorded);

  useImperativeHandle(ref, () => ({
    supersede: (d: Decision) => {
      setSupersedes(d.id);
      setKind(d.kind);
      setRationale('');
      rationaleRef.current?.scrollIntoView({ block: 'center' });
      rationaleRef.current?.focus();
    },
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const d = await api('decisions.add', { number, kind, rationale, indicators: linkIndicators, exhibits: linkExhibits, ...(supersedes !== null && { supersedes }) });
      setRationale('');
      setLinkIndicators([]);
      setLinkExhibits([]);
      setSupersedes(null);
      return `Recorded decision #${d.id}: ${DECISION_LABELS[d.kind]}${d.supersedes !== null ? `, superseding #${d.supersedes}` : ''}.`;
    });
  };
  const selected = (e: { target: HTMLSelectElement }) => [...e.target.selectedOptions].map((o) => o.value);

  return (
    <form className="form" onSubmit={submit} aria-label="Record a decision">
      <h3>{supersedes !== null ? `Record a decision superseding #${supersedes}` : 'Record a decision'}</h3>
      {supersedes !== null && (
        <Notice kind="info" onClose={() => setSupersedes(null)}>
          Decision #{supersedes} is signed and cannot change. This new decision replaces it; both stay in the record with their signatures. Say why in the rationale.
        </Notice>
      )}
      <fieldset disabled={disabled || busy}>
        <Field label="Decision" hint={defaultFinal(kind) ? 'Final: needs officer and counsel sign-off.' : 'Interim: hands the case to counsel.'}>
          <select value={kind} onChange={(e) => setKind(e.target.value as DecisionKind)}>
            {DECISION_KINDS.map((k) => (
              <option key={k} value={k}>
                {DECISION_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Rationale">
          <textarea ref={rationaleRef} rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </Field>
        <div className="field-row decision-link-fields">
          <Field label="Indicators relied on" hint="Ctrl- or Cmd-click to choose several; present ones are listed first.">
            <select multiple size={6} value={linkIndicators} onChange={(e) => setLinkIndicators(selected(e))}>
              {indicators.map(({ indicator, assessment }) => (
                <option key={indicator.id} value={indicator.id}>
                  {indicator.id} {indicator.title} — {ASSESSMENT_LABELS[assessment.status]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Exhibits relied on" hint={exhibits.length === 0 ? 'No exhibits in this case yet.' : undefined}>
            <select multiple size={6} value={linkExhibits} onChange={(e) => setLinkExhibits(selected(e))}>
              {exhibits.map((x) => (
                <option key={x.number} value={x.number}>
                  {x.number} {x.title}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {notices}
        <button type="submit" className="button primary">
          {supersedes !== null ? `Record decision superseding #${supersedes}` : 'Record decision'}
        </button>
      </fieldset>
    </form>
  );
});
