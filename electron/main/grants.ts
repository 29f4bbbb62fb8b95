import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Channel } from '../../shared/contract/index.ts';
import type { Envelope } from '../../shared/errors.ts';

/**
 * Path grants: in the desktop app a path reaches the core only as a grant from a native dialog the
 * user answered. The main process keeps the granted paths; the renderer holds opaque handles
 * ("grant:<id>/<file name>": the id is what counts; the name is only shown to the user, in the
 * path field, so that it reads as the file they chose — the folders stay in the main process) and passes them where an operation takes a
 * path. A compromised renderer can name no other file: a plain path, an unknown handle, or a handle
 * granted for reading used to write, is refused. The CLI and the test harness call the core
 * directly, with plain paths.
 */
export type GrantMode = 'open' | 'save' | 'folder';

type Field = { key: string; many?: true; modes: GrantMode[] };

/**
 * Every input field of the contract that names a file or folder on disk, with the dialog that may
 * grant it. A test checks that every path-like field of the contract is listed here.
 */
export const PATH_FIELDS: Partial<Record<Channel, Field[]>> = {
  'evidence.addFiles': [{ key: 'paths', many: true, modes: ['open'] }],
  'evidence.export': [{ key: 'directory', modes: ['folder'] }],
  'activity.preview': [{ key: 'path', modes: ['open'] }],
  'activity.import': [{ key: 'path', modes: ['open'] }],
  'activity.cidrImport': [{ key: 'path', modes: ['open'] }],
  'activity.devicesImport': [{ key: 'path', modes: ['open'] }],
  'activity.setSettings': [{ key: 'geoipPath', modes: ['open'] }],
  'payments.import': [{ key: 'path', modes: ['open'] }],
  'reports.export': [{ key: 'out', modes: ['save'] }],
  'sanctions.import': [{ key: 'sdn', modes: ['open'] }, { key: 'alt', modes: ['open'] }, { key: 'add', modes: ['open'] }],
  'sanctions.screenFile': [{ key: 'file', modes: ['open'] }, { key: 'out', modes: ['save'] }],
  'backup.configure': [{ key: 'folder', modes: ['folder'] }],
  'backup.run': [{ key: 'folder', modes: ['folder'] }],
  'identifiers.import': [{ key: 'path', modes: ['open'] }],
  'identifiers.export': [{ key: 'out', modes: ['save'] }],
  'timeline.export': [{ key: 'out', modes: ['save'] }],
  'backup.restore': [{ key: 'from', modes: ['folder'] }, { key: 'to', modes: ['folder'] }],
  'app.switchDatabase': [{ key: 'folder', modes: ['folder'] }],
  'bundle.export': [{ key: 'to', modes: ['save'] }],
  'bundle.verify': [{ key: 'path', modes: ['open'] }],
  'bundle.import': [{ key: 'path', modes: ['open'] }],
};

const HANDLE = /^grant:([0-9a-f-]{36})(?:\/.*)?$/s;

export class PathGrants {
  private readonly granted = new Map<string, { path: string; mode: GrantMode }>();

  /** Records paths the user chose in a native dialog; returns the handles the renderer gets. */
  grant(paths: string[], mode: GrantMode): string[] {
    return paths.map((path) => {
      const id = randomUUID();
      this.granted.set(id, { path, mode });
      return `grant:${id}/${basename(path)}`;
    });
  }

  /**
   * The input with each path field's handle replaced by its granted path, or the refusal to send
   * back. Fields that are absent (or null, for a setting being cleared) are left as they are.
   */
  resolve(channel: string, input: unknown): { ok: true; input: unknown } | { ok: false; error: Envelope<never> } {
    const fields = PATH_FIELDS[channel as Channel];
    if (!fields || typeof input !== 'object' || input === null) return { ok: true, input };
    const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    for (const f of fields) {
      const value = out[f.key];
      if (value === undefined || value === null) continue;
      const values = f.many && Array.isArray(value) ? value : [value];
      const resolved: string[] = [];
      for (const v of values) {
        const m = typeof v === 'string' ? HANDLE.exec(v) : null;
        const g = m ? this.granted.get(m[1]!) : undefined;
        if (!g) return refuse(`${f.key}: in the app, files and folders are chosen with the file dialog (Choose…); a typed path is not accepted.`, f.key);
        if (!f.modes.includes(g.mode)) return refuse(`${f.key}: that file was chosen for ${g.mode === 'open' ? 'reading' : g.mode === 'save' ? 'saving' : 'a folder'}, not for this; choose it again.`, f.key);
        resolved.push(g.path);
      }
      out[f.key] = f.many && Array.isArray(value) ? resolved : resolved[0];
    }
    return { ok: true, input: out };
  }
}

const refuse = (message: string, path: string): { ok: false; error: Envelope<never> } => ({
  ok: false,
  error: { ok: false, error: { code: 'forbidden', message, issues: [{ path, message }] } },
});
