import { forwardRef, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import { DECISION_KINDS, DECISION_LABELS, defaultFinal, type Decision, type DecisionKind } from '../../../../shared/decisions.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import type { Checklist } from '../../../../shared/indicators/types.ts';

type ChecklistItem = Checklist['items'][number];
import { ASSESSMENT_LABELS } from '../../../../shared/indicators/score.ts';
import { api } from '../../api.ts';
import { CheckList } from '../../components/CheckList.tsx';
import { showInvisible } from '../../../../shared/text.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';

export type DecisionFormHandle = { supersede: (d: Decision) => void };

type Props = { number: string; disabled: boolean; indicators: ChecklistItem[]; exhibits: Exhibit[]; onRecorded: () => void };

/** Records a decision (or one that supersedes a signed one), with the indicators and exhibits it rests on. */
export const DecisionForm = forwardRef<DecisionFormHandle, Props>(function DecisionForm({ number, disabled, indicators, exhibits, onRecorded }, ref) {
  const [linkIndicators, setLinkIndicators] = useState<string[]>([]);
  const [linkExhibits, setLinkExhibits] = useState<string[]>([]);
  const [kind, setKind] = useState<DecisionKind | ''>('');
  const [rationale, setRationale] = useState('');
  const [supersedes, setSupersedes] = useState<number | null>(null);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const { run, busy, notices } = useAction(onRecorded);
  useUnsaved(rationale.trim() ? 'the decision being recorded' : null);

  useImperativeHandle(ref, () => ({
    supersede: (d: Decision) => {
      setSupersedes(d.id);
      setKind(d.kind);
      setRationale('');
      rationaleRef.current?.scrollIntoView({ block: 'center' });
      rationaleRef.current?.focus();
    },
  }));

  const [kindMissing, setKindMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!kind) {
      setKindMissing(true);
      return;
    }
    void run(async () => {
      const d = await api('decisions.add', { number, kind, rationale, indicators: linkIndicators, exhibits: linkExhibits, ...(supersedes !== null && { supersedes }) });
      setRationale('');
      setLinkIndicators([]);
      setLinkExhibits([]);
      setSupersedes(null);
      setKind('');
      return `Recorded decision #${d.id}: ${DECISION_LABELS[d.kind]}${d.supersedes !== null ? `, superseding #${d.supersedes}` : ''}.`;
    });
  };

  return (
    <form className="form" onSubmit={submit} aria-label="Record a decision">
      <h3>{supersedes !== null ? `Record a decision superseding #${supersedes}` : 'Record a decision'}</h3>
      {supersedes !== null && (
        <Notice kind="info" onClose={() => setSupersedes(null)}>
          Decision #{supersedes} is signed and cannot change. This new decision replaces it; both stay in the record with their signatures. Say why in the rationale.
        </Notice>
      )}
      <fieldset disabled={disabled || busy}>
        <Field label="Decision" error={kindMissing ? 'Choose what was decided.' : null} hint={kind === '' ? 'Nothing is chosen for you: pick what was decided.' : defaultFinal(kind) ? 'Final: needs officer and counsel sign-off; it closes the case.' : 'Interim: hands the case to counsel.'}>
          <select value={kind} onChange={(e) => (setKind(e.target.value as DecisionKind | ''), setKindMissing(false))}>
            <option value="" disabled>
              — Choose the decision —
            </option>
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
          <CheckList
            label="Indicators relied on"
            options={indicators.map(({ indicator, assessment }) => ({ value: indicator.id, label: indicator.title, note: ASSESSMENT_LABELS[assessment.status] }))}
            value={linkIndicators}
            onChange={setLinkIndicators}
          />
          <CheckList label="Exhibits relied on" options={exhibits.map((x) => ({ value: x.number, label: showInvisible(x.title) }))} value={linkExhibits} onChange={setLinkExhibits} empty="No exhibits in this case yet." />
        </div>
        {notices}
        <button type="submit" className="button primary">
          {supersedes !== null ? `Record decision superseding #${supersedes}` : 'Record decision'}
        </button>
      </fieldset>
    </form>
  );
});
