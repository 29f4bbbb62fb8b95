import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useUnsaved } from '../../components/unsaved.ts';

/** Marks several chosen indicators absent or not applicable with one rationale. */
export function BulkAssess({ number, selected, onDone, onClear }: { number: string; selected: string[]; onDone: () => void; onClear: () => void }) {
  const [status, setStatus] = useState<'absent' | 'not_applicable'>('absent');
  const [rationale, setRationale] = useState('');
  const { run, busy, notices } = useAction(onDone);
  useUnsaved(rationale.trim() ? 'a rationale for several indicators' : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const done = await api('indicators.assessMany', { number, indicators: selected, status, rationale });
      setRationale('');
      onClear();
      return `Marked ${done.length} indicator${done.length === 1 ? '' : 's'} ${status === 'absent' ? 'absent' : 'not applicable'}: ${done.map((a) => a.indicator).join(', ')}.`;
    });
  };
  return (
    <form className="form bulk-assess" aria-label="Assess the chosen indicators" onSubmit={submit}>
      <strong>{selected.length} chosen:</strong> <span className="mono">{selected.join(', ')}</span>
      <div className="field-row">
        <fieldset className="yes-no">
          <legend>Mark them</legend>
          <label>
            <input type="radio" name="bulk-status" checked={status === 'absent'} onChange={() => setStatus('absent')} /> Absent
          </label>
          <label>
            <input type="radio" name="bulk-status" checked={status === 'not_applicable'} onChange={() => setStatus('not_applicable')} /> Not applicable
          </label>
        </fieldset>
        <Field label="Rationale (one for all of them)">
          <textarea rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} placeholder="What you checked, and why none of these apply" />
        </Field>
      </div>
      {notices}
      <div className="actions">
        <button type="button" className="button" onClick={onClear}>
          Clear the choice
        </button>
        <button type="submit" className="button primary" disabled={busy || !rationale.trim()}>
          Mark {selected.length} {status === 'absent' ? 'absent' : 'not applicable'}
        </button>
      </div>
    </form>
  );
}
