import { useMemo, type ReactNode } from 'react';
import { showInvisible } from '../../../shared/text.ts';
import { createColumnHelper, tableFeatures, useTable, type RowData } from '@tanstack/react-table';

/** One column of a DataTable: its header and how a row of T shows in it. */
export type Column<T extends RowData> = {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Class of the column's cells (mono, num, nowrap…); a function for per-row classes. */
  className?: string | ((row: T) => string | undefined);
  /** Class of the header cell. */
  headerClassName?: string;
};

const features = tableFeatures({});

/** A cell's plain text with invisible and direction-changing characters written out (⟨U+202E⟩). */
const shown = (v: ReactNode): ReactNode => (typeof v === 'string' ? showInvisible(v) : v);

/** Starts a typed column list: `columns<Row>([...])` checks every cell against Row. */
export const columns = <T extends RowData>(cols: Column<T>[]): Column<T>[] => cols;

/**
 * A read-only table of rows on TanStack Table: typed columns, an accessible name, an optional
 * footer row and a line shown when there are no rows.
 */
export function DataTable<T extends RowData>({
  label,
  rows,
  cols,
  rowKey,
  rowClassName,
  rowTestId,
  className,
  empty,
  footer,
  groups,
  scrollLabel,
}: {
  label: string;
  rows?: readonly T[];
  cols: Column<T>[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  rowTestId?: string | ((row: T) => string);
  className?: string;
  empty?: ReactNode;
  footer?: ReactNode;
  /** For a table wider than its panel: the scrolling area is then a named region reachable by keyboard. */
  scrollLabel?: string;
  /** Rows shown in labelled groups (one body per group) instead of `rows`. */
  groups?: { key: string; label: ReactNode; rows: readonly T[] }[];
}) {
  // The table's column definitions depend only on the column ids, and cells are drawn from the
  // current `cols` directly: a cell's content changing never remounts it (a half-typed reason in
  // a row keeps its text while the panel is busy).
  const ids = cols.map((c) => c.id).join('\n');
  const defs = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(ids.split('\n').map((id) => helper.display({ id })));
  }, [ids]);
  const byId = new Map(cols.map((c) => [c.id, c]));
  const data = useMemo(() => (groups ? groups.flatMap((g) => g.rows) : [...(rows ?? [])]), [rows, groups]);
  const table = useTable({ features, columns: defs, data, getRowId: rowKey });
  if (data.length === 0 && empty !== undefined) return <>{empty}</>;
  const cellClass = (id: string, row: T) => {
    const c = byId.get(id)?.className;
    return typeof c === 'function' ? c(row) : c;
  };
  const modelRows = table.getRowModel().rows;
  const byRowId = new Map(modelRows.map((r) => [r.id, r]));
  const bodyRow = (r: (typeof modelRows)[number]) => (
    <tr key={r.id} className={rowClassName?.(r.original)} data-testid={typeof rowTestId === 'function' ? rowTestId(r.original) : rowTestId}>
      {r.getAllCells().map((c) => (
        <td key={c.id} className={cellClass(c.column.id, r.original)}>
          {shown(byId.get(c.column.id)?.cell(r.original))}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="table-scroll" {...(scrollLabel && { tabIndex: 0, role: 'region', 'aria-label': scrollLabel })}>
      <table className={className ? `table ${className}` : 'table'} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} className={byId.get(h.column.id)?.headerClassName}>
                  {byId.get(h.column.id)?.header}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {groups ? (
          groups.map((g) => (
            <tbody key={g.key}>
              <tr className="table-group">
                <th colSpan={cols.length}>{g.label}</th>
              </tr>
              {g.rows.map((row) => bodyRow(byRowId.get(rowKey(row))!))}
            </tbody>
          ))
        ) : (
          <tbody>{modelRows.map(bodyRow)}</tbody>
        )}
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
