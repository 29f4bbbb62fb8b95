import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { AppError } from '../../shared/errors.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('case templates', () => {
  it('come seeded: three templates at version 1, recorded in the audit trail', async () => {
    const list = await core.call('templates.list', {});
    expect(list.map((t) => [t.name, t.version, t.priority])).toEqual([
      ['Payment anomaly', 1, 'medium'],
      ['Suspected DPRK IT worker — direct hire via staffing firm', 1, 'high'],
      ['Suspected DPRK IT worker — freelance platform', 1, 'high'],
    ]);
    const events = core.db.prepare("SELECT actor, action FROM audit_events WHERE entity = 'template' ORDER BY seq").all();
    expect(events).toEqual([{ actor: 'Casebook', action: 'created' }, { actor: 'Casebook', action: 'created' }, { actor: 'Casebook', action: 'created' }]);
  });

  it('a case made from a template gets its priority, tags, tasks (owned by the assignee, due after the given days) and records the version', async () => {
    const t = (await core.call('templates.list', {})).find((x) => x.name === 'Payment anomaly')!;
    const c = await core.call('cases.create', { title: 'Payroll to a shared account', template: 'payment anomaly', assignee: 'J. Okafor', tags: ['Payroll'] });
    expect(c.priority).toBe('medium');
    expect(c.tags).toEqual(['payment-anomaly', 'payroll']);
    const tasks = await core.call('investigation.list', { number: c.number });
    expect(tasks).toHaveLength(t.tasks.length);
    expect(tasks.map((x) => [x.title, x.owner, x.dueOn, x.status, x.fromTemplate])).toEqual(
      [...t.tasks].sort((a, b) => a.dueInDays - b.dueInDays).map((x) => [x.title, 'J. Okafor', addDays(c.openedAt, x.dueInDays), 'open', { name: 'Payment anomaly', version: 1 }]),
    );
    const overview = await core.call('cases.overview', { number: c.number });
    expect(overview.origin).toEqual({ templateId: t.id, name: 'Payment anomaly', version: 1, latestVersion: 1, diligence: ['DD-06', 'DD-07'] });
    expect(overview.diligence.planned.map((p) => [p.id, p.status])).toEqual([['DD-06', 'not_done'], ['DD-07', 'not_done']]);
    const audit = await core.call('cases.audit', { number: c.number });
    expect(audit.map((e) => `${e.entity} ${e.action}`)).toEqual(['case created', ...t.tasks.map(() => 'investigation_task created'), 'case template_applied']);
  });

  it('an explicit priority wins over the template’s; without an assignee the creator owns the tasks', async () => {
    const c = await core.call('cases.create', { title: 'Staffing firm hire', template: 'Suspected DPRK IT worker — direct hire via staffing firm', priority: 'critical' });
    expect(c.priority).toBe('critical');
    const tasks = await core.call('investigation.list', { number: c.number });
    expect(new Set(tasks.map((t) => t.owner))).toEqual(new Set(['Olivia Officer']));
  });

  it('editing makes a new version; older cases keep theirs; a stale edit is refused and writes nothing', async () => {
    const t1 = (await core.call('templates.list', {})).find((x) => x.name === 'Payment anomaly')!;
    const before = await core.call('cases.create', { title: 'Before the edit', template: 'Payment anomaly' });
    const t2 = await core.call('templates.save', { ...t1, id: t1.id, version: 1, priority: 'high', tasks: [...t1.tasks, { title: 'Interview the payroll clerk', dueInDays: 10, notes: '' }] });
    expect(t2.version).toBe(2);
    const after = await core.call('cases.create', { title: 'After the edit', template: 'Payment anomaly' });
    expect(after.priority).toBe('high');
    expect(await core.call('investigation.list', { number: after.number })).toHaveLength(t1.tasks.length + 1);
    expect((await core.call('cases.overview', { number: before.number })).origin).toMatchObject({ version: 1, latestVersion: 2 });
    expect((await core.call('cases.overview', { number: after.number })).origin).toMatchObject({ version: 2, latestVersion: 2 });
    const versions = await core.call('templates.versions', { id: t1.id });
    expect(versions.map((v) => [v.version, v.priority, v.cases])).toEqual([[2, 'high', 2], [1, 'medium', 2]]);

    const stale = await rejects(core.call('templates.save', { ...t1, id: t1.id, version: 1, description: 'Someone else’s older edit' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/now version 2/);
    expect((await core.call('templates.versions', { id: t1.id })).length).toBe(2);
    // The stored versions are records: SQLite refuses to rewrite one.
    expect(() => core.db.prepare("UPDATE case_template_versions SET priority = 'low' WHERE template_id = ? AND version = 1").run(t1.id)).toThrow(/immutable/);
  });

  it('refuses unknown templates (naming the ones there are), retired ones, unknown due-diligence steps and duplicate names', async () => {
    const unknown = await rejects(core.call('cases.create', { title: 'X', template: 'No such template' }));
    expect(unknown.message).toMatch(/There is no case template named "No such template". Templates: "Payment anomaly"/);
    const t = (await core.call('templates.list', {})).find((x) => x.name === 'Payment anomaly')!;
    await core.call('templates.retire', { id: t.id, retired: true });
    expect((await rejects(core.call('cases.create', { title: 'X', template: 'Payment anomaly' }))).message).toMatch(/is retired/);
    expect((await core.call('templates.list', {})).map((x) => x.name)).not.toContain('Payment anomaly');
    expect((await rejects(core.call('templates.save', { name: 'New one', priority: 'low', diligence: ['DD-99'] }))).message).toMatch(/Unknown due-diligence step: DD-99/);
    expect((await rejects(core.call('templates.save', { name: 'payment ANOMALY', priority: 'low' }))).message).toMatch(/already exists/);
    // Nothing half-made: no case was created by the refused calls.
    expect((await core.call('cases.list', {})).total).toBe(0);
  });
});

describe('investigation tasks', () => {
  it('exist before any decision, link exhibits of the case, and keep a newer save from being overwritten', async () => {
    const { number } = await core.call('cases.create', { title: 'Before a decision' });
    const bad = await rejects(core.call('investigation.add', { number, title: 'Check the laptop', owner: 'IT', dueOn: '2026-12-31', exhibits: ['E-001'] }));
    expect(bad.message).toMatch(/has no exhibit E-001/);
    await core.call('evidence.addNote', { number, title: 'Shipping label', text: 'Shipped to a different address.' });
    const t = await core.call('investigation.add', { number, title: 'Check the laptop', owner: 'IT', dueOn: '2026-12-31', notes: 'Ask for the MDM record.', exhibits: ['e-001'] });
    expect(t).toMatchObject({ title: 'Check the laptop', status: 'open', exhibits: ['E-001'], version: 1, fromTemplate: null });
    const moved = await core.call('investigation.update', { number, id: t.id, version: 1, patch: { status: 'done', notes: 'MDM shows a remote-access tool.' } });
    expect(moved).toMatchObject({ status: 'done', version: 2 });
    expect(moved.completedAt).not.toBeNull();
    const stale = await rejects(core.call('investigation.update', { number, id: t.id, version: 1, patch: { owner: 'Someone' } }));
    expect(stale.code).toBe('conflict');
    expect((await core.call('investigation.list', { number }))[0]!.owner).toBe('IT');
    const audit = (await core.call('cases.audit', { number })).filter((e) => e.entity === 'investigation_task');
    expect(audit.map((e) => [e.action, e.after])).toEqual([
      ['created', { title: 'Check the laptop', owner: 'IT', dueOn: '2026-12-31', notes: 'Ask for the MDM record.', exhibits: ['E-001'] }],
      ['updated', { status: 'done', notes: 'MDM shows a remote-access tool.' }],
    ]);
  });

  it('the CLI adds one with `tasks add --kind investigate`', async () => {
    const { number } = await core.call('cases.create', { title: 'From the command line' });
    core.close();
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['bin/casebook.mjs', '--db', core.dbFile, '--user', 'Olivia Officer', 'tasks', 'add', number, '--kind', 'investigate', '--title', 'Request the platform ID check', '--owner', 'A. Rivera', '--due', '2027-01-15'], { encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ title: 'Request the platform ID check', owner: 'A. Rivera', dueOn: '2027-01-15', status: 'open' });
    const dash = JSON.parse(execFileSync(process.execPath, ['bin/casebook.mjs', '--db', core.dbFile, 'dashboard'], { encoding: 'utf8' })) as { cases: { total: number } };
    expect(dash.cases.total).toBe(1);
    const templates = JSON.parse(execFileSync(process.execPath, ['bin/casebook.mjs', '--db', core.dbFile, 'templates', 'list'], { encoding: 'utf8' })) as { name: string }[];
    expect(templates).toHaveLength(3);
  });
});
