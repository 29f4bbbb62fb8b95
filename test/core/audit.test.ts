import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore, openTestDb } from '../helpers/core.ts';
import { eventHash, verifyChain } from '../../electron/core/audit/chain.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

async function someHistory() {
  const c = await t.call('cases.create', { title: 'Chain case' });
  await t.call('cases.update', { number: c.number, version: 1, patch: { summary: 'first' } });
  await t.call('cases.setStatus', { number: c.number, to: 'investigating' });
  return c;
}

/** Edits the database behind the app's back, as someone with the file and a SQLite tool could. */
function tamper(sql: string) {
  t.close();
  const raw = openTestDb(t.dbFile);
  raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  raw.exec(sql);
  raw.close();
}

describe('the audit chain', () => {
  it('records every write with actor, before and after, each hash covering the previous one', async () => {
    const c = await someHistory();
    const events = await t.call('cases.audit', { number: c.number });
    expect(events.map((e) => e.action)).toEqual(['created', 'updated', 'status_changed']);
    expect(events[1]).toMatchObject({ actor: 'Olivia Officer', before: { summary: '' }, after: { summary: 'first' } });
    expect(events[2]).toMatchObject({ before: { status: 'open' }, after: { status: 'investigating' } });
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    const result = await t.call('audit.verify', {});
    expect(result).toEqual({ ok: true, events: events.at(-1)!.seq, head: events.at(-1)!.hash, signatures: { checked: 0, failed: [] }, checkpoints: { count: 0, last: null, problem: null } });
  });

  it('cannot be edited through SQLite while the triggers stand', async () => {
    await someHistory();
    expect(() => t.db.prepare("UPDATE audit_events SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => t.db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });

  it('names the first altered event when history is edited by hand', async () => {
    await someHistory();
    const before = (await t.call('audit.verify', {})) as { events: number };
    tamper(`UPDATE audit_events SET after = '{"summary":"forged"}' WHERE seq = 3`);
    const raw = openTestDb(t.dbFile, { readonly: true });
    const result = verifyChain(raw);
    raw.close();
    expect(result).toEqual({ ok: false, events: before.events, brokenAt: 3, reason: expect.stringMatching(/event 3 was altered/) });
  });

  it('names a deleted event', async () => {
    await someHistory();
    tamper('DELETE FROM audit_events WHERE seq = 2');
    const raw = openTestDb(t.dbFile, { readonly: true });
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/event 2 is missing/) });
    raw.close();
  });

  it('detects a rewritten event whose hash was recomputed, through the next link', async () => {
    await someHistory();
    t.close();
    const raw = openTestDb(t.dbFile);
    raw.exec('DROP TRIGGER audit_no_update;');
    const row = raw.prepare('SELECT * FROM audit_events WHERE seq = 2').get() as Record<string, unknown>;
    const forged = { ...row, actor: 'Somebody Else' } as Parameters<typeof eventHash>[0];
    raw.prepare('UPDATE audit_events SET actor = ?, hash = ? WHERE seq = 2').run('Somebody Else', eventHash(forged));
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/does not link/) });
    raw.close();
  });
});
