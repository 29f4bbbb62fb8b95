import { useState } from 'react';
import type { BundleImportResult, BundleVerifyResult } from '../../../../shared/contract/bundle.ts';
import { api } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { PathField } from '../../components/PathField.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJob } from '../../components/useJob.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { caseHref } from '../../router.ts';
import { formatTime } from '../../format.ts';
import { describeChanges } from './labels.ts';

/**
 * Receiving a case someone handed over: check the file first (who signed it, that nothing in it
 * changed), confirm the sender's fingerprint the first time, then add it to this Casebook.
 */
export function ReceivePage() {
  const [path, setPath] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [showKey, setShowKey] = useState(false);
  const check = useJob<BundleVerifyResult>('checking the file');
  const receive = useJob<BundleImportResult>('adding the case');
  const key = useApi('bundle.key', {}, undefined, showKey);
  const checked = check.result;

  const doCheck = async () => {
    setConfirmed(false);
    receive.setResult(null);
    await check.start((jobId) => api('bundle.verify', { path, jobId }));
  };
  const doImport = async () => {
    if (!checked?.ok) return;
    await receive.start((jobId) => api('bundle.import', { path, jobId, ...(!checked.exporter.known && { trust: checked.exporter.fingerprint }) }));
  };
  const done = receive.result;

  return (
    <section className="page receive-page" style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
      <header className="page-header">
        <h1>Receive a case</h1>
      </header>
      <p className="muted">A case handed over from another Casebook: the officer&apos;s case for counsel&apos;s review, or counsel&apos;s work coming back. Nothing is added until the whole file has been checked.</p>
      <div className="form" style={{ display: 'grid', gap: 12 }}>
        <PathField id="receive-path" label="Case file" mode="open" value={path} onChange={(p) => { setPath(p); check.setResult(null); }} placeholder="CB-2026-0001.casebook" filters={[{ name: 'Casebook case', extensions: ['casebook'] }]} />
        <div>
          <button type="button" className="button primary" disabled={!path.trim() || check.running || receive.running} onClick={() => void doCheck()}>
            {check.running ? 'Checking…' : 'Check the file'}
          </button>
        </div>
      </div>
      {check.running && <ProgressBar progress={check.progress} {...(check.cancel && { onCancel: check.cancel })} />}
      <ErrorNotice error={check.error} onClose={() => check.setError(null)} />
      {checked && !checked.ok && (
        <Notice kind="error">
          This file cannot be trusted: {checked.part === 'bundle' ? 'the file' : `its part “${checked.part}”`} {checked.reason}. Nothing was added. Ask the sender for a new copy.
        </Notice>
      )}
      {checked?.ok && !done && (
        <div className="receive-checked" style={{ display: 'grid', gap: 12 }}>
          <Notice kind={checked.exporter.known ? 'success' : 'warning'}>
            <strong>
              {checked.case} — {checked.title}
            </strong>
            <div>
              Sent by {checked.exporter.user} on {formatTime(checked.exportedAt)}; {checked.parts} parts, {checked.bytes.toLocaleString()} bytes{checked.encrypted ? ', opened with your key' : ''}. Every part is intact and the signature holds.
            </div>
            {!checked.exporter.known && (
              <div>
                This Casebook does not know {checked.exporter.user}&apos;s signing key yet. Its fingerprint is <span className="mono">{checked.exporter.fingerprint}</span>. Ask {checked.exporter.user} to read you theirs (in person or by phone), and add the case only if the two are the same.
              </div>
            )}
          </Notice>
          <table className="table" aria-label="Signatures in the file">
            <thead>
              <tr>
                <th>Signed by</th>
                <th>What</th>
                <th>When</th>
              </tr>
            </thead>
            <tbody>
              {checked.signatures.map((s, i) => (
                <tr key={i}>
                  <td>
                    {s.signer}
                    <div className="muted mono">{s.fingerprint}</div>
                  </td>
                  <td>{s.what}</td>
                  <td>{formatTime(s.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!checked.exporter.known && (
            <label className="checkbox">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {checked.exporter.user} confirmed this fingerprint to me
            </label>
          )}
          <div>
            <button type="button" className="button primary" disabled={receive.running || (!checked.exporter.known && !confirmed)} onClick={() => void doImport()}>
              {receive.running ? 'Adding…' : 'Add the case to this Casebook'}
            </button>
          </div>
        </div>
      )}
      {receive.running && <ProgressBar progress={receive.progress} {...(receive.cancel && { onCancel: receive.cancel })} />}
      <ErrorNotice error={receive.error} onClose={() => receive.setError(null)} />
      {done && (
        <Notice kind="success">
          {done.newCase ? 'Added' : 'Brought up to date:'} <a href={caseHref(done.case.number, 'handover')}>{done.case.number}</a> — {done.case.title}. Sent by {done.provenance.exportedBy} on {formatTime(done.provenance.exportedAt)}.
          {done.previous && ` Since the copy received ${formatTime(done.previous.importedAt)}: ${describeChanges(done.changes).toLowerCase()}.`}
          {!done.previous && ` ${describeChanges(done.changes)}.`}
        </Notice>
      )}
      <section aria-labelledby="your-key">
        <h2 id="your-key">Your key for locked hand-overs</h2>
        <p className="muted">Give this to a sender who has never sent you a case, so that they can lock the file to you. It is not a secret.</p>
        {!showKey && (
          <button type="button" className="button" onClick={() => setShowKey(true)}>
            Show my key
          </button>
        )}
        <ErrorNotice error={key.error} />
        {key.data && <code className="mono key-text" data-testid="bundle-key">{key.data.recipient}</code>}
      </section>
    </section>
  );
}
