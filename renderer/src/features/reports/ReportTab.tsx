import { useState, type FormEvent } from 'react';
import { PAPERS, REPORT_KINDS, type ExportRecord, type ExportResult, type Paper, type ReportKind } from '../../../../shared/contract/reports.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJob } from '../../components/useJob.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';

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

const exportColumns = columns<ExportRecord>([
  { id: 'when', header: 'When', cell: (x) => formatTime(x.exportedAt) },
  { id: 'kind', header: 'Report', cell: (x) => KIND_LABELS[x.kind] },
  { id: 'paper', header: 'Paper', cell: (x) => PAPER_LABELS[x.paper] },
  { id: 'by', header: 'By', cell: (x) => x.exportedBy },
  { id: 'sha', header: 'SHA-256', className: 'mono sha', cell: (x) => x.sha256 },
]);

export function ReportTab({ record }: CaseTabProps) {
  const number = record.number;
  const [kind, setKind] = useState<ReportKind>('summary');
  const [paper, setPaper] = useState<Paper>('a4');
  const [out, setOut] = useState('');
  const [refresh, setRefresh] = useState(0);
  const rendered = useApi('reports.render', { number, kind, paper }, refresh);
  const exports = useApi('reports.exports', { number }, refresh);
  const job = useJob<ExportResult>('printing');
  const busy = job.running;
  const saved = job.result;

  const file = out.trim() || `${number}-${kind}.pdf`;
  const cli = `npx casebook report ${number} --kind ${kind} --paper ${paper} --out ${shellArg(file)}`;

  const exportPdf = async (e: FormEvent) => {
    e.preventDefault();
    if (await job.start((jobId) => api('reports.export', { number, kind, paper, out: file, jobId }))) setRefresh((r) => r + 1);
  };

  return (
    <div className="report-tab">
      <form className="form report-controls" onSubmit={(e) => void exportPdf(e)} aria-label="Report options">
        <div className="field-row">
          <Field label="Report">
            <select value={kind} onChange={(e) => setKind(e.target.value as ReportKind)}>
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Paper">
            <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
              {PAPERS.map((p) => (
                <option key={p} value={p}>
                  {PAPER_LABELS[p]}
                </option>
              ))}
            </select>
          </Field>
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
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      <ErrorNotice error={job.error} onClose={() => job.setError(null)} />
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
          <DataTable label="Exported reports" rows={exports.data} cols={exportColumns} rowKey={(x) => String(x.id)} />
        </section>
      )}
    </div>
  );
}
