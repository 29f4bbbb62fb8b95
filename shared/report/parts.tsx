/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { ReactNode } from 'react';
import { utcText } from '../text.ts';

export type Column<T> = { head: string; cell: (row: T) => ReactNode; num?: boolean; nowrap?: boolean; width?: string };

const cls = (c: { num?: boolean; nowrap?: boolean }) => [c.num && 'num', c.nowrap && 'nw'].filter(Boolean).join(' ') || undefined;

/** A table whose header repeats on every page and whose rows are never split across pages. */
export function Grid<T>({ columns, rows, empty, foot }: { columns: Column<T>[]; rows: readonly T[]; empty: string; foot?: ReactNode }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="grid">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.head} className={cls(c)} style={c.width ? { width: c.width } : undefined}>
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c.head} className={cls(c)}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {foot}
    </table>
  );
}

export function KeyValues({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <table className="kv">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Sources cited by short key in a table (A22, P23 …), each written out once below it: a long
 * citation repeated on every row made the checklist many pages long.
 */
export const sourceKey = (line: string): string => line.split(', ')[0] ?? line;
export function SourceList({ lines }: { lines: readonly string[] }) {
  const unique = [...new Map(lines.map((l) => [sourceKey(l), l])).values()].sort();
  if (unique.length === 0) return null;
  return (
    <div className="small">
      <strong>Sources</strong>
      <ul>
        {unique.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

/** The checklist score as people read it: "10 of 100 (low)". */
export const riskText = (r: { score: number; band: string }): string => `${r.score} of 100 (${r.band})`;

export const NotRecorded = ({ what }: { what: string }) => <p className="muted">No {what} recorded in this case.</p>;

export const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—');
export const when = utcText;
