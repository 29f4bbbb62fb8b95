import { useRef, useState, type DragEvent } from 'react';
import { MAX_UPLOAD_BYTES, humanSize, type AddExhibitsResult } from '../../../../shared/evidence.ts';
import { api, ApiError } from '../../api.ts';
import { bytesToBase64 } from '../../files.ts';
import { useShellCapabilities } from '../../components/useShellCapabilities.ts';
import type { Job } from '../../components/useJob.ts';
import { Field } from '../../components/Field.tsx';
import { useAcquiredAt } from './AcquiredAt.tsx';

/**
 * The drop zone and file pickers. Files picked in the page are read here (progress measured
 * here, not cancellable); the desktop dialog hands the core paths: any size, streamed, cancellable.
 */
export function EvidenceUpload({ number, disabled, job, onAdded }: { number: string; disabled: boolean; job: Job<AddExhibitsResult>; onAdded: () => void }) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const caps = useShellCapabilities();
  const acquired = useAcquiredAt();
  const at = acquired.value;
  const acquiredAt = at.iso ? { acquiredAt: at.iso } : {};
  const blocked = disabled || at.error !== null;

  const addFiles = async (files: File[]) => {
    if (files.length === 0 || blocked) return;
    job.setResult(null);
    const tooBig = files.find((f) => f.size > MAX_UPLOAD_BYTES);
    if (tooBig) {
      job.setError(new ApiError({ code: 'invalid_input', message: `${tooBig.name} is ${humanSize(tooBig.size)}; files above ${humanSize(MAX_UPLOAD_BYTES)} must be added by path (${caps?.chooseFiles ? '“Choose files…”' : 'CLI: evidence add'}).` }));
      return;
    }
    const r = await job.start(async (jobId) => {
      const total = files.reduce((n, f) => n + f.size, 0);
      let done = 0;
      const payload: { name: string; base64: string }[] = [];
      for (const f of files) {
        job.report({ jobId, phase: `reading ${f.name}`, done, total });
        payload.push({ name: f.name, base64: bytesToBase64(await f.arrayBuffer()) });
        done += f.size;
      }
      job.report({ jobId, phase: 'storing and hashing', done: total, total });
      return api('evidence.addBytes', { number, files: payload, ...acquiredAt });
    });
    if (fileInput.current) fileInput.current.value = '';
    if (r) {
      acquired.reset();
      onAdded();
    }
  };

  const chooseAndAdd = async () => {
    const { paths } = await api('shell.chooseFiles', { mode: 'open', title: 'Add exhibits', multiple: true });
    if (paths.length > 0 && (await job.start((jobId) => api('evidence.addFiles', { number, paths, jobId, ...acquiredAt })))) {
      acquired.reset();
      onAdded();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles([...e.dataTransfer.files]);
  };

  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}${disabled ? ' disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!blocked) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      {acquired.fields(disabled)}
      <p>Drop files here to add them as exhibits, or</p>
      <Field label="Add files">
        <input ref={fileInput} type="file" multiple disabled={blocked} onChange={(e) => void addFiles([...(e.target.files ?? [])])} />
      </Field>
      {caps?.chooseFiles && (
        <button type="button" className="button" disabled={blocked} onClick={() => void chooseAndAdd()}>
          Choose files… (any size)
        </button>
      )}
      <p className="muted">Each file is hashed (SHA-256) and stored once; the MIME type is read from the content, not the name.</p>
    </div>
  );
}
