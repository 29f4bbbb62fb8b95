// Reading a case's rows table by table, and the fingerprints that tell what changed since an exchange.
import { createHash } from 'node:crypto';
import type { ReadDb } from '../db/handle.ts';
import { canonicalJson } from '../signing/sign.ts';
import { caseTables, refColumns, refTarget, type TableInfo } from './tables.ts';
import type { DataPart } from './format.ts';
import { INDEXED } from '../activity/address-index.ts';

export type Row = Record<string, string | number | null>;
export type TableRows = { table: TableInfo; rows: Row[] };

/** A row's identity within its table: its id, or its primary key's values. */
export const rowKey = (t: TableInfo, r: Row): string => (t.idKey ? String(r.id) : canonicalJson(t.pk.map((c) => r[c] ?? null)));

/** A row's fingerprint: SHA-256 of the canonical JSON of its stored columns. */
export const rowHash = (r: Row): string => createHash('sha256').update(canonicalJson(r)).digest('hex');

/** A login import still being written (staged) is nobody's yet: neither it nor its address entries travel. */
const FINISHED: Record<string, string> = { activity_imports: "state = 'done'", case_ips: INDEXED };

const idsOf = (rows: Row[], col = 'id') => JSON.stringify([...new Set(rows.map((r) => r[col]).filter((v) => v !== null && v !== undefined))]);

/** Every row of the case, table by table (parents first). Login rows: those its findings cite. */
export function collectCase(db: ReadDb, caseId: number): TableRows[] {
  const tables = caseTables(db);
  const got = new Map<string, Row[]>();
  const out: TableRows[] = [];
  const select = (t: TableInfo, where: string, ...args: unknown[]) =>
    db.prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}" WHERE ${where} ORDER BY ${t.pk.length ? t.pk.map((c) => `"${c}"`).join(', ') : 'rowid'}`).all(...args) as Row[];
  for (const t of tables) {
    let rows: Row[];
    switch (t.scope.kind) {
      case 'root':
        rows = select(t, 'id = ?', caseId);
        break;
      case 'case':
        rows = t.name === 'login_events'
          ? select(t, 'case_id = ? AND id IN (SELECT value FROM activity_findings f, json_each(f.events) WHERE f.case_id = ?)', caseId, caseId)
          : select(t, `case_id = ?${FINISHED[t.name] ? ` AND ${FINISHED[t.name]}` : ''}`, caseId);
        break;
      case 'child': {
        const parent = got.get(t.scope.via.table) ?? [];
        rows = select(t, `"${t.scope.via.column}" IN (SELECT value FROM json_each(?))`, idsOf(parent));
        break;
      }
      case 'blobs': {
        const ex = db.prepare(`SELECT DISTINCT sha256 FROM exhibits WHERE case_id = ? AND kind = 'file'`).pluck().all(caseId) as string[];
        rows = select(t, 'sha256 IN (SELECT value FROM json_each(?))', JSON.stringify(ex));
        break;
      }
      case 'global':
        rows = []; // filled below, once every row that refers to them is known
        break;
    }
    got.set(t.name, rows);
    out.push({ table: t, rows });
  }
  // The rows of tables outside the case that the case's rows refer to (the list versions its screenings used).
  for (const g of out.filter((x) => x.table.scope.kind === 'global')) {
    const ids = new Set<number>();
    for (const x of out) for (const c of refColumns(x.table)) for (const r of x.rows) if (refTarget(x.table, c, r) === g.table.name && typeof r[c] === 'number') ids.add(r[c]);
    g.rows = db.prepare(`SELECT ${g.table.columns.map((c) => `"${c}"`).join(', ')} FROM "${g.table.name}" WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify([...ids])) as Row[];
  }
  return out;
}

/** The fingerprints of every row, by table and key (kept with each exchange). */
export function fingerprints(tables: TableRows[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const { table, rows } of tables) {
    if (table.scope.kind === 'global' || table.scope.kind === 'blobs') continue;
    const m: Record<string, string> = {};
    for (const r of rows) m[rowKey(table, r)] = rowHash(r);
    out[table.name] = m;
  }
  return out;
}

export function toDataPart(t: TableInfo, rows: Row[], origins?: [string, number][]): DataPart {
  return { table: t.name, columns: t.columns, rows: rows.map((r) => t.columns.map((c) => r[c] ?? null)), ...(origins && { origins }) };
}
