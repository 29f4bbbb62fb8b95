// Settings that must be read before the database is open (the idle lock) or that describe
// files outside it (the backup folder): a small JSON file beside the database, owner-only.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

export type LocalSettings = {
  idleMinutes: number;
  backup: { folder: string | null; everyHours: number; lastSuccess: string | null; lastError: string | null };
};

export const DEFAULT_SETTINGS: LocalSettings = { idleMinutes: 10, backup: { folder: null, everyHours: 4, lastSuccess: null, lastError: null } };

export const settingsPath = (dbFile: string): string => `${dbFile}.settings.json`;

export function readSettings(dbFile: string): LocalSettings {
  const path = settingsPath(dbFile);
  if (!existsSync(path)) return structuredClone(DEFAULT_SETTINGS);
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSettings>;
    const idle = Number(s.idleMinutes);
    return {
      idleMinutes: Number.isInteger(idle) && idle >= 1 && idle <= 240 ? idle : DEFAULT_SETTINGS.idleMinutes,
      backup: { ...DEFAULT_SETTINGS.backup, ...(typeof s.backup === 'object' && s.backup) },
    };
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
}

export function writeSettings(dbFile: string, settings: LocalSettings): void {
  const path = settingsPath(dbFile);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function updateSettings(dbFile: string, change: (s: LocalSettings) => void): LocalSettings {
  const s = readSettings(dbFile);
  change(s);
  writeSettings(dbFile, s);
  return s;
}
