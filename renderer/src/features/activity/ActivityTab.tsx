import { useEffect, useRef, useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import type { Progress } from '../../../../shared/contract/index.ts';
import { ACTIVITY_FIELDS, REQUIRED_FIELDS, type ActivityField } from '../../../../shared/activity/fields.ts';
import type { Finding, ImportPreview, ImportResult } from '../../../../shared/activity/types.ts';
import { api, ApiError, newJobId, onProgress, toApiError as toError } from '../../api.ts';
import { bytesToBase64 } from '../../files.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';
import '../indicators/indicators.css';
import { ActivityHeatmap } from './Heatmap.tsx';



/** The numbers behind a finding, one short line. */
function detailLine(f: Finding): string {
  const d = f.detail as Record<string, unknown>;
  const skip = new Set(['rule', 'window', 'accounts', 'cases', 'zone', 'reasons', 'ranges', 'claimedOffsets']);
  return Object.entries(d)
    .filter(([k, v]) => !skip.has(k) && (typeof v === 'number' || typeof v === 'string' || Array.isArray(v)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

function FindingRow({ f, readOnly, onAccept, onDismiss }: { f: Finding; readOnly: boolean; onAccept: () => void; onDismiss: (reason: string) => void }) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <tr data-testid="finding" className={`finding-${f.status}`}>
      <td className="mono">{f.indicator}</td>
      <td>
        <strong>{String(f.detail.rule ?? f.detector)}</strong>
        <div className="muted">{detailLine(f)}</div>
        {typeof f.detail.otherCases === 'object' && <div>Also in {(f.detail.otherCases as string[]).join(', ')}</div>}
      </td>
      <td>{f.account}</td>
      <td className="mono small">{f.ips.join(' ')}</td>
      <td>{f.countries.join(', ') || '—'}</td>
      <td className="nowrap">
        {formatTime(f.from)}
        <br />
        {formatTime(f.to)}
      </td>
      <td>
        <span className={`badge finding-status-${f.status}`}>{f.status}</span>
        {f.reason && <div className="muted">{f.reason}</div>}
      </td>
      <td className="row-actions">
        {!readOnly && f.status !== 'accepted' && (
          <button type="button" className="button" onClick={onAccept}>
            Accept
          </button>
        )}
        {!readOnly && f.status === 'open' && !dismissing && (
          <button type="button" className="button" onClick={() => setDismissing(true)}>
            Dismiss
          </button>
        )}
        {dismissing && f.status === 'open' && (
          <form
            className="inline-field"
            aria-label={`Dismiss finding ${f.id}`}
            onSubmit={(e) => {
              e.preventDefault();
              onDismiss(reason);
            }}
          >
            <input aria-label="Reason" placeholder="Why it is not a red flag" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="button" disabled={!reason.trim()}>
              Dismiss
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function ActivityTab({ record, onChanged }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const findings = useApi('activity.findings', { number }, refresh);
  const imports = useApi('activity.imports', { number }, refresh);
  const subjects = useApi('subjects.list', { number });
  const [account, setAccount] = useState('');
  const heatmap = useApi('activity.heatmap', account ? { number, account } : { number }, refresh);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, ActivityField | ''>>({});
  const [zone, setZone] = useState('');
  const [subject, setSubject] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const jobRef = useRef<string | null>(null);
  /** Which long job runs: an import or a new analysis; each shows its progress where it was started. */
  const [jobKind, setJobKind] = useState<'import' | 'analyse' | null>(null);
  const [analysed, setAnalysed] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => onProgress((p) => p.jobId === jobRef.current && setProgress(p)), []);

  const choose = async (f: File | undefined) => {
    setError(null);
    setResult(null);
    if (!f) return;
    try {
      const picked = { name: f.name, base64: bytesToBase64(await f.arrayBuffer()) };
      const p = await api('activity.preview', { file: picked });
      setFile(picked);
      setPreview(p);
      const byHeader: Record<string, ActivityField | ''> = Object.fromEntries(p.headers.map((h) => [h, '']));
      for (const [field, header] of Object.entries(p.mapping)) if (header) byHeader[header] = field as ActivityField;
      setMapping(byHeader);
    } catch (e) {
      setError(toError(e));
    }
  };

  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = REQUIRED_FIELDS.filter((f) => !mapped.has(f));

  const runImport = async () => {
    if (!file) return;
    const jobId = newJobId();
    jobRef.current = jobId;
    setJobKind('import');
    setError(null);
    try {
      const explicit = Object.fromEntries(Object.entries(mapping).filter(([, f]) => f)) as Record<string, ActivityField>;
      const r = await api('activity.import', {
        number, file, mapping: explicit, jobId,
        ...(zone.trim() && { zone: zone.trim() }),
        ...(subject && { subject }),
      });
      setResult(r);
      setFile(null);
      setPreview(null);
      if (input.current) input.current.value = '';
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(toError(e));
    } finally {
      jobRef.current = null;
      setJobKind(null);
      setProgress(null);
    }
  };

  /** Runs the detectors again over every stored event, e.g. after thresholds or range lists changed. */
  const analyseAgain = async () => {
    const jobId = newJobId();
    jobRef.current = jobId;
    setJobKind('analyse');
    setError(null);
    setAnalysed(null);
    try {
      const r = await api('activity.analyse', { number, jobId });
      setAnalysed(r.length);
      setRefresh((n) => n + 1);
      onChanged();
    } catch (e) {
      setError(toError(e));
    } finally {
      jobRef.current = null;
      setJobKind(null);
      setProgress(null);
    }
  };

  const decide = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setRefresh((n) => n + 1);
      onChanged();
    } catch (e) {
      setError(toError(e));
    }
  };

  const list = findings.data ?? [];
  return (
    <div className="activity-tab">
      <ErrorNotice error={error ?? findings.error} onClose={() => setError(null)} />
      {!readOnly && (
        <section className="card" aria-label="Import login records">
          <h2>Import login records</h2>
          <p className="muted">
            A CSV with a header row: timestamp (ISO-8601 with Z or an offset, or epoch seconds), account, ip, and optionally country, event, session_id, user_agent. The file becomes an exhibit.
          </p>
          <label className="field">
            <span>Login records (CSV)</span>
            <input ref={input} type="file" accept=".csv,.txt,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
          </label>
          {preview && (
            <div className="mapping">
              <h3>Columns</h3>
              <table className="table" aria-label="Column mapping">
                <thead>
                  <tr>
                    <th>Column in the file</th>
                    <th>First value</th>
                    <th>Use as</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.headers.map((h, i) => (
                    <tr key={h}>
                      <td>{h}</td>
                      <td className="mono small">{preview.sample[0]?.[i] ?? ''}</td>
                      <td>
                        <select aria-label={`Use column ${h} as`} value={mapping[h] ?? ''} onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value as ActivityField | '' }))}>
                          <option value="">(ignore)</option>
                          {ACTIVITY_FIELDS.map((f) => (
                            <option key={f} value={f}>
                              {f}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {missing.length > 0 && <Notice kind="warning">Map a column to {missing.join(', ')} before importing.</Notice>}
              <div className="field-row">
                <label className="field">
                  <span>Claimed time zone (IANA)</span>
                  <input value={zone} placeholder="e.g. America/Chicago" onChange={(e) => setZone(e.target.value)} />
                </label>
                <label className="field">
                  <span>or the subject’s zone</span>
                  <select value={subject} onChange={(e) => setSubject(e.target.value)}>
                    <option value="">(none)</option>
                    {(subjects.data ?? []).map((s) => (
                      <option key={s.id} value={String(s.id)}>
                        {s.name}
                        {s.timezone ? ` (${s.timezone})` : ''}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <button type="button" className="button primary" disabled={missing.length > 0 || jobKind !== null} onClick={() => void runImport()}>
                Import {file?.name}
              </button>
            </div>
          )}
          {jobKind === 'import' && <ProgressBar progress={progress} onCancel={() => jobRef.current && void api('jobs.cancel', { jobId: jobRef.current })} />}
          {result && (
            <Notice kind="success" onClose={() => setResult(null)}>
              {result.duplicate
                ? `This file was imported before (${result.exhibit ?? 'no exhibit'}); nothing was added.`
                : `Imported ${result.events} events for ${result.accounts} account${result.accounts === 1 ? '' : 's'} as ${result.exhibit}; ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`}
              {result.skippedCount > 0 && ` Skipped ${result.skippedCount} bad row${result.skippedCount === 1 ? '' : 's'}: ${result.skipped.slice(0, 5).map((s) => `line ${s.line} (${s.message})`).join('; ')}.`}
            </Notice>
          )}
        </section>
      )}

      <h2>Findings</h2>
      {!readOnly && (imports.data ?? []).length > 0 && (
        <div className="field-row">
          <button type="button" className="button" disabled={jobKind !== null} onClick={() => void analyseAgain()}>
            Analyse again
          </button>
          <span className="muted">Runs the detectors over every stored event with the current thresholds and range lists.</span>
        </div>
      )}
      {jobKind === 'analyse' && <ProgressBar progress={progress ?? { jobId: '', phase: 'analysing', done: 0, total: null }} onCancel={() => jobRef.current && void api('jobs.cancel', { jobId: jobRef.current })} />}
      {analysed !== null && (
        <Notice kind="success" onClose={() => setAnalysed(null)}>
          Analysed again: {analysed} finding{analysed === 1 ? '' : 's'}. Accepted and dismissed findings keep their decisions.
        </Notice>
      )}
      {list.length === 0 ? (
        <p className="muted">
          No findings. Import login records to run the detectors (NA-01 to NA-04, WP-01); their thresholds, the GeoIP database and the IP range lists are on the <a href="#/settings">Settings</a> page.
        </p>
      ) : (
        <table className="table findings" aria-label="Findings">
          <thead>
            <tr>
              <th>Indicator</th>
              <th>Finding</th>
              <th>Account</th>
              <th>IPs</th>
              <th>Countries</th>
              <th>Window</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <FindingRow
                key={f.id}
                f={f}
                readOnly={readOnly}
                onAccept={() => void decide(() => api('activity.accept', { number, finding: f.id }))}
                onDismiss={(reason) => void decide(() => api('activity.dismiss', { number, finding: f.id, reason }))}
              />
            ))}
          </tbody>
        </table>
      )}

      <h2>Activity hours</h2>
      {heatmap.data && heatmap.data.total > 0 ? (
        <>
          <label className="inline-field">
            <span>Account</span>
            <select value={account} onChange={(e) => setAccount(e.target.value)}>
              <option value="">All accounts</option>
              {heatmap.data.accounts.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <ActivityHeatmap cells={heatmap.data.cells} zone={heatmap.data.zone} />
        </>
      ) : (
        <p className="muted">No login records yet.</p>
      )}

      {(imports.data ?? []).length > 0 && (
        <>
          <h2>Imports</h2>
          <table className="table" aria-label="Imports">
            <thead>
              <tr>
                <th>File</th>
                <th>Exhibit</th>
                <th>Events</th>
                <th>Skipped</th>
                <th>Zone</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {imports.data!.map((i) => (
                <tr key={i.id}>
                  <td>{i.fileName}</td>
                  <td className="mono">{i.exhibit}</td>
                  <td>{i.events}</td>
                  <td>{i.skipped}</td>
                  <td>{i.zone ?? '—'}</td>
                  <td>
                    {i.importedBy}
                    <div className="muted">{formatTime(i.importedAt)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
