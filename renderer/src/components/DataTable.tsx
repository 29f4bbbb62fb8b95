import { useMemo, type ReactNode } from 'react';
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
}: {
  label: string;
  rows: readonly T[];
  cols: Column<T>[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  rowTestId?: string;
  className?: string;
  empty?: ReactNode;
  footer?: ReactNode;
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
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({ features, columns: defs, data, getRowId: rowKey });
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const cellClass = (id: string, row: T) => {
    const c = byId.get(id)?.className;
    return typeof c === 'function' ? c(row) : c;
  };
  return (
    <div className="table-scroll">
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
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} className={rowClassName?.(r.original)} data-testid={rowTestId}>
              {r.getAllCells().map((c) => (
                <td key={c.id} className={cellClass(c.column.id, r.original)}>
                  {byId.get(c.column.id)?.cell(r.original)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
