import { useRef } from 'react';
import type { DeviceImportResult } from '../../../../shared/activity/devices.ts';
import { api } from '../../api.ts';
import { bytesToBase64 } from '../../files.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJob } from '../../components/useJob.ts';
import { Field } from '../../components/Field.tsx';

/** Imports a device inventory (an MDM/EDR export): the laptop-farm and remote-access rules run on it with the rest. */
export function DevicesImport({ number, busy, onImported }: { number: string; busy: boolean; onImported: () => void }) {
  const job = useJob<DeviceImportResult>('reading');
  const input = useRef<HTMLInputElement>(null);
  const choose = async (f: File | undefined) => {
    if (!f) return;
    const file = { name: f.name, base64: bytesToBase64(await f.arrayBuffer()) };
    const r = await job.start((jobId) => api('activity.devicesImport', { number, jobId, file }));
    if (input.current) input.current.value = '';
    if (r) onImported();
  };
  const r = job.result;
  return (
    <section className="card" aria-label="Import company devices">
      <h2>Import company devices</h2>
      <p className="muted">
        A CSV exported from device management or endpoint security: device, serial, assigned user, last public IP, installed software, shipping address. It is checked for laptop farms and
        remote-access tools, and becomes an exhibit.
      </p>
      <ErrorNotice error={job.error} onClose={() => job.setError(null)} />
      <Field label="Device inventory (CSV)">
        <input ref={input} type="file" accept=".csv,.txt,text/csv" disabled={busy || job.running} onChange={(e) => void choose(e.target.files?.[0])} />
      </Field>
      {job.running && <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />}
      {r && (
        <Notice kind="success" onClose={() => job.setResult(null)}>
          {r.duplicate ? `This device file was imported before (${r.exhibit ?? 'no exhibit'}); nothing was added.` : `Imported ${r.devices} device${r.devices === 1 ? '' : 's'} as ${r.exhibit}.`}
        </Notice>
      )}
    </section>
  );
}
