import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTable, type SortingState, type ColumnVisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CASE_STATUSES, PRIORITIES, SORT_FIELDS, STATUS_LABELS, type CaseListQuery, type CaseListRow, type CaseListView } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { navigate } from '../../router.ts';
import { caseColumns, caseTableFeatures, COLUMN_LABELS, isSortField } from './columns.tsx';
import { NewCaseDialog } from './NewCaseDialog.tsx';
import { useCaseView } from './useCaseView.ts';

const PAGE = 100;
const ROW_HEIGHT = 36;

type Filters = CaseListView['filters'];

export function CaseList() {
  const [view, setView] = useCaseView();
  if (!view) return <div className="loading">Loading cases…</div>;
  return <CaseTable view={view} setView={setView} />;
}

function CaseTable({ view, setView }: { view: CaseListView; setView: (v: CaseListView) => void }) {
  const [rows, setRows] = useState<CaseListRow[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const [showColumns, setShowColumns] = useState(false);
  const [search, setSearch] = useState((view.filters.search as string | undefined) ?? '');
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const loading = useRef(false);
  const generation = useRef(0);
  const assignees = useApi('cases.assignees', {});
  const tags = useApi('cases.tags', {});

  const query = useMemo((): CaseListQuery => ({ ...view.filters, sort: view.sort as CaseListQuery['sort'], desc: view.desc }), [view]);
  const queryKey = JSON.stringify(query);

  const load = useCallback(async (offset: number) => {
    if (loading.current && offset > 0) return;
    loading.current = true;
    const gen = ++generation.current;
    try {
      const page = await api('cases.list', { ...query, limit: PAGE, offset });
      if (gen !== generation.current) return;
      setTotal(page.total);
      setRows((prev) => (offset === 0 ? page.rows : [...prev.slice(0, offset), ...page.rows]));
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError(e as ApiError);
    } finally {
      if (gen === generation.current) loading.current = false;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- queryKey stands for query
  }, [queryKey]);

  useEffect(() => {
    setActive(0);
    void load(0);
  }, [load]);

  // Debounce typing in the search box before it becomes part of the saved view.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((view.filters.search ?? '') !== search) setFilters({ ...view.filters, search: search || undefined });
    }, 200);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this
  }, [search]);

  const setFilters = (filters: Filters) => {
    const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
    setView({ ...view, filters: clean });
  };

  const sorting: SortingState = [{ id: view.sort, desc: view.desc }];
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(view.hiddenColumns.map((c) => [c, false]));
  const table = useTable({
    features: caseTableFeatures,
    columns: caseColumns,
    data: rows,
    getRowId: (r) => r.number,
    manualSorting: true,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortField(first.id, SORT_FIELDS)) setView({ ...view, sort: first.id, desc: first.desc });
      else setView({ ...view, desc: !view.desc });
    },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === 'function' ? updater(columnVisibility) : updater;
      setView({ ...view, hiddenColumns: Object.entries(next).filter(([, v]) => !v).map(([k]) => k) });
    },
  });

  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows.length < total && lastIndex >= rows.length - 20) void load(rows.length);
  }, [lastIndex, rows.length, total, load]);

  // Global shortcuts: Ctrl/Cmd+N creates a case, Ctrl/Cmd+F focuses the search box.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'n') {
        e.preventDefault();
        setCreating(true);
      } else if (k === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onGridKey = (e: KeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      const next = Math.max(0, Math.min(tableRows.length - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 15);
    else if (e.key === 'PageUp') move(active - 15);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(tableRows.length - 1);
    else if (e.key === 'Enter') {
      const r = tableRows[active];
      if (r) navigate('case', r.original.number, 'overview');
    }
  };

  const f = view.filters;
  const visibleColumns = table.getAllLeafColumns().filter((c) => c.getIsVisible());
  const gridTemplate = visibleColumns.map((c) => (c.id === 'title' ? `minmax(${c.getSize()}px, 1fr)` : `${c.getSize()}px`)).join(' ');

  return (
    <section className="page case-list">
      <header className="page-header">
        <h1>Cases</h1>
        <div className="toolbar">
          <input
            ref={searchRef}
            type="search"
            className="search"
            aria-label="Search cases"
            placeholder="Search number, title, summary, tags…  (Ctrl+F)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <div className="menu-anchor">
            <button type="button" className="button" aria-expanded={showColumns} onClick={() => setShowColumns((s) => !s)}>
              Columns
            </button>
            {showColumns && (
              <div className="menu" role="menu">
                {table.getAllLeafColumns().map((c) => (
                  <label key={c.id} className="menu-item">
                    <input type="checkbox" checked={c.getIsVisible()} disabled={c.id === 'number'} onChange={c.getToggleVisibilityHandler()} /> {COLUMN_LABELS[c.id]}
                  </label>
                ))}
              </div>
            )}
          </div>
          <button type="button" className="button primary" onClick={() => setCreating(true)} title="Ctrl+N">
            New case
          </button>
        </div>
      </header>

      <div className="filters" aria-label="Filters">
        <select aria-label="Filter by status" value={f.status?.[0] ?? ''} onChange={(e) => setFilters({ ...f, status: e.target.value ? [e.target.value as (typeof CASE_STATUSES)[number]] : undefined })}>
          <option value="">All statuses</option>
          {CASE_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
        </select>
        <select aria-label="Filter by priority" value={f.priority?.[0] ?? ''} onChange={(e) => setFilters({ ...f, priority: e.target.value ? [e.target.value as (typeof PRIORITIES)[number]] : undefined })}>
          <option value="">All priorities</option>
          {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
        <select aria-label="Filter by assignee" value={f.assignee ?? ''} onChange={(e) => setFilters({ ...f, assignee: e.target.value || undefined })}>
          <option value="">All assignees</option>
          {assignees.data?.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <select aria-label="Filter by tag" value={f.tag ?? ''} onChange={(e) => setFilters({ ...f, tag: e.target.value || undefined })}>
          <option value="">All tags</option>
          {tags.data?.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <label className="inline-field">
          Opened from <input type="date" aria-label="Opened from" value={f.openedFrom ?? ''} onChange={(e) => setFilters({ ...f, openedFrom: e.target.value || undefined })} />
        </label>
        <label className="inline-field">
          to <input type="date" aria-label="Opened to" value={f.openedTo ?? ''} onChange={(e) => setFilters({ ...f, openedTo: e.target.value || undefined })} />
        </label>
        {Object.keys(f).length > 0 && (
          <button type="button" className="button link" onClick={() => { setSearch(''); setFilters({}); }}>
            Clear filters
          </button>
        )}
        <span className="count" aria-live="polite">{total.toLocaleString()} {total === 1 ? 'case' : 'cases'}</span>
      </div>

      <ErrorNotice error={error} />

      <div className="grid" role="grid" aria-rowcount={total} aria-label="Cases" tabIndex={0} onKeyDown={onGridKey}>
        <div className="grid-head" role="row" style={{ gridTemplateColumns: gridTemplate }}>
          {table.getHeaderGroups()[0]!.headers.filter((h) => h.column.getIsVisible()).map((h) => {
            const sorted = view.sort === h.column.id ? (view.desc ? 'descending' : 'ascending') : 'none';
            return (
              <div key={h.id} role="columnheader" aria-sort={sorted} className="grid-cell">
                {h.column.getCanSort() ? (
                  <button type="button" className="sort-button" onClick={() => isSortField(h.column.id, SORT_FIELDS) && setView({ ...view, sort: h.column.id, desc: view.sort === h.column.id ? !view.desc : false })}>
                    <table.FlexRender header={h} />
                    <span className="sort-mark">{sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
                  </button>
                ) : (
                  <table.FlexRender header={h} />
                )}
              </div>
            );
          })}
        </div>
        <div className="grid-body" ref={scrollRef}>
          {total === 0 && !error && <div className="empty">No cases match. {Object.keys(f).length ? 'Clear the filters to see all cases.' : 'Press Ctrl+N to open the first case.'}</div>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = tableRows[item.index]!;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={item.index === active}
                  className={item.index === active ? 'grid-row active' : 'grid-row'}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: gridTemplate }}
                  onClick={() => setActive(item.index)}
                  onDoubleClick={() => navigate('case', row.original.number, 'overview')}
                >
                  {row.getAllCells().filter((c) => c.column.getIsVisible()).map((cell) => (
                    <div key={cell.id} role="gridcell" className="grid-cell">
                      {cell.column.id === 'number' ? <a href={`#/case/${row.original.number}/overview`}>{row.original.number}</a> : <table.FlexRender cell={cell} />}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <NewCaseDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
