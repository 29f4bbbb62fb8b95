import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { fx } from './paths.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
  number = (await core.call('cases.create', { title: 'Remote developer paid in USDT' })).number;
  const s = await core.call('subjects.add', { number, name: 'Cholsu Park', aliases: ['Daniel Moorland'] });
  await core.call('identifiers.add', { number, kind: 'wallet', value: '0xABCDEF0123456789ABCDEF0123456789ABCDEF01', subjectId: s.id });
  await core.call('subjects.add', { number, name: 'Kevin Castellan' });
});

it('screens a document identifier by its number, whatever its stored country prefix', async () => {
  await core.call('identifiers.add', { number, kind: 'document', value: '912345678', qualifier: 'KP' });
  const s = await core.call('sanctions.screenCase', { number });
  expect(s.hits.filter((h) => h.queryKind === 'identifier').map((h) => [h.query, h.ent_num])).toContainEqual(['912345678', 1001]);
});
afterEach(() => core.cleanup());

// Reaching "closed" through the workflow needs assessed indicators and a signed decision (other
// domains' set-up); these tests only need a closed case, so they set the status directly.
const closeDirectly = (n: string) => core.db.prepare("UPDATE cases SET status = 'closed', closed_at = ?, closing_note = 'test' WHERE number = ?").run(new Date().toISOString(), n);

const checklistStatus = async (id: string) => (await core.call('indicators.checklist', { number })).items.find((i) => i.indicator.id === id)!.assessment;

describe('screening a case', () => {
  it('screens every subject name, alias and identifier and files the result as an exhibit', async () => {
    const s = await core.call('sanctions.screenCase', { number });
    expect(s.version).toEqual({ id: 1, published: '2026-01-15', list: 'SDN' });
    expect(s.queries.map((q) => q.value)).toEqual(['Cholsu Park', 'Daniel Moorland', 'Kevin Castellan', expect.stringMatching(/^0xabcdef/i)]);
    expect(s.hits.map((h) => [h.queryKind, h.ent_num, h.status, h.isNew])).toEqual([['name', 1001, 'open', true], ['identifier', 1001, 'open', true]]);
    const exhibits = await core.call('evidence.list', { number });
    const ex = exhibits.find((e) => e.number === s.exhibit)!;
    expect(ex.title).toContain('OFAC SDN list version 1 (published 2026-01-15)');
    const body = core.db.prepare('SELECT body FROM exhibits WHERE number = ? AND case_id = (SELECT id FROM cases WHERE number = ?)').pluck().get(s.exhibit, number) as string;
    const record = JSON.parse(body);
    expect(record).toMatchObject({ list: { version: 1, published: '2026-01-15' }, screenedBy: 'Olivia Officer', threshold: 0.85 });
    expect(record.hits).toHaveLength(2);
    const audit = await core.call('cases.audit', { number });
    expect(audit.some((e) => e.entity === 'sanctions_screening' && e.action === 'screened')).toBe(true);
  });

  it('confirming a name hit makes EN-01 present on the screening exhibit; an identifier hit PY-07', async () => {
    const s = await core.call('sanctions.screenCase', { number });
    const nameHit = s.hits.find((h) => h.queryKind === 'name')!;
    const walletHit = s.hits.find((h) => h.queryKind === 'identifier')!;
    const confirmed = await core.call('sanctions.decideHit', { number, hit: nameHit.id, decision: 'confirmed', reason: 'Same DOB and photo as the listing.' });
    expect(confirmed).toMatchObject({ status: 'confirmed', reason: 'Same DOB and photo as the listing.', decidedBy: 'Olivia Officer' });
    const en01 = await checklistStatus('EN-01');
    expect(en01.status).toBe('present');
    expect(en01.exhibits).toEqual([s.exhibit]);
    expect(en01.rationale).toContain('PAK, Chol Su (ent_num 1001)');
    await core.call('sanctions.decideHit', { number, hit: walletHit.id, decision: 'confirmed', reason: 'Payout wallet.' });
    expect((await checklistStatus('PY-07')).status).toBe('present');
    expect((await core.call('audit.verify', {})).ok).toBe(true);
  });

  it('dismisses a false positive with a reason, and the decision survives a re-screen', async () => {
    const s = await core.call('sanctions.screenCase', { number });
    const hit = s.hits[0]!;
    await expect(core.call('sanctions.decideHit', { number, hit: hit.id, decision: 'dismissed', reason: ' ' })).rejects.toThrow(/reason/);
    await core.call('sanctions.decideHit', { number, hit: hit.id, decision: 'dismissed', reason: 'Different person: DOB 1999, Canadian passport.' });
    expect((await checklistStatus('EN-01')).status).toBe('not_assessed');
    const again = await core.call('sanctions.screenCase', { number });
    const same = again.hits.find((h) => h.query === hit.query && h.ent_num === hit.ent_num)!;
    expect(same).toMatchObject({ status: 'dismissed', isNew: false, reason: 'Different person: DOB 1999, Canadian passport.' });
    expect((await core.call('sanctions.caseScreenings', { number })).map((x) => x.id)).toEqual([again.id, s.id]);
  });

  it('re-screens open cases on a new list version and marks what is new', async () => {
    await core.call('sanctions.screenCase', { number });
    const closed = (await core.call('cases.create', { title: 'Closed one' })).number;
    await core.call('subjects.add', { number: closed, name: 'Sang Man Kang' });
    closeDirectly(closed);
    await core.call('subjects.add', { number, name: 'Kang Sangman' });
    await core.call('sanctions.import', { sdn: fx('sdn-v2.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-02-01' });
    const r = await core.call('sanctions.rescreenOpenCases', {});
    expect(r.version.id).toBe(2);
    expect(r.cases).toEqual([{ caseNumber: number, screening: expect.any(Number), hits: 3, newHits: 1 }]);
    const latest = (await core.call('sanctions.caseScreenings', { number }))[0]!;
    expect(latest.trigger).toBe('new_version');
    expect(latest.hits.filter((h) => h.isNew).map((h) => h.ent_num)).toEqual([1014]);
  });

  it('re-screening reports progress per open case under the job id, and a cancel stops before the next case', async () => {
    const second = (await core.call('cases.create', { title: 'Second open case' })).number;
    await core.call('subjects.add', { number: second, name: 'Kang Sangman' });
    await core.call('sanctions.import', { sdn: fx('sdn-v2.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-02-01' });
    const events: { jobId: string; phase: string; done: number; total: number | null }[] = [];
    core.ctx.emit = (_e, p) => events.push(p);
    const r = await core.call('sanctions.rescreenOpenCases', { jobId: 'rescreen-1' });
    expect(r.cases.map((c) => c.caseNumber)).toEqual([number, second]);
    expect(events.map((e) => [e.jobId, e.phase, e.done, e.total])).toEqual([
      ['rescreen-1', 'screening cases', 0, 2],
      ['rescreen-1', 'screening cases', 1, 2],
      ['rescreen-1', 'screening cases', 2, 2],
    ]);

    const pending = core.call('sanctions.rescreenOpenCases', { jobId: 'rescreen-2' });
    expect(core.ctx.jobs.cancel('rescreen-2')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('refuses to write to a closed case, and says when there is nothing to screen', async () => {
    const empty = (await core.call('cases.create', { title: 'Nothing yet' })).number;
    await expect(core.call('sanctions.screenCase', { number: empty })).rejects.toThrow(/no subjects or identifiers to screen/);
    closeDirectly(number);
    await expect(core.call('sanctions.screenCase', { number })).rejects.toMatchObject({ code: 'locked' });
  });
});
