import { useState, type FormEvent } from 'react';
import type { Indicator } from '../../../../shared/indicators/catalog.ts';
import { ASSESSMENT_LABELS, ASSESSMENT_STATUSES, type AssessmentStatus } from '../../../../shared/indicators/score.ts';
import type { Assessment } from '../../../../shared/indicators/types.ts';
import type { Exhibit } from '../../../../shared/evidence.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';

/** One indicator's status, rationale and linked exhibits. */
export function AssessmentEditor(props: { number: string; indicator: Indicator; assessment: Assessment; exhibits: Exhibit[]; onSaved: () => void; onCancel: () => void }) {
  const { number, indicator, assessment, exhibits } = props;
  const [status, setStatus] = useState<AssessmentStatus>(assessment.status);
  const [rationale, setRationale] = useState(assessment.rationale);
  const [linked, setLinked] = useState<string[]>(assessment.exhibits);
  const { run, busy, notices } = useAction(props.onSaved);
  const needsEvidence = status === 'present' && linked.length === 0 && assessment.findings.length === 0;
  const needsRationale = status !== 'not_assessed' && rationale.trim() === '';
  const usable = exhibits.filter((x) => !x.retracted);
  const dirty = status !== assessment.status || rationale !== assessment.rationale || linked.join() !== assessment.exhibits.join();
  useUnsaved(dirty ? `the assessment of ${indicator.id}` : null);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => (await api('indicators.assess', { number, indicator: indicator.id, status, rationale, exhibits: linked }), ''));
  };

  return (
    <form className="form assessment-editor" aria-label={`Assess ${indicator.id}`} onSubmit={save}>
      <div className="field-row">
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value as AssessmentStatus)}>
            {ASSESSMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ASSESSMENT_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Rationale">
        <textarea rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} placeholder="What you saw, and why it supports this status" />
      </Field>
      <fieldset className="plain-fieldset">
        <legend>Linked exhibits</legend>
        {usable.length === 0 ? (
          <p className="muted">This case has no exhibits yet; add them in the Evidence tab.</p>
        ) : (
          <div className="exhibit-picks">
            {usable.map((x) => (
              <label key={x.number} className="radio">
                <input
                  type="checkbox"
                  checked={linked.includes(x.number)}
                  onChange={(e) => setLinked((l) => (e.target.checked ? [...l, x.number] : l.filter((n) => n !== x.number)))}
                />
                <span className="mono">{x.number}</span> {x.title}
              </label>
            ))}
          </div>
        )}
        {assessment.findings.length > 0 && <p className="muted">Backed by accepted detector finding{assessment.findings.length > 1 ? 's' : ''} {assessment.findings.map((f) => `#${f}`).join(', ')}.</p>}
      </fieldset>
      {needsEvidence && (
        <Notice kind="warning">
          “Present” needs evidence: link at least one exhibit
          {indicator.checkable ? `, or accept a detector finding for ${indicator.id} in the Activity tab` : ' (add it in the Evidence tab first)'}.
        </Notice>
      )}
      {needsRationale && !needsEvidence && <Notice kind="info">Add a rationale: every assessed status records why.</Notice>}
      {notices}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || needsEvidence || needsRationale}>
          Save assessment
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

