import { createColumnHelper, tableFeatures, rowSortingFeature, columnVisibilityFeature, columnSizingFeature } from '@tanstack/react-table';
import { STATUS_LABELS, type CaseListRow, type SortField } from '../../../../shared/cases.ts';
import { formatDate } from '../../format.ts';
import { bandFor } from '../../../../shared/indicators/score.ts';
import { showInvisible } from '../../../../shared/text.ts';

export const caseTableFeatures = tableFeatures({ rowSortingFeature, columnVisibilityFeature, columnSizingFeature });
const helper = createColumnHelper<typeof caseTableFeatures, CaseListRow>();

/** Column ids are the SQL sort fields, so sorting a column sorts in SQL. */
export const caseColumns = helper.columns([
  helper.accessor('number', { id: 'number', header: 'Number', size: 150, cell: (c) => <span className="mono">{c.getValue()}</span> }),
  helper.accessor('title', { id: 'title', header: 'Title', size: 240, cell: (c) => <span title={showInvisible(c.getValue())}>{showInvisible(c.getValue())}</span> }),
  helper.accessor('status', { id: 'status', header: 'Status', size: 170, cell: (c) => <span className={`badge status-${c.getValue()}`}>{STATUS_LABELS[c.getValue()]}</span> }),
  helper.accessor('priority', { id: 'priority', header: 'Priority', size: 90, cell: (c) => <span className={`badge priority-${c.getValue()}`}>{c.getValue()}</span> }),
  helper.accessor('risk', { id: 'risk', header: 'Risk', size: 70, cell: (c) => <span className={`badge band-${bandFor(c.getValue())}`} title={`risk ${c.getValue()} of 100, ${bandFor(c.getValue())}`}>{c.getValue()}</span> }),
  helper.accessor('overdueTasks', {
    id: 'overdueTasks',
    header: 'Tasks',
    size: 120,
    enableSorting: false,
    cell: (c) =>
      c.getValue() > 0 ? (
        <span className="badge overdue" title={`${c.row.original.openTasks} open investigation and remediation tasks, ${c.getValue()} past their due date`}>{c.getValue()} overdue</span>
      ) : c.row.original.openTasks > 0 ? (
        <span className="muted" title="Open investigation and remediation tasks">{c.row.original.openTasks} open</span>
      ) : null,
  }),
  helper.accessor('assignee', { id: 'assignee', header: 'Assignee', size: 120, cell: (c) => c.getValue() || <span className="muted">—</span> }),
  helper.accessor((r) => r.tags.join(', '), { id: 'tags', header: 'Tags', size: 150, enableSorting: false, cell: (c) => <span className="tags">{c.row.original.tags.map((t) => <span key={t} className="tag">{t}</span>)}</span> }),
  helper.accessor('openedAt', { id: 'openedAt', header: 'Opened', size: 110, cell: (c) => formatDate(c.getValue()) }),
  helper.accessor('closedAt', { id: 'closedAt', header: 'Closed', size: 110, cell: (c) => formatDate(c.getValue()) }),
  helper.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', size: 110, cell: (c) => formatDate(c.getValue()) }),
]);

export const COLUMN_LABELS: Record<string, string> = {
  number: 'Number', title: 'Title', status: 'Status', priority: 'Priority', risk: 'Risk', overdueTasks: 'Tasks', assignee: 'Assignee', tags: 'Tags', openedAt: 'Opened', closedAt: 'Closed', updatedAt: 'Updated',
};

export const isSortField = (id: string, fields: readonly string[]): id is SortField => fields.includes(id);
