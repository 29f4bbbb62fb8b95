import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTable, type SortingState, type ColumnVisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CASE_STATUSES, PRIORITIES, SORT_FIELDS, STATUS_LABELS, type CaseListQuery, type CaseListRow, type CaseListView } from '../../../../shared/cases.ts';
import { api, ApiError } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { navigate, useRoute } from '../../router.ts';
import { RISK_BANDS, type RiskBand } from '../../../../shared/indicators/score.ts';
import { parseCasesWhere } from './filterLink.ts';
import '../dashboard/dashboard.css';
import { caseColumns, caseTableFeatures, COLUMN_LABELS, isSortField } from './columns.tsx';
import { NewCaseDialog } from './NewCaseDialog.tsx';
import { useCaseView } from './useCaseView.ts';

const PAGE = 100;
const ROW_HEIGHT = 36;

type Filters = CaseListView['filters'];

export function CaseList() {
  const [view, setView] = useCaseView();
  const route = useRoute();
  // A link from the dashboard (#/cases/where/…) replaces the list's filters once, keeping sort and columns.
  const where = route[1] === 'where' ? (route[2] ?? '') : null;
  const [applied, setApplied] = useState<string | null>(null);
  useEffect(() => {
    if (!view || where === null || applied === where) return;
    setView({ ...view, filters: parseCasesWhere(where) });
    setApplied(where);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- applied once per link
  }, [view === null, where]);
  if (!view || (where !== null && applied !== where)) return <div className="loading">Loading cases…</div>;
  return <CaseTable key={applied ?? ''} view={view} setView={setView} />;
}

const BAND_NAMES: Record<RiskBand, string> = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

/** The filters a dashboard link sets that have no control of their own, each with a button to remove it. */
function FilterChips({ f, setFilters }: { f: Filters; setFilters: (f: Filters) => void }) {
  const chips: { key: string; label: string; drop: Filters }[] = [];
  if ((f.status?.length ?? 0) > 1) chips.push({ key: 'status', label: `Status: ${f.status!.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ')}`, drop: { ...f, status: undefined } });
  if (f.openHits) chips.push({ key: 'openHits', label: 'Sanctions hits awaiting a decision', drop: { ...f, openHits: undefined } });
  if (f.openFindings) chips.push({ key: 'openFindings', label: 'Detector findings awaiting review', drop: { ...f, openFindings: undefined } });
  if (f.overdue && !f.taskOwner) chips.push({ key: 'overdue', label: 'Overdue tasks', drop: { ...f, overdue: undefined } });
  if (f.taskOwner) chips.push({ key: 'taskOwner', label: `Overdue tasks of ${f.taskOwner}`, drop: { ...f, taskOwner: undefined, overdue: undefined } });
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips" role="group" aria-label="Other filters">
      <span className="muted">Also showing only:</span>
      {chips.map((c) => (
        <span key={c.key} className="filter-chip">
          {c.label}
          <button type="button" aria-label={`Remove filter: ${c.label}`} onClick={() => setFilters(c.drop)}>×</button>
        </span>
      ))}
    </div>
  );
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
        <select aria-label="Filter by risk" value={f.band?.length === 1 ? f.band[0] : ''} onChange={(e) => setFilters({ ...f, band: e.target.value ? [e.target.value as RiskBand] : undefined })}>
          <option value="">All risk bands</option>
          {RISK_BANDS.map((b) => <option key={b} value={b}>Risk {BAND_NAMES[b]}</option>)}
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

      <FilterChips f={f} setFilters={setFilters} />
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
