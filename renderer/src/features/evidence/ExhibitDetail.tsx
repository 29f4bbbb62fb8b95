import { useEffect, useMemo } from 'react';
import type { ExhibitPreview } from '../../../../shared/evidence.ts';
import type { AuditEvent } from '../../../../shared/audit.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatTime } from '../../format.ts';

export type ExhibitDetailView = { exhibit: string; show: 'custody' | 'preview'; custody?: AuditEvent[]; preview?: ExhibitPreview };

function Preview({ preview, onExport }: { preview: ExhibitPreview; onExport?: (() => void) | undefined }) {
  const pdfUrl = useMemo(() => {
    if (preview.preview !== 'pdf' || !preview.base64) return null;
    const bin = atob(preview.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }, [preview]);
  useEffect(() => () => void (pdfUrl && URL.revokeObjectURL(pdfUrl)), [pdfUrl]);
  const title = `${preview.exhibit.number} ${preview.exhibit.title}`;
  if (preview.preview === 'image' && preview.base64) return <img className="exhibit-image" alt={title} src={`data:${preview.mime};base64,${preview.base64}`} />;
  if (preview.preview === 'pdf' && pdfUrl) return <iframe className="exhibit-pdf" title={title} src={pdfUrl} />;
  if (preview.preview === 'text' && preview.text !== null) return <pre className="exhibit-text">{preview.text}</pre>;
  return (
    <div className="no-preview">
      <p className="muted">{preview.reason ?? `${preview.mime} files are not shown in the app.`}</p>
      {onExport && (
        <button type="button" className="button" onClick={onExport}>
          Export {preview.exhibit.number}…
        </button>
      )}
    </div>
  );
}

const custodyColumns = columns<AuditEvent>([
  { id: 'when', header: 'When', cell: (e) => formatTime(e.at) },
  { id: 'who', header: 'Who', cell: (e) => e.actor },
  { id: 'action', header: 'Action', cell: (e) => e.action },
  { id: 'hash', header: 'Hash', className: 'mono', cell: (e) => <span title={e.hash}>{e.hash.slice(0, 12)}…</span> },
]);

/** The custody log or the preview of one exhibit, below the table. */
export function ExhibitDetail({ view, onClose, onExport }: { view: ExhibitDetailView; onClose: () => void; onExport?: () => void }) {
  const what = view.show === 'custody' ? 'Custody log' : 'Preview';
  return (
    <section className="exhibit-detail" aria-label={`${what} of ${view.exhibit}`}>
      <div className="evidence-toolbar">
        <h3>
          {what} of {view.exhibit}
        </h3>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {view.custody && <DataTable label="Custody log" rows={view.custody} cols={custodyColumns} rowKey={(e) => String(e.seq)} empty={<p className="muted">No custody events.</p>} />}
      {view.preview && <Preview preview={view.preview} onExport={onExport} />}
    </section>
  );
}
