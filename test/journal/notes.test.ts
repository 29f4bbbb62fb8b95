import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
let number: string;
let other: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Upwork developer' })).number;
  other = (await core.call('cases.create', { title: 'Staffing firm hire' })).number;
});
afterEach(() => core.cleanup());

const closeDirectly = (n: string) => core.db.prepare("UPDATE cases SET status = 'closed', closed_at = ?, closing_note = 'test' WHERE number = ?").run(new Date().toISOString(), n);
const search = async (q: string) => (await core.call('cases.list', { search: q })).rows.map((r) => r.number);

describe('case notes', () => {
  it('are found by the case list search, by words anywhere in them, also after an edit', async () => {
    const n = await core.call('notes.add', { number, body: 'Spoke with the **recruiter** at Nimbus Staffing; she never met the candidate.' });
    await core.call('notes.add', { number: other, body: 'Nothing unusual so far.' });
    expect(await search('Nimbus Staffing')).toEqual([number]);
    expect(await search('never met')).toEqual([number]);
    expect(await search('unusual')).toEqual([other]);
    expect(await search('Zephyr')).toEqual([]);
    await core.call('notes.update', { number, id: n.id, version: n.version, body: 'Spoke with the recruiter at Zephyr Partners.' });
    expect(await search('Zephyr')).toEqual([number]);
    expect(await search('Nimbus')).toEqual([]);
  });

  it('link exhibits, identifiers and indicators of the case, and refuse links to what is not there', async () => {
    await core.call('evidence.addNote', { number, title: 'Chat log', text: 'camera broken again' });
    const id = await core.call('identifiers.add', { number, kind: 'email', value: 'dev@example.com' });
    const n = await core.call('notes.add', { number, body: 'See the chat.', exhibits: ['E-001'], identifiers: [id.id], indicators: ['wp-01'] });
    expect(n).toMatchObject({ exhibits: ['E-001'], identifiers: [{ id: id.id, kind: 'email', display: 'dev@example.com' }], indicators: ['WP-01'] });
    await expect(core.call('notes.add', { number, body: 'x', exhibits: ['E-002'] })).rejects.toThrow(/no exhibit E-002/);
    await expect(core.call('notes.add', { number, body: 'x', identifiers: [999] })).rejects.toThrow(/no identifier 999/);
    await expect(core.call('notes.add', { number, body: 'x', indicators: ['ZZ-99'] })).rejects.toThrow(/ZZ-99 is not an indicator/);
    expect(await core.call('notes.list', { number })).toHaveLength(1);
  });

  it('are edited only by their author; each edit keeps the previous text in the audit trail', async () => {
    const n = await core.call('notes.add', { number, body: 'First draft' });
    const v2 = await core.call('notes.update', { number, id: n.id, version: 1, body: 'Second draft' });
    expect(v2).toMatchObject({ body: 'Second draft', version: 2, author: 'Olivia Officer' });
    await expect(core.call('notes.update', { number, id: n.id, version: 1, body: 'From a stale screen' })).rejects.toMatchObject({ code: 'conflict' });
    core.as('Oscar Officer');
    await expect(core.call('notes.update', { number, id: n.id, version: 2, body: 'Not mine to change' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Olivia Officer');
    const edits = (await core.call('cases.audit', { number })).filter((a) => a.entity === 'note');
    expect(edits.map((a) => a.action)).toEqual(['added', 'updated']);
    expect(edits[1]).toMatchObject({ before: { body: 'First draft' }, after: { body: 'Second draft' }, actor: 'Olivia Officer' });
    expect((await core.call('notes.list', { number }))[0]!.body).toBe('Second draft');
  });

  it('cannot be added or edited once the case is closed or locked', async () => {
    const n = await core.call('notes.add', { number, body: 'Before closing' });
    closeDirectly(number);
    await expect(core.call('notes.add', { number, body: 'After closing' })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('notes.update', { number, id: n.id, version: 1, body: 'Rewritten' })).rejects.toMatchObject({ code: 'locked' });
    core.db.prepare("UPDATE cases SET status = 'decided', closed_at = NULL, locked = 1 WHERE number = ?").run(number);
    await expect(core.call('notes.update', { number, id: n.id, version: 1, body: 'Rewritten' })).rejects.toMatchObject({ code: 'locked' });
    expect((await core.call('notes.list', { number }))[0]!.body).toBe('Before closing');
  });

  it('are never deleted behind the app', () => {
    expect(() => core.db.prepare('DELETE FROM case_notes').run()).not.toThrow();
    core.db.prepare("INSERT INTO case_notes (case_id, author, body, created_at, updated_at) VALUES (1, 'x', 'y', 'now', 'now')").run();
    expect(() => core.db.prepare('DELETE FROM case_notes').run()).toThrow(/never deleted/);
  });
});
