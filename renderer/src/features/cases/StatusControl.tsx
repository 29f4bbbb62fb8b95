import { useState, type FormEvent } from 'react';
import { STATUS_LABELS, allowedTransitions, type CaseRecord, type CaseStatus } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/Notice.tsx';

const VERB: Partial<Record<CaseStatus, string>> = {
  investigating: 'Start investigating',
  pending_legal_review: 'Send to legal review',
  decided: 'Mark decided',
  closed: 'Close case',
};

/** The moves the workflow allows from here; closing asks for a note and reopening for a reason. */
export function StatusControl({ record, onChanged }: { record: CaseRecord; onChanged: (r: CaseRecord) => void }) {
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const reopening = record.status === 'closed';
  const needsNote = (to: CaseStatus) => to === 'closed' || reopening;

  const move = async (to: CaseStatus, text?: string) => {
    try {
      onChanged(await api('cases.setStatus', { number: record.number, to, ...(text && { note: text }) }));
      setTarget(null);
      setNote('');
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (target) void move(target, note);
  };
  return (
    <div className="status-control">
      {allowedTransitions(record.status).map((to) => (
        <button
          key={to}
          type="button"
          className={to === 'closed' ? 'button danger' : 'button'}
          onClick={() => (needsNote(to) ? setTarget(to) : void move(to))}
        >
          {reopening ? 'Reopen case' : record.status === 'pending_legal_review' && to === 'investigating' ? 'Return to investigation' : (VERB[to] ?? STATUS_LABELS[to])}
        </button>
      ))}
      {!target && <ErrorNotice error={error} onClose={() => setError(null)} />}
      <Dialog title={reopening ? `Reopen ${record.number}` : `Close ${record.number}`} open={target !== null} onClose={() => setTarget(null)}>
        <form className="form" onSubmit={submit}>
          <Field label={reopening ? 'Reason for reopening (recorded in the audit trail)' : 'Closing note (recorded with the case)'}>
            <textarea rows={4} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <ErrorNotice error={error} />
          <div className="actions">
            <button type="button" className="button" onClick={() => setTarget(null)}>Cancel</button>
            <button type="submit" className={reopening ? 'button primary' : 'button danger'}>{reopening ? 'Reopen' : 'Close case'}</button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
