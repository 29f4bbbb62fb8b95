import { useRef, useState } from 'react';
import { ACTIVITY_FIELDS, REQUIRED_FIELDS, type ActivityField } from '../../../../shared/activity/fields.ts';
import type { ImportPreview, ImportResult } from '../../../../shared/activity/types.ts';
import type { SubjectRecord } from '../../../../shared/subjects.ts';
import { api } from '../../api.ts';
import { bytesToBase64 } from '../../files.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJob } from '../../components/useJob.ts';

type Mapping = Record<string, ActivityField | ''>;

function MappingTable({ preview, mapping, onChange }: { preview: ImportPreview; mapping: Mapping; onChange: (header: string, field: ActivityField | '') => void }) {
  const cols = columns<{ header: string; index: number }>([
    { id: 'header', header: 'Column in the file', cell: (r) => r.header },
    { id: 'first', header: 'First value', className: 'mono small', cell: (r) => preview.sample[0]?.[r.index] ?? '' },
    {
      id: 'use',
      header: 'Use as',
      cell: (r) => (
        <select aria-label={`Use column ${r.header} as`} value={mapping[r.header] ?? ''} onChange={(e) => onChange(r.header, e.target.value as ActivityField | '')}>
          <option value="">(ignore)</option>
          {ACTIVITY_FIELDS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      ),
    },
  ]);
  return <DataTable label="Column mapping" rows={preview.headers.map((header, index) => ({ header, index }))} cols={cols} rowKey={(r) => r.header} />;
}

function ImportedNotice({ result, onClose }: { result: ImportResult; onClose: () => void }) {
  return (
    <Notice kind="success" onClose={onClose}>
      {result.duplicate
        ? `This file was imported before (${result.exhibit ?? 'no exhibit'}); nothing was added.`
        : `Imported ${result.events} events for ${result.accounts} account${result.accounts === 1 ? '' : 's'} as ${result.exhibit}; ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`}
      {result.skippedCount > 0 && ` Skipped ${result.skippedCount} bad row${result.skippedCount === 1 ? '' : 's'}: ${result.skipped.slice(0, 5).map((s) => `line ${s.line} (${s.message})`).join('; ')}.`}
    </Notice>
  );
}

/** Login-record CSV import: preview, column mapping, claimed zone, then the import job. */
export function ActivityImport({ number, subjects, busy, onImported }: { number: string; subjects: SubjectRecord[]; busy: boolean; onImported: () => void }) {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [zone, setZone] = useState('');
  const [subject, setSubject] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const reading = useJob<ImportPreview>();
  const job = useJob<ImportResult>();

  const choose = async (f: File | undefined) => {
    job.setResult(null);
    reading.setError(null);
    if (!f) return;
    const picked = { name: f.name, base64: bytesToBase64(await f.arrayBuffer()) };
    const p = await reading.start(() => api('activity.preview', { file: picked }));
    if (!p) return;
    setFile(picked);
    setPreview(p);
    const byHeader: Mapping = Object.fromEntries(p.headers.map((h) => [h, '']));
    for (const [field, header] of Object.entries(p.mapping)) if (header) byHeader[header] = field as ActivityField;
    setMapping(byHeader);
  };

  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = REQUIRED_FIELDS.filter((f) => !mapped.has(f));

  const runImport = async () => {
    if (!file) return;
    const explicit = Object.fromEntries(Object.entries(mapping).filter(([, f]) => f)) as Record<string, ActivityField>;
    const r = await job.start((jobId) => api('activity.import', { number, file, mapping: explicit, jobId, ...(zone.trim() && { zone: zone.trim() }), ...(subject && { subject }) }));
    if (!r) return;
    setFile(null);
    setPreview(null);
    if (input.current) input.current.value = '';
    onImported();
  };

  return (
    <section className="card" aria-label="Import login records">
      <h2>Import login records</h2>
      <p className="muted">
        A CSV with a header row: timestamp (ISO-8601 with Z or an offset, or epoch seconds), account, ip, and optionally country, event, session_id, user_agent, port. The file becomes an exhibit.
      </p>
      <ErrorNotice error={reading.error ?? job.error} onClose={() => (reading.setError(null), job.setError(null))} />
      <Field label="Login records (CSV)">
        <input ref={input} type="file" accept=".csv,.txt,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </Field>
      {preview && (
        <div className="mapping">
          <h3>Columns</h3>
          <MappingTable preview={preview} mapping={mapping} onChange={(h, f) => setMapping((m) => ({ ...m, [h]: f }))} />
          {missing.length > 0 && <Notice kind="warning">Map a column to {missing.join(', ')} before importing.</Notice>}
          <div className="field-row">
            <Field label="Claimed time zone (IANA)">
              <input value={zone} placeholder="e.g. America/Chicago" onChange={(e) => setZone(e.target.value)} />
            </Field>
            <Field label="or the subject’s zone">
              <select value={subject} onChange={(e) => setSubject(e.target.value)}>
                <option value="">(the case’s worker, if there is one)</option>
                {subjects.map((s) => (
                  <option key={s.id} value={String(s.id)}>
                    {s.name}
                    {s.timezone ? ` (${s.timezone})` : ''}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <button type="button" className="button primary" disabled={missing.length > 0 || job.running || busy} onClick={() => void runImport()}>
            Import {file?.name}
          </button>
        </div>
      )}
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      {job.result && <ImportedNotice result={job.result} onClose={() => job.setResult(null)} />}
    </section>
  );
}
