import { useEffect, useState, type FormEvent } from 'react';
import { batchToCsv } from '../../../../shared/sanctions/csv.ts';
import type { BatchResult, BatchRow, CaseHit, ImportResult, ListVersion, RescreenResult, ScreenResult } from '../../../../shared/sanctions/types.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useJob } from '../../components/useJob.ts';
import { PathField } from '../../components/PathField.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { HitsTable } from './HitsTable.tsx';


const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function ImportForm({ onImported, onRescreen }: { onImported: () => void; onRescreen: (version: number) => void }) {
  const [files, setFiles] = useState({ sdn: '', alt: '', add: '', published: '' });
  const job = useJob<ImportResult>();
  const done = job.result;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await job.start((jobId) =>
      api('sanctions.import', {
        sdn: files.sdn,
        ...(files.alt && { alt: files.alt }),
        ...(files.add && { add: files.add }),
        ...(files.published && { published: files.published }),
        jobId,
      }),
    );
    if (r) onImported();
  };
  const field = (key: keyof typeof files, label: string, placeholder: string) => (
    <Field label={label}>
      <input value={files[key]} placeholder={placeholder} onChange={(e) => setFiles({ ...files, [key]: e.target.value })} />
    </Field>
  );
  const pathField = (key: 'sdn' | 'alt' | 'add', label: string, placeholder: string) => (
    <PathField id={`ofac-${key}`} label={label} mode="open" value={files[key]} placeholder={placeholder} onChange={(p) => setFiles({ ...files, [key]: p })} filters={[{ name: 'OFAC CSV', extensions: ['csv'] }]} />
  );
  return (
    <form className="form" aria-label="Import list" onSubmit={submit}>
      <div className="field-row">
        {pathField('sdn', 'sdn.csv (path)', '/path/to/sdn.csv')}
        {pathField('alt', 'alt.csv (optional)', '/path/to/alt.csv')}
        {pathField('add', 'add.csv (optional)', '/path/to/add.csv')}
        {field('published', 'Published (YYYY-MM-DD)', 'date on OFAC’s site')}
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={!files.sdn || job.running}>
          Import list version
        </button>
      </div>
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      <ErrorNotice error={job.error} />
      {done && (
        <Notice kind="success">
          Imported list version {done.version} (published {done.published}): {done.entries.toLocaleString()} entries, {done.aliases.toLocaleString()} aliases,{' '}
          {done.addresses.toLocaleString()} addresses, {done.identifiers.toLocaleString()} identifiers.
          {done.orphans.alt + done.orphans.add > 0 && (
            <p data-testid="orphans">
              {plural(done.orphans.alt, 'alias', 'aliases')} (alt.csv) and {plural(done.orphans.add, 'address', 'addresses')} (add.csv) belong to entries that are not in this sdn.csv, so
              they were left out. That is normal when the files were downloaded at different times (OFAC publishes them separately, and alt.csv is often newer); download all
              three together to include them.
            </p>
          )}
          <div className="actions">
            <button type="button" className="button primary" onClick={() => onRescreen(done.version)}>
              Re-screen open cases against version {done.version}
            </button>
          </div>
        </Notice>
      )}
    </form>
  );
}

const versionColumns = columns<ListVersion & { id: number }>([
  { id: 'version', header: 'Version', cell: (v) => v.id },
  {
    id: 'published',
    header: 'Published',
    cell: (v) => (
      <>
        {v.list === 'CONS' && <span className="muted">Consolidated list, </span>}
        {v.published}
        {v.publishedSource === 'file-date' && <span className="muted"> (file date)</span>}
      </>
    ),
  },
  {
    id: 'imported',
    header: 'Imported',
    cell: (v) => (
      <>
        {formatTime(v.importedAt)} <span className="muted">by {v.importedBy}</span>
      </>
    ),
  },
  { id: 'entries', header: 'Entries', cell: (v) => v.entries.toLocaleString() },
  { id: 'aliases', header: 'Aliases', cell: (v) => v.aliases.toLocaleString() },
  { id: 'identifiers', header: 'Identifiers', cell: (v) => v.identifiers.toLocaleString() },
  { id: 'orphans', header: 'Orphans (alt / add)', cell: (v) => `${v.orphans.alt} / ${v.orphans.add}` },
  { id: 'sha', header: 'sdn.csv SHA-256', className: 'mono', cell: (v) => <span title={v.files.sdn}>{v.files.sdn.slice(0, 16)}…</span> },
]);

function Versions({ refresh }: { refresh: number }) {
  const versions = useApi('sanctions.versions', {}, refresh);
  if (versions.error) return <ErrorNotice error={versions.error} />;
  if (!versions.data) return <p className="muted">Loading…</p>;
  if (versions.data.length === 0) return <p className="muted">No list imported yet. Download sdn.csv, alt.csv and add.csv from OFAC’s Sanctions List Service and import them.</p>;
  return <DataTable label="List versions" rows={versions.data} cols={versionColumns} rowKey={(v) => String(v.id)} />;
}

function ScreenForm() {
  const [mode, setMode] = useState<'name' | 'identifier'>('name');
  const [value, setValue] = useState('');
  const screen = useJob<ScreenResult>();
  const result = screen.result;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void screen.start(() => (mode === 'name' ? api('sanctions.screenName', { name: value }) : api('sanctions.screenIdentifier', { value })));
  };
  return (
    <form className="form" aria-label="Screen a name or identifier" onSubmit={submit}>
      <div className="field-row">
        <Field label="Screen by">
          <select value={mode} onChange={(e) => setMode(e.target.value as 'name' | 'identifier')}>
            <option value="name">Name</option>
            <option value="identifier">Identifier (wallet, passport, registration…)</option>
          </select>
        </Field>
        <Field label={mode === 'name' ? 'Name' : 'Identifier'}>
          <input value={value} onChange={(e) => setValue(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={!value.trim() || screen.running}>
          Screen
        </button>
      </div>
      <ErrorNotice error={screen.error} />
      {result && (
        <>
          <p className="muted">
            {result.versions.map((v) => `${v.list === 'CONS' ? 'Consolidated list' : 'SDN list'} version ${v.id} (published ${v.published})`).join(' and ')}
            {mode === 'name' && `, threshold ${result.threshold}`}.
          </p>
          <HitsTable hits={result.hits} label="Screening hits" />
        </>
      )}
    </form>
  );
}

const batchColumns = columns<BatchRow>([
  { id: 'row', header: 'Row', cell: (r) => r.row },
  { id: 'ref', header: 'Ref', cell: (r) => r.ref },
  { id: 'name', header: 'Name', cell: (r) => r.name },
  {
    id: 'best',
    header: 'Best hit',
    cell: (r) => (
      <>
        {r.hits[0]!.name} <span className="muted">({r.hits[0]!.ent_num})</span>
        {r.hits.length > 1 && <span className="muted"> +{r.hits.length - 1} more</span>}
      </>
    ),
  },
  { id: 'score', header: 'Score', className: 'mono', cell: (r) => r.hits[0]!.score.toFixed(3) },
  { id: 'why', header: 'Why', cell: (r) => r.hits[0]!.why },
]);

function BatchForm() {
  const [file, setFile] = useState('');
  const [out, setOut] = useState('');
  const batch = useJob<BatchResult>();
  const result = batch.result;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void batch.start(() => api('sanctions.screenFile', { file, ...(out && { out }) }));
  };
  const download = () => {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([batchToCsv(result.results, result.versions, result.threshold)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'sanctions-screening.csv';
    a.click();
    URL.revokeObjectURL(url);
  };
  const rows = result?.results.filter((r) => r.hits.length > 0) ?? [];
  return (
    <form className="form" aria-label="Batch screening" onSubmit={submit}>
      <p className="muted">A CSV with a header row: a “name” column, optionally “ref”, “type” and identifier columns (wallet, passport, document…).</p>
      <div className="field-row">
        <PathField id="batch-file" label="CSV file (path)" mode="open" value={file} onChange={setFile} placeholder="/path/to/applicants.csv" filters={[{ name: 'CSV', extensions: ['csv'] }]} />
        <PathField id="batch-out" label="Save results to (optional path)" mode="save" value={out} onChange={setOut} placeholder="/path/to/results.csv" defaultName="sanctions-screening.csv" filters={[{ name: 'CSV', extensions: ['csv'] }]} />
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={!file || batch.running}>
          Screen file
        </button>
        {result && (
          <button type="button" className="button" onClick={download}>
            Export CSV
          </button>
        )}
      </div>
      <ErrorNotice error={batch.error} />
      {result && (
        <>
          <p>
            {result.rows.toLocaleString()} rows screened against list version {result.version.id}; {result.rowsWithHits.toLocaleString()} with a possible match.
          </p>
          {rows.length > 0 && <DataTable label="Batch results" rows={rows.slice(0, 500)} cols={batchColumns} rowKey={(r) => String(r.row)} />}
        </>
      )}
    </form>
  );
}

type RescreenedCase = RescreenResult['cases'][number] & { fresh: CaseHit[] };

const rescreenColumns = columns<RescreenedCase>([
  { id: 'case', header: 'Case', cell: (c) => <a href={`#/case/${c.caseNumber}/sanctions`}>{c.caseNumber}</a> },
  { id: 'hits', header: 'Hits', cell: (c) => c.hits },
  { id: 'new', header: 'New', cell: (c) => (c.newHits > 0 ? <strong className="badge badge-overdue">{c.newHits} new</strong> : <span className="muted">none</span>) },
  {
    id: 'what',
    header: 'What is new',
    cell: (c) =>
      c.fresh.length === 0 ? (
        <span className="muted">nothing new</span>
      ) : (
        <ul>
          {c.fresh.map((h) => (
            <li key={h.id}>
              “{h.query}” → {h.name} <span className="muted">(ent_num {h.ent_num})</span>, score <span className="mono">{h.score.toFixed(3)}</span>: {h.why}
            </li>
          ))}
        </ul>
      ),
  },
]);

/**
 * Screens every open case again against a list version (the latest unless one is asked for) and
 * shows, per case, the hits that no earlier screening of that case had.
 */
function RescreenPanel({ request }: { request: { version: number; n: number } | null }) {
  const job = useJob<{ version: RescreenResult['version']; cases: RescreenedCase[] }>();
  const result = job.result;

  const run = (version?: number) =>
    job.start(async (jobId) => {
      const r = await api('sanctions.rescreenOpenCases', { ...(version !== undefined && { version }), jobId });
      const cases = await Promise.all(
        r.cases.map(async (c): Promise<RescreenedCase> => {
          if (c.newHits === 0) return { ...c, fresh: [] };
          const screening = (await api('sanctions.caseScreenings', { number: c.caseNumber })).find((x) => x.id === c.screening);
          return { ...c, fresh: screening?.hits.filter((h) => h.isNew) ?? [] };
        }),
      );
      return { version: r.version, cases };
    });
  useEffect(() => {
    if (request) void run(request.version);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one run per request from the import form (a new object per click)
  }, [request]);

  const withNew = result?.cases.filter((c) => c.newHits > 0) ?? [];
  return (
    <div className="form" role="region" aria-label="Re-screen open cases">
      <p className="muted">
        After importing a new list version, screen every case that is not closed or locked again: each case gets a new screening exhibit, earlier decisions on the same hit are kept, and hits
        no earlier screening had are marked new.
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={job.running} onClick={() => void run()}>
          Re-screen open cases
        </button>
      </div>
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      <ErrorNotice error={job.error} />
      {result && (
        <>
          <Notice kind={withNew.length > 0 ? 'warning' : 'success'}>
            {result.cases.length} open case(s) re-screened against list version {result.version.id} (published {result.version.published});{' '}
            {withNew.length === 0 ? 'no new hits.' : `${withNew.length} with new hits to review.`}
          </Notice>
          {result.cases.length > 0 && (
            <DataTable label="Re-screening results" rows={result.cases} cols={rescreenColumns} rowKey={(c) => c.caseNumber} rowTestId="rescreen-case" rowClassName={(c) => (c.newHits > 0 ? 'rescreen-new' : undefined)} />
          )}
        </>
      )}
    </div>
  );
}

/** The Sanctions page: list versions, re-screening, one-off screening and batch files. */
export function SanctionsPage() {
  const [refresh, setRefresh] = useState(0);
  const [rescreen, setRescreen] = useState<{ version: number; n: number } | null>(null);
  const settings = useApi('sanctions.settings', {});
  return (
    <div className="page sanctions-page">
      <h1>Sanctions screening</h1>
      <p className="muted">
        OFAC SDN list, offline. Possible-match threshold: {settings.data ? settings.data.threshold : '…'}. A hit is a lead to check against the listing’s DOB, nationality and documents, not a
        determination.
      </p>
      <section aria-labelledby="sanctions-import">
        <h2 id="sanctions-import">Import a list version</h2>
        <ImportForm onImported={() => setRefresh((n) => n + 1)} onRescreen={(version) => setRescreen((r) => ({ version, n: (r?.n ?? 0) + 1 }))} />
      </section>
      <section aria-labelledby="sanctions-versions">
        <h2 id="sanctions-versions">List versions</h2>
        <Versions refresh={refresh} />
      </section>
      <section aria-labelledby="sanctions-rescreen">
        <h2 id="sanctions-rescreen">Re-screen open cases</h2>
        <RescreenPanel request={rescreen} />
      </section>
      <section aria-labelledby="sanctions-screen">
        <h2 id="sanctions-screen">Screen a name or identifier</h2>
        <ScreenForm />
      </section>
      <section aria-labelledby="sanctions-batch">
        <h2 id="sanctions-batch">Screen a file</h2>
        <BatchForm />
      </section>
    </div>
  );
}
