import { useEffect, useState, type FormEvent } from 'react';
import type { Progress } from '../../../../shared/contract/index.ts';
import { batchToCsv } from '../../../../shared/sanctions/csv.ts';
import type { BatchResult, CaseHit, ImportResult, RescreenResult, ScreenResult } from '../../../../shared/sanctions/types.ts';
import { api, ApiError, newJobId, onProgress, toApiError as toError } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { PathField } from '../../components/PathField.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { HitsTable } from './HitsTable.tsx';


function ImportForm({ onImported, onRescreen }: { onImported: () => void; onRescreen: (version: number) => void }) {
  const [files, setFiles] = useState({ sdn: '', alt: '', add: '', published: '' });
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  useEffect(() => (job ? onProgress((p) => p.jobId === job && setProgress(p)) : undefined), [job]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const jobId = newJobId();
    setJob(jobId);
    setError(null);
    setDone(null);
    try {
      const r = await api('sanctions.import', {
        sdn: files.sdn,
        ...(files.alt && { alt: files.alt }),
        ...(files.add && { add: files.add }),
        ...(files.published && { published: files.published }),
        jobId,
      });
      setDone(r);
      onImported();
    } catch (err) {
      setError(toError(err));
    } finally {
      setJob(null);
      setProgress(null);
    }
  };
  const field = (key: keyof typeof files, label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={files[key]} placeholder={placeholder} onChange={(e) => setFiles({ ...files, [key]: e.target.value })} />
    </label>
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
        <button type="submit" className="button primary" disabled={!files.sdn || job !== null}>
          Import list version
        </button>
      </div>
      {job && <ProgressBar progress={progress ?? { jobId: job, phase: 'starting', done: 0, total: null }} onCancel={() => void api('jobs.cancel', { jobId: job })} />}
      <ErrorNotice error={error} />
      {done && (
        <Notice kind="success">
          Imported list version {done.version} (published {done.published}): {done.entries.toLocaleString()} entries, {done.aliases.toLocaleString()} aliases,{' '}
          {done.addresses.toLocaleString()} addresses, {done.identifiers.toLocaleString()} identifiers.
          {done.orphans.alt + done.orphans.add > 0 && ` ${done.orphans.alt} alias(es) and ${done.orphans.add} address(es) name entries absent from sdn.csv and were not imported.`}
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

function Versions({ refresh }: { refresh: number }) {
  const versions = useApi('sanctions.versions', {}, refresh);
  if (versions.error) return <ErrorNotice error={versions.error} />;
  if (!versions.data) return <p className="muted">Loading…</p>;
  if (versions.data.length === 0) return <p className="muted">No list imported yet. Download sdn.csv, alt.csv and add.csv from OFAC’s Sanctions List Service and import them.</p>;
  return (
    <table className="table" aria-label="List versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Published</th>
          <th>Imported</th>
          <th>Entries</th>
          <th>Aliases</th>
          <th>Identifiers</th>
          <th>Orphans (alt / add)</th>
          <th>sdn.csv SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {versions.data.map((v) => (
          <tr key={v.id}>
            <td>{v.id}</td>
            <td>
              {v.published}
              {v.publishedSource === 'file-date' && <span className="muted"> (file date)</span>}
            </td>
            <td>
              {formatTime(v.importedAt)} <span className="muted">by {v.importedBy}</span>
            </td>
            <td>{v.entries.toLocaleString()}</td>
            <td>{v.aliases.toLocaleString()}</td>
            <td>{v.identifiers.toLocaleString()}</td>
            <td>
              {v.orphans.alt} / {v.orphans.add}
            </td>
            <td className="mono" title={v.files.sdn}>
              {v.files.sdn.slice(0, 16)}…
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScreenForm() {
  const [mode, setMode] = useState<'name' | 'identifier'>('name');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<ScreenResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(mode === 'name' ? await api('sanctions.screenName', { name: value }) : await api('sanctions.screenIdentifier', { value }));
    } catch (err) {
      setError(toError(err));
      setResult(null);
    }
  };
  return (
    <form className="form" aria-label="Screen a name or identifier" onSubmit={submit}>
      <div className="field-row">
        <label className="field">
          <span>Screen by</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'name' | 'identifier')}>
            <option value="name">Name</option>
            <option value="identifier">Identifier (wallet, passport, registration…)</option>
          </select>
        </label>
        <label className="field">
          <span>{mode === 'name' ? 'Name' : 'Identifier'}</span>
          <input value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={!value.trim()}>
          Screen
        </button>
      </div>
      <ErrorNotice error={error} />
      {result && (
        <>
          <p className="muted">
            List version {result.version.id} (published {result.version.published}){mode === 'name' && `, threshold ${result.threshold}`}.
          </p>
          <HitsTable hits={result.hits} label="Screening hits" />
        </>
      )}
    </form>
  );
}

function BatchForm() {
  const [file, setFile] = useState('');
  const [out, setOut] = useState('');
  const [result, setResult] = useState<BatchResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      setResult(await api('sanctions.screenFile', { file, ...(out && { out }) }));
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };
  const download = () => {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([batchToCsv(result.results, result.version, result.threshold)], { type: 'text/csv' }));
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
        <button type="submit" className="button primary" disabled={!file || busy}>
          Screen file
        </button>
        {result && (
          <button type="button" className="button" onClick={download}>
            Export CSV
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
      {result && (
        <>
          <p>
            {result.rows.toLocaleString()} rows screened against list version {result.version.id}; {result.rowsWithHits.toLocaleString()} with a possible match.
          </p>
          {rows.length > 0 && (
            <table className="table" aria-label="Batch results">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Ref</th>
                  <th>Name</th>
                  <th>Best hit</th>
                  <th>Score</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 500).map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.ref}</td>
                    <td>{r.name}</td>
                    <td>
                      {r.hits[0]!.name} <span className="muted">({r.hits[0]!.ent_num})</span>
                      {r.hits.length > 1 && <span className="muted"> +{r.hits.length - 1} more</span>}
                    </td>
                    <td className="mono">{r.hits[0]!.score.toFixed(3)}</td>
                    <td>{r.hits[0]!.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </form>
  );
}

type RescreenedCase = RescreenResult['cases'][number] & { fresh: CaseHit[] };

/**
 * Screens every open case again against a list version (the latest unless one is asked for) and
 * shows, per case, the hits that no earlier screening of that case had.
 */
function RescreenPanel({ request }: { request: { version: number; n: number } | null }) {
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ version: RescreenResult['version']; cases: RescreenedCase[] } | null>(null);
  useEffect(() => (job ? onProgress((p) => p.jobId === job && setProgress(p)) : undefined), [job]);

  const run = async (version?: number) => {
    const jobId = newJobId();
    setJob(jobId);
    setError(null);
    setResult(null);
    try {
      const r = await api('sanctions.rescreenOpenCases', { ...(version !== undefined && { version }), jobId });
      const cases = await Promise.all(
        r.cases.map(async (c): Promise<RescreenedCase> => {
          if (c.newHits === 0) return { ...c, fresh: [] };
          const screening = (await api('sanctions.caseScreenings', { number: c.caseNumber })).find((x) => x.id === c.screening);
          return { ...c, fresh: screening?.hits.filter((h) => h.isNew) ?? [] };
        }),
      );
      setResult({ version: r.version, cases });
    } catch (err) {
      setError(toError(err));
    } finally {
      setJob(null);
      setProgress(null);
    }
  };
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
        <button type="button" className="button" disabled={job !== null} onClick={() => void run()}>
          Re-screen open cases
        </button>
      </div>
      {job && <ProgressBar progress={progress ?? { jobId: job, phase: 'starting', done: 0, total: null }} onCancel={() => void api('jobs.cancel', { jobId: job })} />}
      <ErrorNotice error={error} />
      {result && (
        <>
          <Notice kind={withNew.length > 0 ? 'warning' : 'success'}>
            {result.cases.length} open case(s) re-screened against list version {result.version.id} (published {result.version.published});{' '}
            {withNew.length === 0 ? 'no new hits.' : `${withNew.length} with new hits to review.`}
          </Notice>
          {result.cases.length > 0 && (
            <table className="table" aria-label="Re-screening results">
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Hits</th>
                  <th>New</th>
                  <th>What is new</th>
                </tr>
              </thead>
              <tbody>
                {result.cases.map((c) => (
                  <tr key={c.caseNumber} data-testid="rescreen-case" className={c.newHits > 0 ? 'rescreen-new' : undefined}>
                    <td>
                      <a href={`#/case/${c.caseNumber}/sanctions`}>{c.caseNumber}</a>
                    </td>
                    <td>{c.hits}</td>
                    <td>{c.newHits > 0 ? <strong className="badge badge-overdue">{c.newHits} new</strong> : <span className="muted">none</span>}</td>
                    <td>
                      {c.fresh.length === 0 ? (
                        <span className="muted">nothing new</span>
                      ) : (
                        <ul>
                          {c.fresh.map((h) => (
                            <li key={h.id}>
                              “{h.query}” → {h.name} <span className="muted">(ent_num {h.ent_num})</span>, score <span className="mono">{h.score.toFixed(3)}</span>: {h.why}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
