import type { Db } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { createCase } from '../cases/repo.ts';
import { dueAfter, insertInvestigationTask } from '../investigations/repo.ts';
import { recordOrigin, templateByName } from './repo.ts';
import type { CaseFields, CaseRecord, Priority } from '../../../shared/cases.ts';

export type CreateInput = Omit<CaseFields, 'priority'> & { priority?: Priority | undefined; template?: string | undefined };

/**
 * Creates a case, from a template when one is named: the template's priority unless one is given,
 * its tags added to those given, its investigation tasks (owned by the assignee, else by whoever
 * creates the case; due the given number of days after opening), and the version it came from.
 * All in one transaction: a case is never left half made from a template.
 */
export function createCaseWithTemplate(db: Db, actor: string, input: CreateInput): CaseRecord {
  const { template: name, ...rest } = input;
  if (!name) return createCase(db, actor, { ...rest, priority: rest.priority ?? 'medium' });
  return db.transaction(() => {
    const t = templateByName(db, name);
    const now = new Date().toISOString();
    const c = createCase(db, actor, { ...rest, priority: rest.priority ?? t.priority, tags: [...new Set([...t.tags, ...rest.tags])].sort() }, now);
    recordOrigin(db, c.id, t);
    const owner = c.assignee || actor;
    for (const task of t.tasks) {
      insertInvestigationTask(db, actor, c.id, { title: task.title, owner, dueOn: dueAfter(c.openedAt, task.dueInDays), notes: task.notes, exhibits: [] }, now, t);
    }
    appendAudit(db, actor, { caseId: c.id, entity: 'case', entityId: c.number, action: 'template_applied', after: { template: t.name, version: t.version, tasks: t.tasks.length, diligence: t.diligence } }, now);
    return c;
  }).immediate();
}
