import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
let number: string;
let paymentId: number;
beforeEach(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = (await core.call('cases.create', { title: 'Factors and blocks' })).number;
  paymentId = (await core.call('payments.add', { number, paidOn: '2025-11-18', amountMinor: 4_200_00, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith' })).id;
  await core.call('evidence.addNote', { number, title: 'Hiring e-mails', text: 'the recruiter knew' });
});
afterEach(() => core.cleanup());

describe('the General Factors (31 CFR 501 App. A, section III)', () => {
  it('counsel records each factor with a note and exhibits; a revision is audited and replaces the view', async () => {
    await expect(core.call('legal.setFactor', { number, factor: 'wilfulness', assessment: 'aggravating', note: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Carl Counsel', 'counsel');
    await core.call('legal.setFactor', { number, factor: 'cooperation', assessment: 'mitigating', note: 'Full cooperation offered.' });
    await core.call('legal.setFactor', { number, factor: 'wilfulness', assessment: 'aggravating', note: 'Recruiter ignored red flags.', exhibits: ['e-001'] });
    await core.call('legal.setFactor', { number, factor: 'wilfulness', assessment: 'neutral', note: 'On reflection, negligence only.', exhibits: ['E-001'] });
    const f = await core.call('legal.factors', { number });
    expect(f.map((x) => [x.factor, x.assessment, x.exhibits])).toEqual([
      ['wilfulness', 'neutral', ['E-001']],
      ['cooperation', 'mitigating', []],
    ]);
    await expect(core.call('legal.setFactor', { number, factor: 'harm', assessment: 'neutral', note: 'n', exhibits: ['E-099'] })).rejects.toMatchObject({ code: 'not_found' });
    await expect(core.call('legal.setFactor', { number, factor: 'harm', assessment: 'neutral', note: '  ' })).rejects.toMatchObject({ code: 'invalid_input' });
    const x = await core.call('legal.exposure', { number, asOf: '2025-12-01' });
    expect(x.factors).toHaveLength(2);
    const audit = await core.call('cases.audit', { number });
    expect(audit.filter((e) => e.entity === 'legal_factor').map((e) => e.action)).toEqual(['recorded', 'recorded', 'updated']);
  });
});

describe('a blocked or rejected payment', () => {
  it('opens a task to report it due 10 business days later, skipping Thanksgiving', async () => {
    await expect(core.call('payments.block', { number, id: paymentId, kind: 'blocked', note: 'n' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Carl Counsel', 'counsel');
    const r = await core.call('payments.block', { number, id: paymentId, kind: 'blocked', note: 'Payee matched an SDN entry.', onDate: '2025-11-20' });
    expect(r.block).toMatchObject({ kind: 'blocked', onDate: '2025-11-20', reportDue: '2025-12-05' });
    const tasks = await core.call('tasks.list', { number });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: r.taskId, kind: 'file_ofac', dueOn: '2025-12-05', owner: 'Carl Counsel' });
    expect(tasks[0]!.title).toContain('31 CFR 501.603');
    await expect(core.call('payments.block', { number, id: paymentId, kind: 'rejected', note: 'again' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(core.call('payments.block', { number, id: 999, kind: 'rejected', note: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await core.call('payments.blocks', { number })).toHaveLength(1);
  });

  it('is reachable from the CLI, as are the factors', () => {
    core.as('Carl Counsel', 'counsel');
    core.close();
    const BIN = join(import.meta.dirname, '../../bin/casebook.mjs');
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, '--db', core.dbFile, '--user', 'Carl Counsel', ...args], { encoding: 'utf8' });
    let r = cli(['review', 'factors', number, '--set', 'awareness=aggravating', '--note', 'Knew of the VPN use.', '--exhibit', 'E-001']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ factor: 'awareness', assessment: 'aggravating', exhibits: ['E-001'] });
    expect(cli(['review', 'factors', number, '--set', 'awareness=bad', '--note', 'x']).status).toBe(2);
    r = cli(['payments', 'block', number, String(paymentId), '--kind', 'rejected', '--note', 'Stopped at the bank.', '--date', '2026-06-29']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ block: { kind: 'rejected', reportDue: '2026-07-14' } });
  });
});
