import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { getCase } from '../cases/repo.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CaseRecord } from '../../../shared/cases.ts';
import { isOverdue, type RemediationTask, type TaskKind, type TaskStatus } from '../../../shared/decisions.ts';

type TaskRow = {
  id: number;
  case_id: number;
  kind: TaskKind;
  title: string;
  owner: string;
  due_on: string;
  status: TaskStatus;
  evidence: string;
  completed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
};

const today = () => new Date().toISOString().slice(0, 10);

const rowToTask = (r: TaskRow, on = today()): RemediationTask => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  title: r.title,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status,
  evidence: r.evidence,
  completedAt: r.completed_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  overdue: isOverdue({ status: r.status, dueOn: r.due_on }, on),
});

/**
 * Remediation carries out a decision, so it continues after the signed final decision locks the
 * case; only a case closed without that decision (or reopened-and-closed again) refuses it.
 */
function assertTasksWritable(c: CaseRecord): void {
  if (c.status === 'closed' && !c.locked) throw new AppError('locked', `${c.number} is closed; reopen it (with a reason) to change its remediation tasks.`);
}

export function listTasks(db: ReadDb, caseId: number): RemediationTask[] {
  const on = today();
  return (stmt(db, 'SELECT * FROM remediation_tasks WHERE case_id = ? ORDER BY due_on, id').all(caseId) as TaskRow[]).map((r) => rowToTask(r, on));
}

function getTask(db: Db, caseId: number, id: number): RemediationTask {
  const r = stmt(db, 'SELECT * FROM remediation_tasks WHERE id = ? AND case_id = ?').get(id, caseId) as TaskRow | undefined;
  if (!r) throw new AppError('not_found', `There is no remediation task ${id} in this case.`);
  return rowToTask(r);
}

export type NewTask = { kind: TaskKind; title: string; owner: string; dueOn: string; evidence: string };

export function addTask(db: Db, actor: string, number: string, t: NewTask): RemediationTask {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertTasksWritable(c);
    const now = new Date().toISOString();
    const info = stmt(db, `INSERT INTO remediation_tasks (case_id, kind, title, owner, due_on, evidence, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c.id, t.kind, t.title, t.owner, t.dueOn, t.evidence, actor, now, now);
    const task = getTask(db, c.id, Number(info.lastInsertRowid));
    appendAudit(db, actor, { caseId: c.id, entity: 'remediation_task', entityId: task.id, action: 'created', after: t }, now);
    return task;
  }).immediate();
}

export type TaskPatch = Partial<{ status: TaskStatus; owner: string; dueOn: string; evidence: string; title: string }>;

/** Saves a change made from `version`; a newer save in between is a conflict, never overwritten. */
export function updateTask(db: Db, actor: string, number: string, id: number, version: number, patch: TaskPatch): RemediationTask {
  return db.transaction(() => {
    const c = getCase(db, number);
    assertTasksWritable(c);
    const current = getTask(db, c.id, id);
    if (current.version !== version) {
      throw new AppError('conflict', `Task ${id} was changed since you opened it (now version ${current.version}); reload it and apply your change again.`, { details: { current } });
    }
    const keys = (Object.keys(patch) as (keyof TaskPatch)[]).filter((k) => patch[k] !== undefined && patch[k] !== current[k]);
    if (keys.length === 0) return current;
    const next = { ...current, ...patch };
    if (next.status === 'done' && next.evidence.trim() === '') {
      throw new AppError('invalid_input', 'A task is done only with evidence: say what was done and where the proof is.', { issues: [{ path: 'patch.evidence', message: 'is required to mark a task done' }] });
    }
    const now = new Date().toISOString();
    const completedAt = next.status === 'done' ? (current.completedAt ?? now) : null;
    stmt(db, `UPDATE remediation_tasks SET status = ?, owner = ?, due_on = ?, evidence = ?, title = ?, completed_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`)
      .run(next.status, next.owner, next.dueOn, next.evidence, next.title, completedAt, now, id, version);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, o[k]]));
    appendAudit(db, actor, { caseId: c.id, entity: 'remediation_task', entityId: id, action: 'updated', before: pick(current), after: pick(next) }, now);
    return getTask(db, c.id, id);
  }).immediate();
}
