import { useState, type FormEvent } from 'react';
import { PAPERS, REPORT_KINDS, type ExportResult, type Paper, type ReportKind } from '../../../../shared/contract/reports.ts';
import { api, ApiError, newJobId, toApiError as toError } from '../../api.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';

const KIND_LABELS: Record<ReportKind, string> = {
  summary: 'Case summary (officer)',
  legal: 'Legal memorandum (counsel)',
  vsd: 'Voluntary self-disclosure draft (counsel)',
  blocked: 'Blocked or rejected transaction report (counsel)',
  ic3: 'IC3 complaint worksheet (officer)',
};
const PAPER_LABELS: Record<Paper, string> = { a4: 'A4', letter: 'US Letter' };

/** Quotes one argument for a POSIX shell when it needs it. */
const shellArg = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function ReportTab({ record }: CaseTabProps) {
  const number = record.number;
  const [kind, setKind] = useState<ReportKind>('summary');
  const [paper, setPaper] = useState<Paper>('a4');
  const [out, setOut] = useState('');
  const [refresh, setRefresh] = useState(0);
  const rendered = useApi('reports.render', { number, kind, paper }, refresh);
  const exports = useApi('reports.exports', { number }, refresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<ExportResult | null>(null);

  const file = out.trim() || `${number}-${kind}.pdf`;
  const cli = `npx casebook report ${number} --kind ${kind} --paper ${paper} --out ${shellArg(file)}`;

  const exportPdf = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await api('reports.export', { number, kind, paper, out: file, jobId: newJobId() }));
      setRefresh((r) => r + 1);
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-tab">
      <form className="form report-controls" onSubmit={(e) => void exportPdf(e)} aria-label="Report options">
        <div className="field-row">
          <div className="field">
            <label htmlFor="report-kind">Report</label>
            <select id="report-kind" value={kind} onChange={(e) => setKind(e.target.value as ReportKind)}>
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="report-paper">Paper</label>
            <select id="report-paper" value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
              {PAPERS.map((p) => (
                <option key={p} value={p}>
                  {PAPER_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <PathField id="report-out" label="Save PDF to" mode="save" value={out} onChange={setOut} placeholder={`${number}-${kind}.pdf`} defaultName={`${number}-${kind}.pdf`} filters={[{ name: 'PDF', extensions: ['pdf'] }]} />
        </div>
        <div className="report-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Exporting…' : 'Export PDF'}
          </button>
          <button type="button" className="button" onClick={() => setRefresh((r) => r + 1)} disabled={rendered.loading}>
            Refresh preview
          </button>
        </div>
        <p className="muted">
          Export prints the same HTML as the preview with Chromium, saves the PDF (a bare file name goes to the exports folder beside the database) and records its SHA-256 in the case's custody trail. From a terminal:{' '}
          <code className="mono" data-testid="report-cli">
            {cli}
          </code>
        </p>
      </form>

      <ErrorNotice error={rendered.error} />
      <ErrorNotice error={error} onClose={() => setError(null)} />
      {saved && (
        <div className="notice notice-success report-saved" role="status">
          <div className="notice-body">
            Saved <span className="mono">{saved.file}</span> ({saved.bytes.toLocaleString()} bytes{saved.pages !== null && `, ${saved.pages} pages`})
            <div>
              SHA-256 <span className="mono sha">{saved.sha256}</span>
            </div>
          </div>
        </div>
      )}

      {rendered.data && (
        <iframe className={`report-preview paper-${paper}`} title={`${rendered.data.title} — preview`} sandbox="" srcDoc={rendered.data.html} />
      )}
      {!rendered.data && rendered.loading && <p className="muted">Rendering…</p>}

      {exports.data && exports.data.length > 0 && (
        <section aria-labelledby="exports-heading">
          <h2 id="exports-heading">Exported reports</h2>
          <table className="table" aria-label="Exported reports">
            <thead>
              <tr>
                <th>When</th>
                <th>Report</th>
                <th>Paper</th>
                <th>By</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {exports.data.map((x) => (
                <tr key={x.id}>
                  <td>{formatTime(x.exportedAt)}</td>
                  <td>{KIND_LABELS[x.kind]}</td>
                  <td>{PAPER_LABELS[x.paper]}</td>
                  <td>{x.exportedBy}</td>
                  <td className="mono sha">{x.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
