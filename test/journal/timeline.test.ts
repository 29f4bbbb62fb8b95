import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { HEADER, row, writeCsv } from '../activity/helpers.ts';
import { fx } from '../sanctions/paths.ts';
import { resolveMoment, TIMELINE_KINDS } from '../../shared/journal.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Contractor paid in USDT' })).number;
});
afterEach(() => core.cleanup());

const closeDirectly = (n: string) => core.db.prepare("UPDATE cases SET status = 'closed', closed_at = ?, closing_note = 'test' WHERE number = ?").run(new Date().toISOString(), n);

/** A case with one record of every kind the timeline draws from, each at a known time. */
async function seedEveryKind() {
  await core.call('evidence.addNote', { number, title: 'Interview notes', text: 'Camera off.', acquiredAt: '2024-02-10T15:00:00Z' });
  await core.call('payments.add', { number, paidOn: '2024-02-20', amountMinor: 4_200_00, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith' });
  // Logins from North Korea: the activity analysis finds NA-01 over their window.
  await core.call('activity.import', { number, path: writeCsv(core, 'log.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '175.45.176.10', 'KP')]) });
  await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
  await core.call('subjects.add', { number, name: 'Cholsu Park' });
  const s = await core.call('sanctions.screenCase', { number });
  await core.call('sanctions.decideHit', { number, hit: s.hits[0]!.id, decision: 'confirmed', reason: 'Same DOB and photo as the listing.' });
  await core.call('cases.setStatus', { number, to: 'investigating' });
  await core.call('decisions.add', { number, kind: 'terminate', rationale: 'Confirmed sanctions match.' });
  await core.call('timeline.add', { number, at: '2024-01-15T09:30', zone: 'Asia/Seoul', text: 'Offer letter signed (per HR)', exhibits: ['E-001'] });
}

describe('the case timeline', () => {
  it('draws entries from every kind of record, oldest first, each naming its source', async () => {
    await seedEveryKind();
    const entries = await core.call('timeline.list', { number });
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(TIMELINE_KINDS));
    const keys = entries.map((e) => `${e.kind} ${e.source}`);
    // The officer's entry (2024-01-15 00:30 UTC) first, then evidence (10 Feb), the payment (20 Feb, by day), the finding (1 Mar).
    expect(keys.slice(0, 4)).toEqual(['officer entry 1', 'evidence E-001', 'payment payment 1', expect.stringMatching(/^finding finding \d+ \(NA-01\)$/)]);
    const at = entries.map((e) => (e.at.length === 10 ? `${e.at}T00:00:00.000Z` : e.at));
    expect(at).toEqual([...at].sort());
    expect(entries.find((e) => e.kind === 'finding')).toMatchObject({ at: '2024-03-01T00:00:00.000Z', inReport: false, tab: 'activity' });
    expect(entries.find((e) => e.kind === 'status' && e.text.startsWith('Status changed'))!.text).toBe('Status changed from Open to Investigating (by Olivia Officer)');
    expect(entries.find((e) => e.key.startsWith('hit:'))!.text).toMatch(/^Sanctions match confirmed: Cholsu Park against PAK, Chol Su \(entry 1001/);
    expect(entries.find((e) => e.kind === 'decision')!).toMatchObject({ source: 'decision 1', tab: 'decisions' });
    expect(entries.find((e) => e.kind === 'payment')!).toMatchObject({ at: '2024-02-20', text: 'Payment of USD 4,200.00 to John Smith (Bank wire)' });
    const only = await core.call('timeline.list', { number, kinds: ['payment', 'officer'] });
    expect(only.map((e) => e.kind)).toEqual(['officer', 'payment']);
  });

  it('keeps the zone an entry was given in and orders it by its UTC instant', async () => {
    const seoul = await core.call('timeline.add', { number, at: '2024-03-01T09:30', zone: 'Asia/Seoul', text: 'Call from the Seoul office' });
    expect(seoul).toMatchObject({ at: '2024-03-01T00:30:00.000Z', entry: { local: '2024-03-01T09:30', zone: 'Asia/Seoul' } });
    const ny = await core.call('timeline.add', { number, at: '2024-02-29T19:00', zone: 'America/New_York', text: 'E-mail from the recruiter' });
    expect(ny.at).toBe('2024-03-01T00:00:00.000Z');
    const offset = await core.call('timeline.add', { number, at: '2024-03-01T01:15:00+01:00', text: 'Laptop shipped' });
    expect(offset).toMatchObject({ at: '2024-03-01T00:15:00.000Z', entry: { zone: '+01:00', local: '2024-03-01T01:15' } });
    const order = (await core.call('timeline.list', { number, kinds: ['officer'] })).map((e) => e.text);
    expect(order).toEqual(['E-mail from the recruiter', 'Laptop shipped', 'Call from the Seoul office']);
    // Summer time: New York is UTC-4 in July.
    expect(resolveMoment('2024-07-01T12:00', 'America/New_York')).toMatchObject({ ok: true, moment: { utc: '2024-07-01T16:00:00.000Z' } });
    // 02:30 on 10 March 2024 never happened in New York (clocks jumped from 02:00 to 03:00).
    await expect(core.call('timeline.add', { number, at: '2024-03-10T02:30', zone: 'America/New_York', text: 'Impossible' })).rejects.toThrow(/does not exist in America\/New_York/);
    await expect(core.call('timeline.add', { number, at: '2024-03-01T09:30', text: 'No zone' })).rejects.toThrow(/needs its zone/);
    await expect(core.call('timeline.add', { number, at: '2024-03-01T09:30', zone: 'Mars/Olympus', text: 'Bad zone' })).rejects.toThrow(/not a time zone/);
    await expect(core.call('timeline.add', { number, at: '2024-03-01T09:30:00Z', text: 'Missing exhibit', exhibits: ['E-009'] })).rejects.toThrow(/no exhibit E-009/);
  });

  it('audits each change of an entry, lets only its author change it, and refuses changes once the case is closed', async () => {
    const e = await core.call('timeline.add', { number, at: '2024-03-01T09:30:00Z', text: 'First wording' });
    const edited = await core.call('timeline.update', { number, id: e.entry!.id, version: 1, at: '2024-03-01T10:00:00Z', text: 'Second wording', exhibits: [] });
    expect(edited).toMatchObject({ text: 'Second wording', at: '2024-03-01T10:00:00.000Z', entry: { version: 2 } });
    await expect(core.call('timeline.update', { number, id: e.entry!.id, version: 1, at: '2024-03-01T10:00:00Z', text: 'Stale', exhibits: [] })).rejects.toMatchObject({ code: 'conflict' });
    core.as('Other Officer');
    await expect(core.call('timeline.remove', { number, id: e.entry!.id, reason: 'not mine' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Olivia Officer');
    const audit = (await core.call('cases.audit', { number })).filter((a) => a.entity === 'timeline_entry');
    expect(audit.map((a) => a.action)).toEqual(['added', 'updated']);
    expect(audit[1]!.before).toMatchObject({ text: 'First wording' });
    closeDirectly(number);
    await expect(core.call('timeline.add', { number, at: '2024-03-01T09:30:00Z', text: 'Too late' })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('timeline.remove', { number, id: e.entry!.id, reason: 'Entered twice' })).rejects.toMatchObject({ code: 'locked' });
  });

  it('removes an entry from the timeline but keeps its text in the audit trail', async () => {
    const e = await core.call('timeline.add', { number, at: '2024-03-01T09:30:00Z', text: 'Entered twice' });
    await core.call('timeline.remove', { number, id: e.entry!.id, reason: 'Duplicate of entry 2' });
    expect(await core.call('timeline.list', { number, kinds: ['officer'] })).toEqual([]);
    const removed = (await core.call('cases.audit', { number })).find((a) => a.action === 'removed' && a.entity === 'timeline_entry')!;
    expect(removed).toMatchObject({ before: { text: 'Entered twice' }, after: { reason: 'Duplicate of entry 2' } });
    expect((await core.call('audit.verify', {})).ok).toBe(true);
  });

  it('exports as CSV with formula cells neutralised and invisible characters shown', async () => {
    await core.call('timeline.add', { number, at: '2024-03-01T09:30', zone: 'Asia/Seoul', text: '=HYPERLINK("x") invoice\u202Efdp.exe' });
    const r = await core.call('timeline.export', { number, out: join(core.dir, 'timeline.csv') });
    const text = readFileSync(r.file, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at_utc,until_utc,as_given,kind,what_happened,source,exhibits');
    expect(lines.find((l) => l.includes('entry 1'))).toBe(`2024-03-01T00:30:00.000Z,,2024-03-01 09:30 Asia/Seoul,Officer's entry,"'=HYPERLINK(""x"") invoice⟨U+202E⟩fdp.exe",entry 1,`);
    expect(r.rows).toBe(lines.length - 1);
    expect((await core.call('cases.audit', { number })).some((a) => a.entity === 'timeline' && a.action === 'exported')).toBe(true);
    await expect(core.call('timeline.export', { number, out: join(core.dir, 'timeline.txt') })).rejects.toThrow(/must end in \.csv/);
  });

  it("feeds the summary report's chronology (open findings left out) and lists indicator sources once", async () => {
    await seedEveryKind();
    const { html } = await core.call('reports.render', { number, kind: 'summary' });
    const chronology = html.slice(html.indexOf('<h2>Chronology</h2>'), html.indexOf('<h2>Decisions and sign-offs</h2>'));
    expect(chronology).toContain('2024-01-15 09:30 Asia/Seoul\n(2024-01-15 00:30 UTC)');
    expect(chronology).toContain('Offer letter signed (per HR) [E-001]');
    expect(chronology).toContain('Payment of USD 4,200.00 to John Smith');
    expect(chronology).not.toContain('Activity finding');
    expect(html.split('<h2>Chronology</h2>')).toHaveLength(2);
    // Every source title printed once, in the reference table, however many indicators cite it.
    const title = 'Guidance on the Democratic People';
    expect(html.split(title).length - 1).toBe(1);
    expect(html).toContain('Sources cited');
    expect(html).toMatch(/Not assessed \(\d+\):/);
  });
});
