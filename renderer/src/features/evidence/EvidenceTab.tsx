import { useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import type { Progress } from '../../../../shared/contract/index.ts';
import { MAX_UPLOAD_BYTES, humanSize, type AddExhibitsResult, type EvidenceVerifyResult, type Exhibit, type ExhibitPreview } from '../../../../shared/evidence.ts';
import type { AuditEvent } from '../../../../shared/audit.ts';
import { api, ApiError, newJobId, onProgress, toApiError as toError } from '../../api.ts';
import { bytesToBase64 } from '../../files.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useShellCapabilities } from '../../components/useShellCapabilities.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/tabs.tsx';



function Preview({ preview }: { preview: ExhibitPreview }) {
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
  return <p className="muted">No preview for this type ({preview.mime}){preview.reason ? `: ${preview.reason}` : ''}. Export the exhibit to open it.</p>;
}

function Custody({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p className="muted">No custody events.</p>;
  return (
    <table className="table" aria-label="Custody log">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Action</th>
          <th>Hash</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq}>
            <td>{formatTime(e.at)}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
            <td className="mono" title={e.hash}>
              {e.hash.slice(0, 12)}…
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EvidenceTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const list = useApi('evidence.list', { number }, refresh);
  const subjects = useApi('subjects.list', { number }, refresh);
  const [linked, setLinked] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const jobRef = useRef<string | null>(null);
  const [result, setResult] = useState<AddExhibitsResult | null>(null);
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState({ title: '', text: '' });
  const [url, setUrl] = useState({ url: '', title: '', description: '' });
  const [verify, setVerify] = useState<EvidenceVerifyResult | null>(null);
  const [selected, setSelected] = useState<{ exhibit: string; show: 'custody' | 'preview'; custody?: AuditEvent[]; preview?: ExhibitPreview } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const caps = useShellCapabilities();

  useEffect(() => onProgress((p) => p.jobId === jobRef.current && setProgress(p)), []);

  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toError(e));
      return undefined;
    } finally {
      setBusy(false);
      setProgress(null);
      jobRef.current = null;
    }
  };

  const addFiles = async (files: File[]) => {
    if (files.length === 0 || readOnly) return;
    setResult(null);
    const tooBig = files.find((f) => f.size > MAX_UPLOAD_BYTES);
    if (tooBig) {
      setError(new ApiError({ code: 'invalid_input', message: `${tooBig.name} is ${humanSize(tooBig.size)}; files above ${humanSize(MAX_UPLOAD_BYTES)} must be added by path (${caps?.chooseFiles ? '“Choose files…”' : 'CLI: evidence add'}).` }));
      return;
    }
    const r = await run(async () => {
      const total = files.reduce((n, f) => n + f.size, 0);
      let done = 0;
      const payload: { name: string; base64: string }[] = [];
      jobRef.current = 'local-read';
      for (const f of files) {
        setProgress({ jobId: 'local-read', phase: `reading ${f.name}`, done, total });
        payload.push({ name: f.name, base64: bytesToBase64(await f.arrayBuffer()) });
        done += f.size;
      }
      setProgress({ jobId: 'local-read', phase: 'storing and hashing', done: total, total });
      return api('evidence.addBytes', { number, files: payload });
    });
    if (fileInput.current) fileInput.current.value = '';
    if (r) {
      setResult(r);
      setRefresh((n) => n + 1);
    }
  };

  // The desktop app's dialog hands the core paths: any size, streamed, with progress and cancel.
  const chooseAndAdd = async () => {
    const { paths } = await api('shell.chooseFiles', { mode: 'open', title: 'Add exhibits', multiple: true });
    if (paths.length === 0) return;
    const jobId = newJobId();
    const r = await run(() => {
      jobRef.current = jobId;
      return api('evidence.addFiles', { number, paths, jobId });
    });
    if (r) {
      setResult(r);
      setRefresh((n) => n + 1);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles([...e.dataTransfer.files]);
  };

  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() => api('evidence.addNote', { number, title: note.title, text: note.text }));
    if (r) {
      setNote({ title: '', text: '' });
      setRefresh((n) => n + 1);
    }
  };

  const addUrl = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() =>
      api('evidence.addUrl', { number, url: url.url, ...(url.title.trim() && { title: url.title }), ...(url.description.trim() && { description: url.description }) }),
    );
    if (r) {
      setUrl({ url: '', title: '', description: '' });
      setRefresh((n) => n + 1);
    }
  };

  const verifyAll = async () => {
    const jobId = newJobId();
    setVerify(null);
    const r = await run(() => {
      jobRef.current = jobId;
      return api('evidence.verify', { number, jobId });
    });
    if (r) setVerify(r);
  };

  const cancel = () => {
    const id = jobRef.current;
    if (id && !id.startsWith('local')) void api('jobs.cancel', { jobId: id });
  };

  const showCustody = async (exhibit: string) => {
    const custody = await run(() => api('evidence.custody', { number, exhibit }));
    if (custody) setSelected({ exhibit, show: 'custody', custody });
  };
  const showPreview = async (exhibit: string) => {
    const preview = await run(() => api('evidence.view', { number, exhibit }));
    if (preview) setSelected({ exhibit, show: 'preview', preview });
  };

  const linkSubject = async (exhibit: string, subjectId: number) => {
    const x = await run(() => api('evidence.linkSubject', { number, exhibit, subjectId }));
    if (x) {
      setLinked(`Linked ${x.number} to ${x.subjects.find((s) => s.id === subjectId)?.name ?? 'the subject'}.`);
      setRefresh((n) => n + 1);
    }
  };

  const exhibits: Exhibit[] = list.data ?? [];
  const subjectList = subjects.data ?? [];

  return (
    <div className="evidence-tab">
      <ErrorNotice error={list.error ?? error} onClose={() => setError(null)} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: exhibits can be read and verified but not added.</Notice>}
      <ProgressBar progress={progress} {...(progress && !progress.jobId.startsWith('local') && { onCancel: cancel })} />
      {result && (
        <Notice kind="success" onClose={() => setResult(null)}>
          {result.added.length ? `Added ${result.added.map((x) => x.number).join(', ')}.` : 'No new exhibit.'}
          {result.duplicates.length > 0 && ` Already in this case: ${result.duplicates.map((d) => `${d.name} (${d.exhibit})`).join(', ')}.`}
        </Notice>
      )}

      <div className="evidence-toolbar">
        <h2>Exhibits</h2>
        <button type="button" className="button" onClick={() => void verifyAll()} disabled={busy || exhibits.length === 0}>
          Verify exhibits
        </button>
      </div>
      {linked && (
        <Notice kind="success" onClose={() => setLinked(null)}>
          {linked}
        </Notice>
      )}
      {verify && (
        <Notice kind={verify.ok ? 'success' : 'error'} onClose={() => setVerify(null)}>
          {verify.ok
            ? `All ${verify.exhibits} exhibit${verify.exhibits === 1 ? '' : 's'} verified: ${verify.files} stored file${verify.files === 1 ? '' : 's'}, ${humanSize(verify.bytes)}, hashes match.`
            : `${verify.findings.length} problem${verify.findings.length === 1 ? '' : 's'} in ${verify.exhibits} exhibits:`}
          {verify.findings.length > 0 && (
            <ul aria-label="Verification findings">
              {verify.findings.map((f) => (
                <li key={`${f.exhibit}:${f.problem}`}>
                  <strong>{f.exhibit}</strong> {f.problem}: {f.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}

      {exhibits.length === 0 && !list.loading ? (
        <p className="muted">No exhibits yet.</p>
      ) : (
        <table className="table exhibits" aria-label="Exhibits">
          <thead>
            <tr>
              <th>No.</th>
              <th>Title</th>
              <th>Kind</th>
              <th>MIME</th>
              <th>Size</th>
              <th>SHA-256</th>
              <th>Acquired</th>
              <th>State</th>
              <th>Subjects</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {exhibits.map((x) => (
              <tr key={x.number} className={x.retracted ? 'retracted' : undefined}>
                <td className="mono nowrap">{x.number}</td>
                <td>
                  {x.title}
                  {x.originalName && x.originalName !== x.title && <div className="muted">{x.originalName}</div>}
                  {x.url && <div className="mono muted">{x.url}</div>}
                </td>
                <td>{x.kind}</td>
                <td className="mono">{x.mime}</td>
                <td className="nowrap">{humanSize(x.size)}</td>
                <td className="mono sha" data-testid="sha256">
                  {x.sha256}
                </td>
                <td>
                  {formatTime(x.acquiredAt)}
                  <div className="muted">{x.acquiredBy}</div>
                </td>
                <td>{x.retracted ? <span className="badge" title={x.retracted.reason}>Retracted</span> : <span className="badge">Active</span>}</td>
                <td className="exhibit-subjects">
                  {x.subjects.map((s) => (
                    <div key={s.id}>{s.name}</div>
                  ))}
                  {!readOnly && !x.retracted && subjectList.some((s) => !x.subjects.some((l) => l.id === s.id)) && (
                    <select
                      aria-label={`Link ${x.number} to subject`}
                      value=""
                      disabled={busy}
                      onChange={(e) => e.target.value && void linkSubject(x.number, Number(e.target.value))}
                    >
                      <option value="">Link to subject…</option>
                      {subjectList
                        .filter((s) => !x.subjects.some((l) => l.id === s.id))
                        .map((s) => (
                          <option key={s.id} value={String(s.id)}>
                            {s.name}
                          </option>
                        ))}
                    </select>
                  )}
                  {x.subjects.length === 0 && subjectList.length === 0 && <span className="muted">—</span>}
                </td>
                <td className="row-actions">
                  <button type="button" className="button link" onClick={() => void showPreview(x.number)} disabled={busy}>
                    Preview
                  </button>
                  <button type="button" className="button link" onClick={() => void showCustody(x.number)} disabled={busy}>
                    Custody
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {selected && (
        <section className="exhibit-detail" aria-label={`${selected.show === 'custody' ? 'Custody log' : 'Preview'} of ${selected.exhibit}`}>
          <div className="evidence-toolbar">
            <h3>
              {selected.show === 'custody' ? 'Custody log' : 'Preview'} of {selected.exhibit}
            </h3>
            <button type="button" className="button" onClick={() => setSelected(null)}>
              Close
            </button>
          </div>
          {selected.custody && <Custody events={selected.custody} />}
          {selected.preview && <Preview preview={selected.preview} />}
        </section>
      )}

      <div
        className={`drop-zone${dragging ? ' dragging' : ''}${readOnly ? ' disabled' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          if (!readOnly) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p>Drop files here to add them as exhibits, or</p>
        <label className="field">
          <span>Add files</span>
          <input ref={fileInput} type="file" multiple disabled={readOnly || busy} onChange={(e) => void addFiles([...(e.target.files ?? [])])} />
        </label>
        {caps?.chooseFiles && (
          <button type="button" className="button" disabled={readOnly || busy} onClick={() => void chooseAndAdd()}>
            Choose files… (any size)
          </button>
        )}
        <p className="muted">Each file is hashed (SHA-256) and stored once; the MIME type is read from the content, not the name.</p>
      </div>

      <div className="evidence-forms">
        <form className="form" aria-label="Add note" onSubmit={addNote}>
          <h3>Add note</h3>
          <fieldset disabled={readOnly || busy} className="plain-fieldset">
            <label className="field">
              <span>Note title</span>
              <input value={note.title} onChange={(e) => setNote({ ...note, title: e.target.value })} required maxLength={200} />
            </label>
            <label className="field">
              <span>Note text</span>
              <textarea rows={4} value={note.text} onChange={(e) => setNote({ ...note, text: e.target.value })} required />
            </label>
            <div className="actions">
              <button type="submit" className="button primary">
                Add note
              </button>
            </div>
          </fieldset>
        </form>
        <form className="form" aria-label="Add URL record" onSubmit={addUrl}>
          <h3>Add URL record</h3>
          <fieldset disabled={readOnly || busy} className="plain-fieldset">
            <label className="field">
              <span>Web address</span>
              <input value={url.url} onChange={(e) => setUrl({ ...url, url: e.target.value })} required placeholder="https://" />
            </label>
            <label className="field">
              <span>URL title</span>
              <input value={url.title} onChange={(e) => setUrl({ ...url, title: e.target.value })} maxLength={200} />
            </label>
            <label className="field">
              <span>What was seen</span>
              <textarea rows={2} value={url.description} onChange={(e) => setUrl({ ...url, description: e.target.value })} />
            </label>
            <p className="muted">Recorded with the time; the address is not opened.</p>
            <div className="actions">
              <button type="submit" className="button primary">
                Add URL record
              </button>
            </div>
          </fieldset>
        </form>
      </div>
    </div>
  );
}
