import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { invoke } from '../../electron/core/api.ts';
import { createCase } from '../../electron/core/cases/repo.ts';
import type { AppError } from '../../shared/errors.ts';
import { INDICATORS } from '../../shared/indicators/catalog.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the operation to fail');
};

describe('creating cases', () => {
  it('numbers cases CB-<year>-<sequence> per year, with the defaults filled in', async () => {
    const a = await t.call('cases.create', { title: 'First' });
    const b = await t.call('cases.create', { title: 'Second', priority: 'critical', tags: ['Upwork', 'upwork', 'crypto'], assignee: 'J. Okafor' });
    const year = new Date().getUTCFullYear();
    expect(a).toMatchObject({ number: `CB-${year}-0001`, status: 'open', priority: 'medium', tags: [], createdBy: 'Olivia Officer', version: 1 });
    expect(b).toMatchObject({ number: `CB-${year}-0002`, priority: 'critical', tags: ['crypto', 'upwork'], assignee: 'J. Okafor' });
    const old = createCase(t.db, 'x', { title: 'Back-dated', summary: '', priority: 'low', assignee: '', tags: [] }, '2025-03-01T10:00:00.000Z');
    expect(old.number).toBe('CB-2025-0001');
  });

  it('refuses bad input with an error that names the field', async () => {
    const r = await invoke(t.ctx, 'cases.create', { title: '   ', priority: 'urgent' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['priority', 'title']);
    expect(r.error.message).toMatch(/title is required/);
    const ctl = await invoke(t.ctx, 'cases.create', { title: 'bad\u0007bell' });
    expect(ctl.ok).toBe(false);
    const long = await invoke(t.ctx, 'cases.create', { title: 'x'.repeat(201) });
    expect(!long.ok && long.error.message).toMatch(/at most 200/);
    expect(await t.call('cases.list', {})).toMatchObject({ total: 0 });
  });

  it('refuses writes from nobody: every change is attributed', async () => {
    t.ctx.actor = null;
    const e = await failure(t.call('cases.create', { title: 'Anonymous' }));
    expect(e.code).toBe('forbidden');
  });
});

describe('the status workflow', () => {
  it('walks open → investigating → pending legal review → decided → closed, and reopens with a reason', async () => {
    const { number } = await t.call('cases.create', { title: 'Workflow' });
    await t.call('cases.setStatus', { number, to: 'investigating' });
    await t.call('cases.setStatus', { number, to: 'pending_legal_review' });
    for (const i of INDICATORS) await t.call('indicators.assess', { number, indicator: i.id, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
    await t.call('cases.setStatus', { number, to: 'decided' });
    const noNote = await failure(t.call('cases.setStatus', { number, to: 'closed' }));
    expect(noNote.code).toBe('invalid_input');
    expect(noNote.message).toMatch(/closing note/);
    const closed = await t.call('cases.setStatus', { number, to: 'closed', note: 'Cleared after in-person check.' });
    expect(closed).toMatchObject({ status: 'closed', closingNote: 'Cleared after in-person check.' });
    expect(closed.closedAt).not.toBeNull();
    const edit = await failure(t.call('cases.update', { number, version: closed.version, patch: { title: 'x' } }));
    expect(edit.code).toBe('locked');
    const noReason = await failure(t.call('cases.setStatus', { number, to: 'investigating' }));
    expect(noReason.message).toMatch(/needs a reason/);
    const reopened = await t.call('cases.setStatus', { number, to: 'investigating', note: 'New payment records arrived.' });
    expect(reopened).toMatchObject({ status: 'investigating', closedAt: null });
    const audit = await t.call('cases.audit', { number });
    expect(audit.at(-1)).toMatchObject({ action: 'reopened', after: { status: 'investigating', note: 'New payment records arrived.' } });
  });

  it('refuses other moves and says which are allowed', async () => {
    const { number } = await t.call('cases.create', { title: 'Shortcut' });
    const e = await failure(t.call('cases.setStatus', { number, to: 'decided' }));
    expect(e.code).toBe('invalid_transition');
    expect(e.message).toBe(`${number} cannot move from open to decided. Allowed from open: investigating.`);
    const unknown = await failure(t.call('cases.setStatus', { number: 'CB-2026-9999', to: 'investigating' }));
    expect(unknown.code).toBe('not_found');
  });
});

describe('editing', () => {
  it('saves a change made from the current version and records before → after', async () => {
    const c = await t.call('cases.create', { title: 'Edit me', tags: ['a'] });
    const next = await t.call('cases.update', { number: c.number, version: 1, patch: { title: 'Edited', tags: ['b', 'a'] } });
    expect(next).toMatchObject({ title: 'Edited', tags: ['a', 'b'], version: 2 });
    const last = (await t.call('cases.audit', { number: c.number })).at(-1)!;
    expect(last).toMatchObject({ action: 'updated', before: { title: 'Edit me', tags: ['a'] }, after: { title: 'Edited', tags: ['a', 'b'] } });
    expect((await t.call('cases.list', { tag: 'b' })).total).toBe(1);
  });

  it('refuses a stale edit with a conflict carrying the newer text, and keeps the newer text', async () => {
    const c = await t.call('cases.create', { title: 'Shared', summary: 'v1' });
    await t.call('cases.update', { number: c.number, version: 1, patch: { summary: 'colleague' } });
    const e = await failure(t.call('cases.update', { number: c.number, version: 1, patch: { summary: 'mine' } }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/you edited version 1; it is now version 2/);
    expect((e.details as { current: { summary: string } }).current.summary).toBe('colleague');
    expect((await t.call('cases.get', { number: c.number })).summary).toBe('colleague');
  });
});

describe('the case list', () => {
  beforeEach(async () => {
    const rows = [
      { title: 'Alpha payout in USDT', priority: 'low', assignee: 'Zed', tags: ['crypto'], at: '2025-01-10T00:00:00.000Z' },
      { title: 'Bravo laptop farm', priority: 'critical', assignee: 'amy', tags: ['laptop-farm'], at: '2025-06-01T00:00:00.000Z' },
      { title: 'Charlie résumé reuse', priority: 'high', assignee: 'Amy', tags: ['hr', 'crypto'], at: '2026-02-01T00:00:00.000Z' },
    ] as const;
    for (const r of rows) createCase(t.db, 'Olivia Officer', { title: r.title, summary: `Summary of ${r.title}`, priority: r.priority, assignee: r.assignee, tags: [...r.tags] }, r.at);
  });

  it('sorts in SQL by any column, both ways', async () => {
    const titles = async (sort: 'priority' | 'title' | 'openedAt' | 'number', desc: boolean) => (await t.call('cases.list', { sort, desc })).rows.map((r) => r.title[0]);
    expect(await titles('priority', true)).toEqual(['B', 'C', 'A']);
    expect(await titles('priority', false)).toEqual(['A', 'C', 'B']);
    expect(await titles('title', false)).toEqual(['A', 'B', 'C']);
    expect(await titles('openedAt', true)).toEqual(['C', 'B', 'A']);
    expect((await t.call('cases.list', { sort: 'number', desc: false })).rows.map((r) => r.number)).toEqual(['CB-2025-0001', 'CB-2025-0002', 'CB-2026-0001']);
  });

  it('filters by status, priority, assignee, tag and date range, and pages', async () => {
    expect((await t.call('cases.list', { tag: 'crypto' })).total).toBe(2);
    expect((await t.call('cases.list', { assignee: 'AMY' })).total).toBe(2);
    expect((await t.call('cases.list', { priority: ['low', 'high'] })).total).toBe(2);
    expect((await t.call('cases.list', { openedFrom: '2025-06-01', openedTo: '2025-12-31' })).rows.map((r) => r.title)).toEqual(['Bravo laptop farm']);
    expect((await t.call('cases.list', { openedTo: '2025-01-10' })).total).toBe(1);
    expect((await t.call('cases.list', { status: ['closed'] })).total).toBe(0);
    const page = await t.call('cases.list', { sort: 'title', desc: false, limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, rows: [{ title: 'Bravo laptop farm' }] });
  });

  it('searches number, title, summary and tags, as substrings and safely', async () => {
    expect((await t.call('cases.list', { search: 'laptop' })).total).toBe(1);
    expect((await t.call('cases.list', { search: 'RÉSUMÉ' })).total).toBe(1);
    expect((await t.call('cases.list', { search: 'CB-2026' })).total).toBe(1);
    expect((await t.call('cases.list', { search: 'Summary of Alpha' })).total).toBe(1);
    expect((await t.call('cases.list', { search: 'hr' })).total).toBe(1);
    expect((await t.call('cases.list', { search: '" OR 1=1 --' })).total).toBe(0);
    expect((await t.call('cases.list', { search: '%' })).total).toBe(0);
  });

  it('remembers the view per user', async () => {
    const view = { sort: 'priority', desc: false, filters: { tag: 'crypto' }, hiddenColumns: ['tags'] };
    await t.call('cases.saveView', view);
    expect(await t.call('cases.getView', {})).toEqual(view);
    t.as('Carl Counsel', 'counsel');
    expect(await t.call('cases.getView', {})).toBeNull();
  });
});
