import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { assertCaseWritable, getCase } from '../cases/repo.ts';
import { assertExhibitsExist } from '../indicators/exhibits.ts';
import { AppError } from '../../../shared/errors.ts';
import { isOverdue } from '../../../shared/decisions.ts';
import type { CaseTemplate, InvestigationStatus, InvestigationTask } from '../../../shared/workspace.ts';

type TaskRow = {
  id: number;
  case_id: number;
  title: string;
  owner: string;
  due_on: string;
  status: InvestigationStatus;
  notes: string;
  exhibits: string;
  template_id: number | null;
  template_version: number | null;
  template_name: string | null;
  completed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
};

const today = () => new Date().toISOString().slice(0, 10);

const rowToTask = (r: TaskRow, on = today()): InvestigationTask => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status,
  notes: r.notes,
  exhibits: JSON.parse(r.exhibits) as string[],
  fromTemplate: r.template_id !== null && r.template_name !== null ? { name: r.template_name, version: r.template_version! } : null,
  completedAt: r.completed_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  overdue: isOverdue({ status: r.status, dueOn: r.due_on }, on),
});

const SELECT = `SELECT t.*, v.name AS template_name FROM investigation_tasks t
  LEFT JOIN case_template_versions v ON v.template_id = t.template_id AND v.version = t.template_version`;

export function listInvestigationTasks(db: ReadDb, caseId: number): InvestigationTask[] {
  const on = today();
  return (stmt(db, `${SELECT} WHERE t.case_id = ? ORDER BY t.status IN ('done', 'cancelled'), t.due_on, t.id`).all(caseId) as TaskRow[]).map((r) => rowToTask(r, on));
}

function getTask(db: ReadDb, caseId: number, id: number): InvestigationTask {
  const r = stmt(db, `${SELECT} WHERE t.id = ? AND t.case_id = ?`).get(id, caseId) as TaskRow | undefined;
  if (!r) throw new AppError('not_found', `There is no investigation task ${id} in this case.`);
  return rowToTask(r);
}

export type NewInvestigationTask = { title: string; owner: string; dueOn: string; notes: string; exhibits: string[] };

/** Inserts one task inside the caller's transaction, audited; the case must be writable. */
export function insertInvestigationTask(db: Db, actor: string, caseId: number, t: NewInvestigationTask, now: string, from?: CaseTemplate): InvestigationTask {
  assertExhibitsExist(db, caseId, t.exhibits);
  const info = stmt(db, 
    `INSERT INTO investigation_tasks (case_id, title, owner, due_on, notes, exhibits, template_id, template_version, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(caseId, t.title, t.owner, t.dueOn, t.notes, JSON.stringify(t.exhibits), from?.id ?? null, from?.version ?? null, actor, now, now);
  const task = getTask(db, caseId, Number(info.lastInsertRowid));
  appendAudit(db, actor, { caseId, entity: 'investigation_task', entityId: task.id, action: 'created', after: { ...t, ...(from && { template: `${from.name} (version ${from.version})` }) } }, now);
  return task;
}

export function addInvestigationTask(db: Db, actor: string, number: string, t: NewInvestigationTask): InvestigationTask {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    return insertInvestigationTask(db, actor, c.id, t, new Date().toISOString());
  }).immediate();
}

export type InvestigationPatch = Partial<{ status: InvestigationStatus; title: string; owner: string; dueOn: string; notes: string; exhibits: string[] }>;

/** Saves a change made from `version`; a newer save in between is a conflict, never overwritten. */
export function updateInvestigationTask(db: Db, actor: string, number: string, id: number, version: number, patch: InvestigationPatch): InvestigationTask {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertCaseWritable(c);
    const current = getTask(db, c.id, id);
    if (current.version !== version) {
      throw new AppError('conflict', `Task ${id} was changed since you opened it (now version ${current.version}); reload it and apply your change again.`, { details: { current } });
    }
    const keys = (Object.keys(patch) as (keyof InvestigationPatch)[]).filter((k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(current[k]));
    if (keys.length === 0) return current;
    const next = { ...current, ...patch };
    if (keys.includes('exhibits')) assertExhibitsExist(db, c.id, next.exhibits);
    const now = new Date().toISOString();
    const completedAt = next.status === 'done' ? (current.completedAt ?? now) : null;
    stmt(db, 
      `UPDATE investigation_tasks SET status = ?, title = ?, owner = ?, due_on = ?, notes = ?, exhibits = ?, completed_at = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND version = ?`,
    ).run(next.status, next.title, next.owner, next.dueOn, next.notes, JSON.stringify(next.exhibits), completedAt, now, id, version);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, o[k]]));
    appendAudit(db, actor, { caseId: c.id, entity: 'investigation_task', entityId: id, action: 'updated', before: pick(current), after: pick(next) }, now);
    return getTask(db, c.id, id);
  }).immediate();
}

/** Due date of a template's task for a case opened on `opened` (a date), `days` later. */
export const dueAfter = (opened: string, days: number): string => new Date(Date.parse(`${opened.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
