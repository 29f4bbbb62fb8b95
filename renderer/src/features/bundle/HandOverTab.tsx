import { useState, type FormEvent } from 'react';
import type { CaseTabProps } from '../cases/caseTab.ts';
import type { BundleExchange, BundleExportResult } from '../../../../shared/contract/bundle.ts';
import { api } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { Field } from '../../components/Field.tsx';
import { PathField } from '../../components/PathField.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJob } from '../../components/useJob.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { formatTime } from '../../format.ts';
import { describeChanges } from './labels.ts';

/**
 * Hands the case to counsel (or back to the officer): one file holding the case and its files,
 * signed by you, optionally locked so that only the recipient can open it. Below, every hand-over
 * of the case, sent and received.
 */
export function HandOverTab({ record }: CaseTabProps) {
  const number = record.number;
  const [out, setOut] = useState('');
  const [recipient, setRecipient] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [refresh, setRefresh] = useState(0);
  const history = useApi('bundle.history', { number }, refresh);
  const job = useJob<BundleExportResult>('preparing the hand-over file');
  const file = out.trim() || `${number}.casebook`;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const r = await job.start((jobId) => api('bundle.export', { number, to: file, passphrase, jobId, ...(recipient.trim() && { recipient: recipient.trim() }) }));
    setPassphrase('');
    if (r) setRefresh((x) => x + 1);
  };

  return (
    <div className="handover-tab" style={{ display: 'grid', gap: 16 }}>
      <form className="form" style={{ display: 'grid', gap: 12 }} onSubmit={(e) => void send(e)} aria-label="Hand the case to counsel">
        <h2>Hand this case to counsel</h2>
        <p className="muted">
          One file with everything in the case: subjects, identifiers, evidence files, findings, payments, decisions, reviews, their signatures and the case history. You sign it; counsel can check that
          nothing in it was changed and who signed it, and add it to their own Casebook. Counsel sends it back the same way.
        </p>
        <div className="field-row">
          <PathField id="handover-out" label="Save the file to" mode="save" value={out} onChange={setOut} placeholder={`${number}.casebook`} defaultName={`${number}.casebook`} filters={[{ name: 'Casebook case', extensions: ['casebook'] }]} />
          <Field label="Only for" hint="Counsel's name, if they have sent you a case before, or the key they gave you. Then only they can open the file. Needed when the case holds reviews by counsel not shared with officers.">
            <input value={recipient} onChange={(e) => setRecipient(e.target.value)} placeholder="e.g. Carl Counsel" autoComplete="off" />
          </Field>
          <Field label="Your passphrase" hint="Signing asks for it again.">
            <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="current-password" required />
          </Field>
        </div>
        <div>
          <button type="submit" className="button primary" disabled={job.running || passphrase === ''}>
            {job.running ? 'Preparing…' : 'Hand the case to counsel'}
          </button>
        </div>
      </form>
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      <ErrorNotice error={job.error} onClose={() => job.setError(null)} />
      {job.result && (
        <div className="notice notice-success" role="status">
          <div className="notice-body">
            Saved <span className="mono">{job.result.file}</span> ({job.result.bytes.toLocaleString()} bytes, {job.result.parts} parts)
            {job.result.encryptedTo ? `, which only ${job.result.encryptedTo} can open` : ''}. Send it as you would any confidential file{job.result.encryptedTo ? '' : ': it holds the evidence files as they are'}.
            <div>
              File fingerprint <span className="mono sha">{job.result.sha256}</span>
            </div>
          </div>
        </div>
      )}
      <section aria-labelledby="handover-history">
        <h2 id="handover-history">Hand-overs of this case</h2>
        <ErrorNotice error={history.error} />
        {history.data && history.data.length === 0 && <p className="muted">This case has not been handed over yet.</p>}
        {history.data && history.data.length > 0 && <HistoryTable rows={history.data} />}
      </section>
    </div>
  );
}

function HistoryTable({ rows }: { rows: BundleExchange[] }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Hand-overs">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Signed by</th>
            <th>What changed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{formatTime(r.at)}</td>
              <td>{r.direction === 'export' ? `Sent by ${r.by}${r.recipient ? ' (locked to its recipient)' : ''}` : `Received by ${r.by}, sent ${formatTime(r.exportedAt)}`}</td>
              <td>
                {r.exportedBy}
                <div className="muted mono">{r.fingerprint}</div>
              </td>
              <td>{r.direction === 'import' && r.changes ? describeChanges(r.changes) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
