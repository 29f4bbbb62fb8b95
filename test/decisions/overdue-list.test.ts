import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

describe('the case list', () => {
  it('counts each case’s open remediation tasks that are past due', async () => {
    const a = (await core.call('cases.create', { title: 'Alpha' })).number;
    const b = (await core.call('cases.create', { title: 'Bravo' })).number;
    await core.call('tasks.add', { number: a, kind: 'revoke_access', owner: 'IT', dueOn: '2020-01-01' });
    const late = await core.call('tasks.add', { number: a, kind: 'preserve_logs', owner: 'IT', dueOn: '2021-01-01' });
    await core.call('tasks.add', { number: a, kind: 'file_ic3', owner: 'Legal', dueOn: '2999-01-01' });
    await core.call('tasks.update', { number: a, id: late.id, version: 1, patch: { status: 'cancelled' } });
    const rows = (await core.call('cases.list', { sort: 'number', desc: false })).rows;
    expect(rows.map((r) => [r.number, r.overdueTasks])).toEqual([[a, 1], [b, 0]]);
  });

  it('finds the overdue tasks through the partial index, not a table scan', () => {
    const plan = core.db
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM remediation_tasks t WHERE t.case_id = ? AND t.status IN ('open', 'in_progress') AND t.due_on < date('now')`)
      .all(1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX remediation_open_due/);
  });
});
