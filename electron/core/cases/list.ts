import { stmt, timed, type ReadDb } from '../db/connection.ts';
import { CASE_STATUSES, CaseListQuery, PRIORITIES, type CaseListResult, type CaseListRow, type SortField } from '../../../shared/cases.ts';
import { rowToCase, type CaseRow } from './rows.ts';
import { identifierSearchKey } from '../../../shared/identifiers.ts';
import type { z } from 'zod';
import { BAND_FLOORS, type RiskBand } from '../../../shared/indicators/score.ts';

/** Column expressions for sorting; every one is backed by an index. */
const SORT_SQL: Record<SortField, string> = {
  number: 'c.num_year {dir}, c.num_seq {dir}',
  title: 'c.title COLLATE NOCASE {dir}, c.id {dir}',
  status: 'c.status_rank {dir}, c.id {dir}',
  priority: 'c.priority_rank {dir}, c.id {dir}',
  assignee: 'c.assignee COLLATE NOCASE {dir}, c.id {dir}',
  openedAt: 'c.opened_at {dir}, c.id {dir}',
  closedAt: 'c.closed_at {dir}, c.id {dir}',
  updatedAt: 'c.updated_at {dir}, c.id {dir}',
  risk: 'c.risk_score {dir}, c.id {dir}',
};

const LIST_COLUMNS = 'c.id, c.number, c.title, \'\' AS summary, c.priority, c.status, c.assignee, c.tags, c.opened_at, c.closed_at, NULL AS closing_note, \'\' AS created_by, c.updated_at, c.version, c.locked, c.risk_score AS risk, ' +
  // Investigation and remediation tasks open and past their due date: probes of the partial indexes on open tasks per row.
  "(SELECT count(*) FROM remediation_tasks t WHERE t.case_id = c.id AND t.status IN ('open', 'in_progress') AND t.due_on < date('now')) + " +
  "(SELECT count(*) FROM investigation_tasks t WHERE t.case_id = c.id AND t.status IN ('open', 'in_progress') AND t.due_on < date('now')) AS overdue_tasks, " +
  "(SELECT count(*) FROM remediation_tasks t WHERE t.case_id = c.id AND t.status IN ('open', 'in_progress')) + " +
  "(SELECT count(*) FROM investigation_tasks t WHERE t.case_id = c.id AND t.status IN ('open', 'in_progress')) AS open_tasks";

type ListRow = CaseRow & { risk: number; overdue_tasks: number; open_tasks: number };

/** Score ranges of the risk bands (shared/indicators/score.ts: low < 25 ≤ medium < 50 ≤ high < 75 ≤ critical). */
const BAND_RANGE: Record<RiskBand, [number, number]> = { low: [0, BAND_FLOORS.medium - 1], medium: [BAND_FLOORS.medium, BAND_FLOORS.high - 1], high: [BAND_FLOORS.high, BAND_FLOORS.critical - 1], critical: [BAND_FLOORS.critical, 100] };

/** Cases with an open task past its due date (of one owner, when given), from both kinds of task. */
const OVERDUE_CASES = (owner: boolean) =>
  `SELECT case_id FROM investigation_tasks WHERE status IN ('open', 'in_progress') AND due_on < date('now')${owner ? ' AND owner = ?' : ''} ` +
  `UNION SELECT case_id FROM remediation_tasks WHERE status IN ('open', 'in_progress') AND due_on < date('now')${owner ? ' AND owner = ?' : ''}`;

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** An FTS5 trigram phrase: the whole search text, matched as a substring anywhere. */
const ftsPhrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type ListSql = { where: string; params: unknown[]; orderBy: string };

/** Builds the SQL for a list query. Only whitelisted column names reach the SQL text; every value is bound. */
export function listSql(q: z.output<typeof CaseListQuery>): ListSql {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.search) {
    if (q.search.length >= 3) {
      // Words in the case's notes are found too (the notes' own trigram index).
      where.push('{+}c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? UNION SELECT case_id FROM identifiers WHERE value_norm = ? UNION SELECT case_id FROM case_notes WHERE id IN (SELECT rowid FROM case_notes_fts WHERE case_notes_fts MATCH ?))');
      params.push(ftsPhrase(q.search), identifierSearchKey(q.search), ftsPhrase(q.search));
    } else {
      where.push(`(c.number LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\' OR c.tags LIKE ? ESCAPE '\\')`);
      const like = likeEscape(q.search);
      params.push(like, like, like);
    }
  }
  // Filter on the ranks, not the names: the rank indexes then cover the count.
  if (q.status?.length) {
    where.push(`{+}c.status_rank IN (${q.status.map(() => '?').join(', ')})`);
    params.push(...q.status.map((s) => CASE_STATUSES.indexOf(s) + 1));
  }
  if (q.priority?.length) {
    where.push(`{+}c.priority_rank IN (${q.priority.map(() => '?').join(', ')})`);
    params.push(...q.priority.map((p) => PRIORITIES.indexOf(p) + 1));
  }
  if (q.assignee) {
    where.push('{+}c.assignee = ? COLLATE NOCASE');
    params.push(q.assignee);
  }
  if (q.tag) {
    where.push('{+}c.id IN (SELECT case_id FROM case_tags WHERE tag = ?)');
    params.push(q.tag);
  }
  if (q.openedFrom) {
    where.push('{+}c.opened_at >= ?');
    params.push(q.openedFrom);
  }
  if (q.openedTo) {
    where.push("{+}c.opened_at < date(?, '+1 day')");
    params.push(q.openedTo);
  }
  if (q.band?.length) {
    where.push(`(${q.band.map(() => '{+}c.risk_score BETWEEN ? AND ?').join(' OR ')})`);
    params.push(...q.band.flatMap((b) => BAND_RANGE[b]));
  }
  if (q.openHits) where.push("{+}c.id IN (SELECT case_id FROM sanctions_hits WHERE status = 'open')");
  if (q.openFindings) where.push("{+}c.id IN (SELECT case_id FROM activity_findings WHERE status = 'open')");
  if (q.overdue || q.taskOwner) {
    where.push(`{+}c.id IN (${OVERDUE_CASES(Boolean(q.taskOwner))})`);
    if (q.taskOwner) params.push(q.taskOwner, q.taskOwner);
  }
  return {
    where: where.length ? `WHERE ${where.join(' AND ')}` : '',
    params,
    orderBy: SORT_SQL[q.sort].replaceAll('{dir}', q.desc ? 'DESC' : 'ASC'),
  };
}

/** Above this many matches, walking the sort index beats sorting the matches. */
const BROAD_MATCH = 2_000;

/** The count query; filters may use their own indexes. */
export const countSql = (where: string) => `SELECT count(*) AS n FROM cases c ${where.replaceAll('{+}', '')}`;

/**
 * The page query. When the filters match many cases, a unary `+` on each filtered column stops
 * SQLite from fetching every match and sorting it: it walks the sort column's index instead and
 * stops after the page. When they match few, the filters' own indexes find them first.
 */
export const listRowsSql = (where: string, orderBy: string, total = 0) =>
  `SELECT ${LIST_COLUMNS} FROM cases c ${where.replaceAll('{+}', total > BROAD_MATCH ? '+' : '')} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;

export function listCases(db: ReadDb, input: CaseListQuery): CaseListResult {
  const q = CaseListQuery.parse(input);
  const { where, params, orderBy } = listSql(q);
  return timed('cases.list', () => {
    const total = (stmt(db, countSql(where)).get(...params) as { n: number }).n;
    const rows = stmt(db, listRowsSql(where, orderBy, total)).all(...params, q.limit, q.offset) as ListRow[];
    return {
      total,
      rows: rows.map((r): CaseListRow => {
        const { summary: _s, closingNote: _n, createdBy: _c, ...row } = rowToCase(r);
        return { ...row, risk: r.risk, overdueTasks: r.overdue_tasks, openTasks: r.open_tasks };
      }),
    };
  });
}
