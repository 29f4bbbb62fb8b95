import { stmt, type Db, type ReadDb } from '../db/connection.ts';
import { appendAudit } from '../audit/chain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Priority } from '../../../shared/cases.ts';
import { DILIGENCE_STEPS } from '../../../shared/indicators/diligence.ts';
import type { CaseOrigin, CaseTemplate, TemplateFields, TemplateTask } from '../../../shared/workspace.ts';

type VersionRow = {
  template_id: number;
  version: number;
  name: string;
  description: string;
  priority: Priority;
  tags: string;
  diligence: string;
  tasks: string;
  created_by: string;
  created_at: string;
  retired: number;
  cases: number;
};

const rowToTemplate = (r: VersionRow): CaseTemplate => ({
  id: r.template_id,
  version: r.version,
  name: r.name,
  description: r.description,
  priority: r.priority,
  tags: JSON.parse(r.tags) as string[],
  diligence: JSON.parse(r.diligence) as string[],
  tasks: JSON.parse(r.tasks) as TemplateTask[],
  retired: r.retired === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
  cases: r.cases,
});

const SELECT = `SELECT v.*, t.retired, (SELECT count(*) FROM case_origins o WHERE o.template_id = t.id) AS cases
  FROM case_templates t JOIN case_template_versions v ON v.template_id = t.id`;

/** The current version of every template, by name. */
export function listTemplates(db: ReadDb, includeRetired = false): CaseTemplate[] {
  const rows = stmt(db, `${SELECT} AND v.version = t.current_version ${includeRetired ? '' : 'WHERE t.retired = 0'} ORDER BY t.name COLLATE NOCASE`).all() as VersionRow[];
  return rows.map(rowToTemplate);
}

export function templateVersions(db: ReadDb, id: number): CaseTemplate[] {
  const rows = stmt(db, `${SELECT} WHERE t.id = ? ORDER BY v.version DESC`).all(id) as VersionRow[];
  if (rows.length === 0) throw new AppError('not_found', `There is no case template with id ${id}.`);
  return rows.map(rowToTemplate);
}

function templateVersion(db: ReadDb, id: number, version: number): CaseTemplate {
  const r = stmt(db, `${SELECT} WHERE t.id = ? AND v.version = ?`).get(id, version) as VersionRow | undefined;
  if (!r) throw new AppError('not_found', `There is no version ${version} of case template ${id}.`);
  return rowToTemplate(r);
}

/** The current version of the template of that name (not retired), for making a case. */
export function templateByName(db: ReadDb, name: string): CaseTemplate {
  const t = stmt(db, 'SELECT id, current_version, retired FROM case_templates WHERE name = ? COLLATE NOCASE').get(name.trim()) as { id: number; current_version: number; retired: number } | undefined;
  if (!t) {
    const names = listTemplates(db).map((x) => `"${x.name}"`);
    throw new AppError('not_found', `There is no case template named "${name}". Templates: ${names.join(', ') || 'none'}.`, { issues: [{ path: 'template', message: 'is not a template name' }] });
  }
  if (t.retired) throw new AppError('invalid_input', `The case template "${name}" is retired; restore it in Settings to use it.`, { issues: [{ path: 'template', message: 'is retired' }] });
  return templateVersion(db, t.id, t.current_version);
}

/**
 * Saves a new template, or the next version of one. An edit carries the version it started from;
 * if someone saved a newer version meanwhile, nothing is written (their version is not
 * overwritten, the caller's text is returned with the conflict).
 */
export function saveTemplate(db: Db, actor: string, f: TemplateFields & { id?: number | undefined; version?: number | undefined }): CaseTemplate {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const unknown = f.diligence.filter((d) => !DILIGENCE_STEPS.some((s) => s.id === d));
    if (unknown.length) throw new AppError('invalid_input', `Unknown due-diligence step${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.`, { issues: [{ path: 'diligence', message: `${unknown.join(', ')} not in the checklist` }] });
    const clash = stmt(db, 'SELECT id FROM case_templates WHERE name = ? COLLATE NOCASE').pluck().get(f.name) as number | undefined;
    if (clash !== undefined && clash !== f.id) {
      throw new AppError('invalid_input', `A case template named "${f.name}" already exists; choose another name or edit that one.`, { issues: [{ path: 'name', message: 'is already taken' }] });
    }
    let id: number;
    let version: number;
    let before: CaseTemplate | null = null;
    if (f.id === undefined) {
      id = Number(stmt(db, 'INSERT INTO case_templates (name, current_version) VALUES (?, 1)').run(f.name).lastInsertRowid);
      version = 1;
    } else {
      const t = stmt(db, 'SELECT current_version FROM case_templates WHERE id = ?').pluck().get(f.id) as number | undefined;
      if (t === undefined) throw new AppError('not_found', `There is no case template with id ${f.id}.`);
      before = templateVersion(db, f.id, t);
      if (f.version !== undefined && f.version !== t) {
        throw new AppError('conflict', `"${before.name}" was changed since you started editing (you edited version ${f.version}; it is now version ${t}). Your changes were kept, not saved: compare them with the newer version, then save again.`, { details: { current: before } });
      }
      id = f.id;
      version = t + 1;
      stmt(db, 'UPDATE case_templates SET name = ?, current_version = ? WHERE id = ?').run(f.name, version, id);
    }
    stmt(db, 
      `INSERT INTO case_template_versions (template_id, version, name, description, priority, tags, diligence, tasks, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, version, f.name, f.description, f.priority, JSON.stringify(f.tags), JSON.stringify(f.diligence), JSON.stringify(f.tasks), actor, now);
    const saved = templateVersion(db, id, version);
    const view = (t: CaseTemplate) => ({ name: t.name, description: t.description, priority: t.priority, tags: t.tags, diligence: t.diligence, tasks: t.tasks, version: t.version });
    appendAudit(db, actor, { caseId: null, entity: 'template', entityId: String(id), action: before ? 'new_version' : 'created', ...(before && { before: view(before) }), after: view(saved) }, now);
    return saved;
  }).immediate();
}

export function retireTemplate(db: Db, actor: string, id: number, retired: boolean): CaseTemplate {
  return db.transaction(() => {
    const t = stmt(db, 'SELECT current_version, retired FROM case_templates WHERE id = ?').get(id) as { current_version: number; retired: number } | undefined;
    if (!t) throw new AppError('not_found', `There is no case template with id ${id}.`);
    if ((t.retired === 1) !== retired) {
      stmt(db, 'UPDATE case_templates SET retired = ? WHERE id = ?').run(retired ? 1 : 0, id);
      appendAudit(db, actor, { caseId: null, entity: 'template', entityId: String(id), action: retired ? 'retired' : 'restored', before: { retired: t.retired === 1 }, after: { retired } });
    }
    return templateVersion(db, id, t.current_version);
  }).immediate();
}

/** Records, in the case's creating transaction, the template version it was made from. */
export function recordOrigin(db: Db, caseId: number, t: CaseTemplate): void {
  stmt(db, 'INSERT INTO case_origins (case_id, template_id, template_version) VALUES (?, ?, ?)').run(caseId, t.id, t.version);
}

export function caseOrigin(db: ReadDb, caseId: number): CaseOrigin | null {
  const o = stmt(db, 'SELECT template_id, template_version FROM case_origins WHERE case_id = ?').get(caseId) as { template_id: number; template_version: number } | undefined;
  if (!o) return null;
  const t = templateVersion(db, o.template_id, o.template_version);
  const latest = stmt(db, 'SELECT current_version FROM case_templates WHERE id = ?').pluck().get(o.template_id) as number;
  return { templateId: t.id, name: t.name, version: t.version, latestVersion: latest, diligence: t.diligence };
}
