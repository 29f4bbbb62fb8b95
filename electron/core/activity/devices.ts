import type { Ctx } from '../context.ts';
import { requireActor, throwIfCancelled } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase, getCaseById } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import { DEVICE_ALIASES, DEVICE_FIELDS, REQUIRED_DEVICE_FIELDS, type DeviceField, type DeviceImportResult, type DeviceRecord } from '../../../shared/activity/devices.ts';
import { normaliseHeader } from '../../../shared/activity/fields.ts';
import { readCsv } from '../files/csv.ts';
import { withSourceFile, type FileSource } from '../evidence/source-file.ts';
import { discardUnfiled } from '../evidence/service.ts';
import type { StoredBlob } from '../evidence/store.ts';
import { fileImportExhibit, storeImportedFile } from './exhibit.ts';
import { normaliseIp } from './rows.ts';
import { workerJob } from './worker-client.ts';
import { runAnalysis, type AnalysisHooks } from './analyse.ts';

const MAX_DEVICES = 100_000;
const MAX_FIELD = 4000;

export type DeviceRow = Omit<DeviceRecord, 'id'>;

/** Reads and checks a device inventory: every row must be good, or nothing is imported (each bad row named by its line). */
async function readDevices(path: string, label: string, signal: AbortSignal): Promise<{ rows: DeviceRow[]; sha256: string }> {
  let columns: Partial<Record<DeviceField, number>> | null = null;
  const rows: DeviceRow[] = [];
  const errors: string[] = [];
  const { sha256 } = await readCsv(path, { signal, label }, (fields, line) => {
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    if (!columns) {
      const norm = fields.map((h) => normaliseHeader(h));
      const cols: Partial<Record<DeviceField, number>> = {};
      for (const f of DEVICE_FIELDS) {
        const i = norm.findIndex((h, idx) => DEVICE_ALIASES[f].includes(h) && !Object.values(cols).includes(idx));
        if (i >= 0) cols[f] = i;
      }
      const missing = REQUIRED_DEVICE_FIELDS.filter((f) => cols[f] === undefined);
      if (missing.length) throw new AppError('invalid_input', `No column for ${missing.join(', ')} in the device file's header (${fields.map((h) => h.trim()).join(', ')}); nothing was imported.`, { details: { missing } });
      columns = cols;
      return;
    }
    const get = (f: DeviceField) => (columns![f] === undefined ? '' : (fields[columns![f]!] ?? '').trim());
    const bad = (m: string) => errors.length < 20 && errors.push(`line ${line}: ${m}`);
    const r: DeviceRow = { line, device: get('device'), serial: get('serial'), user: get('user'), ip: null, software: get('software'), address: get('address') };
    if (!r.device) return void bad('the device name is empty');
    if (!r.user) return void bad('the assigned user is empty');
    for (const f of DEVICE_FIELDS) if (get(f).length > MAX_FIELD) return void bad(`${f} is longer than ${MAX_FIELD} characters`);
    const rawIp = get('ip');
    if (rawIp) {
      r.ip = normaliseIp(rawIp);
      if (!r.ip) return void bad(`the last public IP is not an IPv4 or IPv6 address: "${rawIp.slice(0, 60)}"`);
    }
    if (rows.length >= MAX_DEVICES) throw new AppError('invalid_input', `The device file has more than ${MAX_DEVICES} devices; nothing was imported.`);
    rows.push(r);
  });
  if (errors.length) throw new AppError('invalid_input', `The device file has bad rows; nothing was imported. ${errors.join('; ')}.`, { details: { errors } });
  if (!columns || rows.length === 0) throw new AppError('invalid_input', 'The device file has no devices below its header; nothing was imported.');
  return { rows, sha256 };
}

export type DeviceImportArgs = { caseId: number; actor: string; fileName: string; sha256: string; blob: StoredBlob; rows: DeviceRow[] };

/** Stores a device inventory and analyses the case again, in one transaction (the import worker runs it). */
export function storeDevices(db: Db, a: DeviceImportArgs, hooks: AnalysisHooks = {}): DeviceImportResult {
  return db.transaction(() => {
    const c = getCaseById(db, a.caseId);
    assertCaseWritable(c);
    const dup = stmt(db, 'SELECT id, exhibit, devices FROM device_imports WHERE case_id = ? AND sha256 = ?').get(a.caseId, a.sha256) as { id: number; exhibit: string | null; devices: number } | undefined;
    if (dup) return { importId: dup.id, duplicate: true, sha256: a.sha256, exhibit: dup.exhibit, devices: dup.devices, findings: 0 };
    const now = new Date().toISOString();
    const exhibit = fileImportExhibit(db, a.actor, c.number, a.fileName, a.blob, 'devices');
    const importId = Number(stmt(db, 'INSERT INTO device_imports (case_id, file_name, sha256, exhibit, devices, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(a.caseId, a.fileName, a.sha256, exhibit, a.rows.length, a.actor, now).lastInsertRowid);
    const ins = stmt(db, 'INSERT INTO devices (case_id, import_id, line, device, serial, user, ip, software, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of a.rows) ins.run(a.caseId, importId, r.line, r.device, r.serial, r.user, r.ip, r.software, r.address);
    appendAudit(db, a.actor, { caseId: a.caseId, entity: 'device_import', entityId: importId, action: 'imported', after: { file: a.fileName, sha256: a.sha256, devices: a.rows.length, exhibit } }, now);
    const findings = runAnalysis(db, a.actor, c, hooks);
    return { importId, duplicate: false, sha256: a.sha256, exhibit, devices: a.rows.length, findings: findings.length };
  }).immediate();
}

/** Imports a device inventory CSV into a case: read and checked here, stored and analysed in the import worker. */
export function importDevices(ctx: Ctx, input: FileSource & { number: string; jobId?: string | undefined }): Promise<DeviceImportResult> {
  const actor = requireActor(ctx).name;
  const c = getCase(ctx.db, input.number);
  assertCaseWritable(c);
  return withSourceFile(ctx.paths.dataDir, input, (path, name) =>
    workerJob(ctx, input.jobId, async (worker, job) => {
      const { rows, sha256 } = await readDevices(path, name, job.signal);
      throwIfCancelled(job.signal);
      const blob = await storeImportedFile(ctx, path, job.signal);
      let done = false;
      try {
        if (blob.sha256 !== sha256) throw new AppError('conflict', `${name} changed while it was being imported; nothing was imported.`);
        const r = await worker.request<DeviceImportResult>('devices', { args: { caseId: c.id, actor, fileName: name, sha256, blob, rows } });
        done = !r.duplicate;
        return r;
      } finally {
        if (!done) await discardUnfiled(ctx, [blob]);
      }
    }),
  );
}

