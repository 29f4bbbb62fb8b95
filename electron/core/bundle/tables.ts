// Which tables hold a case, read from the schema itself (so a table a later version adds to a case
// travels in the bundle without a change here): every table with a case_id column, every table
// that refers to one of those by a foreign key, and the content-addressed file rows of its exhibits.
import type { ReadDb } from '../db/handle.ts';

export type Ref = { column: string; table: string };

export type TableInfo = {
  name: string;
  /** Stored columns (generated ones are left out: SQLite computes them). */
  columns: string[];
  /** Keyed by an integer id that another database numbers differently (it is mapped on import). */
  idKey: boolean;
  /** The primary key's columns (the row's identity when there is no id). */
  pk: string[];
  /** Columns holding another case table's id. */
  refs: Ref[];
  /** How its rows belong to the case: a case_id column, or a reference to a table that has one. */
  scope: { kind: 'root' } | { kind: 'case' } | { kind: 'child'; via: Ref } | { kind: 'blobs' } | { kind: 'global' };
};

/** Tables that are not a case's, though they name one: the audit chain travels apart, the bundle's own bookkeeping stays home. */
const NOT_CASE_DATA = new Set(['audit_events', 'audit_checkpoints', 'settings', 'preferences', 'users', 'case_counters']);
/** Tables outside any case that a case's rows refer to; the bundle carries the rows referred to. */
export const GLOBAL_TABLES = new Set(['sanctions_versions']);
/** References the schema does not declare as foreign keys. */
const IMPLICIT_REFS: Record<string, Ref[]> = {
  login_events: [{ column: 'import_id', table: 'activity_imports' }],
  // 0: entries indexed before they were kept per import (see migration 015), which name none.
  case_ips: [{ column: 'import_id', table: 'activity_imports' }],
};

/** Rows a table's rows name outside its foreign keys (signatures: what they sign; findings: the login rows they cite). */
const EXTRA_DEPS: Record<string, string[]> = { signatures: ['decisions', 'legal_reviews'], activity_findings: ['login_events'] };

type ColumnInfo = { name: string; pk: number; type: string; hidden: number };
type FkInfo = { table: string; from: string; to: string | null };

export function caseTables(db: ReadDb): TableInfo[] {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`).pluck().all() as string[]).filter(
    (n) => !NOT_CASE_DATA.has(n) && !n.startsWith('bundle_') && !n.includes('_fts'),
  );
  const info = new Map<string, { cols: ColumnInfo[]; fks: FkInfo[] }>();
  for (const n of names) {
    const cols = db.prepare(`SELECT name, pk, type, hidden FROM pragma_table_xinfo(?)`).all(n) as ColumnInfo[];
    const fks = db.prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)`).all(n) as FkInfo[];
    info.set(n, { cols, fks });
  }
  const hasCaseId = (n: string) => info.get(n)!.cols.some((c) => c.name === 'case_id' && c.hidden === 0);
  const scope = new Map<string, TableInfo['scope']>();
  scope.set('cases', { kind: 'root' });
  scope.set('evidence_blobs', { kind: 'blobs' });
  for (const g of GLOBAL_TABLES) if (info.has(g)) scope.set(g, { kind: 'global' });
  for (const n of names) if (!scope.has(n) && hasCaseId(n)) scope.set(n, { kind: 'case' });
  // Tables without a case_id that hang off a case table (sign-offs off decisions, and so on).
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of names) {
      if (scope.has(n)) continue;
      const fk = info.get(n)!.fks.find((f) => f.table !== n && (scope.get(f.table)?.kind === 'case' || scope.get(f.table)?.kind === 'child' || f.table === 'cases'));
      if (fk) {
        scope.set(n, { kind: 'child', via: { column: fk.from, table: fk.table } });
        changed = true;
      }
    }
  }
  const out: TableInfo[] = [];
  for (const n of names) {
    const s = scope.get(n);
    if (!s) continue;
    const { cols, fks } = info.get(n)!;
    const stored = cols.filter((c) => c.hidden === 0);
    const pk = stored.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const idKey = pk.length === 1 && pk[0] === 'id' && stored.find((c) => c.name === 'id')!.type.toUpperCase() === 'INTEGER';
    const refs: Ref[] = [
      ...fks.filter((f) => f.table !== 'evidence_blobs' && (f.to === null || f.to === 'id')).map((f) => ({ column: f.from, table: f.table })),
      ...(IMPLICIT_REFS[n] ?? []),
    ];
    // A case_id is the case's id, declared or not (the login tables leave the key out for speed).
    if (s.kind === 'case' && !refs.some((r) => r.column === 'case_id')) refs.push({ column: 'case_id', table: 'cases' });
    out.push({ name: n, columns: stored.map((c) => c.name), idKey, pk, refs, scope: s });
  }
  return order(out);
}

/** Parents before children (a row is written after every row it refers to); cases first. */
function order(tables: TableInfo[]): TableInfo[] {
  const by = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of t.refs) {
      const dep = by.get(r.table);
      if (dep && dep.name !== t.name) visit(dep, path);
    }
    for (const d of EXTRA_DEPS[t.name] ?? []) if (by.has(d)) visit(by.get(d)!, path);
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  const root = by.get('cases');
  if (root) visit(root, new Set());
  for (const t of tables) visit(t, new Set());
  return out;
}

/** The table an id in this column refers to, for this row (signatures name what they sign in a column). */
export function refTarget(t: TableInfo, column: string, row: Record<string, unknown>): string | null {
  if (t.name === 'signatures' && column === 'what_id') return row.what === 'decision' ? 'decisions' : row.what === 'legal_review' ? 'legal_reviews' : null;
  if (t.name === 'case_ips' && column === 'import_id' && row.import_id === 0) return null;
  return t.refs.find((r) => r.column === column)?.table ?? null;
}

/** Every column of the row that holds an id of another table (signatures' what_id included). */
export function refColumns(t: TableInfo): string[] {
  const cols = t.refs.map((r) => r.column);
  if (t.name === 'signatures' && t.columns.includes('what_id')) cols.push('what_id');
  return cols;
}
