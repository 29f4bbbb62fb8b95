import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

describe('subjects', () => {
  it('records a subject with claimed details, and lists the case subjects in order', async () => {
    const { number } = await core.call('cases.create', { title: 'Remote developer' });
    const s = await core.call('subjects.add', {
      number,
      name: 'Daniel Park',
      aliases: ['Dan P.', 'Park Dae-jin'],
      nationality: 'kr',
      location: 'Seoul',
      timezone: 'Asia/Seoul',
      role: 'worker',
      platforms: ['Upwork', 'GitHub'],
    });
    expect(s).toMatchObject({ caseNumber: number, nationality: 'KR', timezone: 'Asia/Seoul', aliases: ['Dan P.', 'Park Dae-jin'], version: 1 });
    await core.call('subjects.add', { number, name: 'Bright Staffing Ltd', role: 'staffing_firm' });
    expect((await core.call('subjects.list', { number })).map((x) => x.name)).toEqual(['Daniel Park', 'Bright Staffing Ltd']);
    const audit = await core.call('cases.audit', { number });
    expect(audit.filter((e) => e.entity === 'subject').map((e) => e.action)).toEqual(['created', 'created']);
  });

  it('refuses bad fields naming the field and why', async () => {
    const { number } = await core.call('cases.create', { title: 'X' });
    await expect(core.call('subjects.add', { number, name: ' ' })).rejects.toThrow(/name is required/);
    await expect(core.call('subjects.add', { number, name: 'A', timezone: 'Mars/Olympus' })).rejects.toThrow(/timezone must be an IANA time zone/);
    await expect(core.call('subjects.add', { number, name: 'A', nationality: 'Korea' })).rejects.toThrow(/nationality must be a two-letter country code/);
    await expect(core.call('subjects.add', { number, name: 'A\u0000B' })).rejects.toThrow(/name must not contain control characters/);
    await expect(core.call('subjects.add', { number, name: 'A', role: 'boss' as 'worker' })).rejects.toThrow(/role/);
    expect(await core.call('subjects.list', { number })).toEqual([]);
  });

  it('updates from a version and refuses a stale edit without losing the newer one', async () => {
    const { number } = await core.call('cases.create', { title: 'X' });
    const s = await core.call('subjects.add', { number, name: 'A. Kim' });
    const u = await core.call('subjects.update', { number, id: s.id, version: 1, patch: { location: 'Shenyang', timezone: 'Asia/Shanghai' } });
    expect(u).toMatchObject({ location: 'Shenyang', version: 2 });
    await expect(core.call('subjects.update', { number, id: s.id, version: 1, patch: { location: 'Dandong' } })).rejects.toMatchObject({ code: 'conflict' });
    expect((await core.call('subjects.list', { number }))[0]!.location).toBe('Shenyang');
  });

  it('does not let one case edit another case subject', async () => {
    const a = (await core.call('cases.create', { title: 'A' })).number;
    const b = (await core.call('cases.create', { title: 'B' })).number;
    const s = await core.call('subjects.add', { number: a, name: 'Kim' });
    await expect(core.call('subjects.update', { number: b, id: s.id, version: 1, patch: { name: 'Lee' } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses changes to a closed case', async () => {
    const { number } = await core.call('cases.create', { title: 'Done' });
    core.db.prepare("UPDATE cases SET status = 'closed' WHERE number = ?").run(number);
    await expect(core.call('subjects.add', { number, name: 'Late' })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('identifiers.add', { number, kind: 'email', value: 'x@example.com' })).rejects.toMatchObject({ code: 'locked' });
  });
});
