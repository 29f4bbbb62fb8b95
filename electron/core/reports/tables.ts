import type { Db } from '../db/connection.ts';

/**
 * Other domains' tables are read only when they exist, and only through columns they have, so
 * that reports and detectors work while those domains are still being built.
 */
export function columnsOf(db: Db, table: string): Set<string> {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?`).get(table);
  if (!exists) return new Set();
  return new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]));
}

export const hasColumns = (cols: Set<string>, ...names: string[]): boolean => names.every((n) => cols.has(n));

export const parseList = (v: unknown): string[] => {
  if (typeof v !== 'string' || v === '') return [];
  try {
    const a = JSON.parse(v) as unknown;
    return Array.isArray(a) ? a.map(String) : [];
  } catch {
    return [];
  }
};
