import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { AppError } from '../../shared/errors.ts';
import { CATALOG_VERSION, INDICATORS } from '../../shared/indicators/catalog.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

const newCase = async (title = 'Remote contractor', exhibits = 0) => {
  const n = (await t.call('cases.create', { title })).number;
  for (let i = 1; i <= exhibits; i++) await t.call('evidence.addNote', { number: n, title: `Interview note ${i}`, text: `Camera stayed off (${i}).` });
  return n;
};
const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('assessing indicators', () => {
  it('refuses "present" without an exhibit or accepted finding, and says what is needed', async () => {
    const n = await newCase('Remote contractor', 2);
    const e = await rejects(t.call('indicators.assess', { number: n, indicator: 'CM-01', status: 'present', rationale: 'camera off in three calls' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/link at least one exhibit/);
    const a = await t.call('indicators.assess', { number: n, indicator: 'cm-01', status: 'present', rationale: 'camera off in three calls', exhibits: ['e-002', 'E-001', 'E-001'] });
    expect(a).toMatchObject({ indicator: 'CM-01', status: 'present', exhibits: ['E-001', 'E-002'], assessedBy: 'Olivia Officer' });
    const missing = await rejects(t.call('indicators.assess', { number: n, indicator: 'CM-01', status: 'present', rationale: 'x', exhibits: ['E-009'] }));
    expect(missing.message).toBe(`${n} has no exhibit E-009. Add the evidence first, then link it.`);
    await t.call('evidence.retract', { number: n, exhibit: 'E-002', reason: 'wrong case' });
    const retracted = await rejects(t.call('indicators.assess', { number: n, indicator: 'CM-01', status: 'present', rationale: 'x', exhibits: ['E-002'] }));
    expect(retracted.message).toMatch(/E-002 was retracted/);
  });

  it('requires a rationale for an assessed status', async () => {
    const n = await newCase();
    const e = await rejects(t.call('indicators.assess', { number: n, indicator: 'ID-03', status: 'absent' }));
    expect(e.issues?.[0]?.path).toBe('rationale');
  });

  it('stores the score with its weights, audits the change and sorts the case list by risk', async () => {
    const low = await newCase('low');
    const high = await newCase('high', 1);
    await t.call('indicators.assess', { number: high, indicator: 'EN-01', status: 'present', rationale: 'paid Chinyong front', exhibits: ['E-001'] });
    await t.call('indicators.assess', { number: low, indicator: 'NA-03', status: 'inconclusive', rationale: 'one long session' });
    const risk = await t.call('indicators.risk', { number: high });
    expect(risk).toMatchObject({ score: 75, band: 'critical', catalogVersion: CATALOG_VERSION });
    expect(risk.weights['EN-01']).toBe(75);
    const asc = await t.call('cases.list', { sort: 'risk', desc: false });
    expect(asc.rows.map((r) => [r.number, r.risk])).toEqual([[low, 3], [high, 75]]);
    const audit = await t.call('cases.audit', { number: high });
    expect(audit.find((e) => e.entity === 'indicator')).toMatchObject({ action: 'assessed', entityId: 'EN-01', after: { status: 'present', score: 75 } });
  });

  it('rescores open cases when weights change, and audits the change', async () => {
    const n = await newCase('weights', 1);
    await t.call('indicators.assess', { number: n, indicator: 'NA-03', status: 'present', rationale: 'session of 30 h', exhibits: ['E-001'] });
    expect((await t.call('indicators.risk', { number: n })).score).toBe(5);
    const r = await t.call('indicators.setWeights', { weights: { 'NA-03': 30 } });
    expect(r.rescored).toBe(1);
    expect(await t.call('indicators.risk', { number: n })).toMatchObject({ score: 30, band: 'medium' });
    expect((await t.call('indicators.risk', { number: n })).weights['NA-03']).toBe(30);
    const reset = await t.call('indicators.setWeights', { weights: {}, reset: true });
    expect(reset.weights['NA-03']).toBe(5);
    const row = t.db.prepare(`SELECT before, after FROM audit_events WHERE action = 'weights_changed' ORDER BY seq`).all() as { before: string; after: string }[];
    expect(row.map((x) => [JSON.parse(x.before), JSON.parse(x.after)])).toEqual([[{ 'NA-03': 5 }, { 'NA-03': 30 }], [{ 'NA-03': 30 }, { 'NA-03': 5 }]]);
  });

  it('records due-diligence steps with date, who and exhibits', async () => {
    const n = await newCase('diligence', 1);
    const d = await t.call('indicators.diligence', { number: n, step: 'DD-02', status: 'done', date: '2026-03-02', note: 'no artefacts', exhibits: ['E-001'] });
    expect(d).toMatchObject({ step: 'DD-02', status: 'done', date: '2026-03-02', doneBy: 'Olivia Officer', exhibits: ['E-001'] });
    const list = await t.call('indicators.checklist', { number: n });
    expect(list.diligence.find((x) => x.step.id === 'DD-02')!.record.status).toBe('done');
    expect(list.diligence.find((x) => x.step.id === 'DD-01')!.record.status).toBe('not_done');
  });
});

describe('the catalog version of a case', () => {
  it('is frozen when the case is created and upgraded on request, listing what changed', async () => {
    const n = await newCase();
    const id = (await t.call('cases.get', { number: n })).id;
    expect((await t.call('indicators.checklist', { number: n })).catalogVersion).toBe(CATALOG_VERSION);
    expect((await t.call('cases.audit', { number: n }))[0]).toMatchObject({ action: 'created', after: { catalogVersion: CATALOG_VERSION } });
    // A case assessed before the January 2025 additions: its state says catalog 1.
    t.db.prepare('UPDATE case_indicator_state SET catalog_version = 1 WHERE case_id = ?').run(id);
    const before = await t.call('indicators.checklist', { number: n });
    expect(before.catalogVersion).toBe(1);
    expect(before.items).toHaveLength(34);
    expect(before.pendingChanges.filter((c) => c.kind === 'added').map((c) => c.indicator.id)).toEqual(['ID-07', 'ID-08', 'ID-11', 'NA-06', 'NA-07', 'NA-08', 'WP-05']);
    const e = await rejects(t.call('indicators.assess', { number: n, indicator: 'ID-08', status: 'absent', rationale: 'x' }));
    expect(e.message).toMatch(/not in catalog version 1/);
    const up = await t.call('indicators.upgrade', { number: n });
    expect(up).toMatchObject({ from: 1, to: CATALOG_VERSION });
    expect((await t.call('indicators.checklist', { number: n })).items).toHaveLength(INDICATORS.length);
  });
});

describe('deciding a case', () => {
  it('is refused while any indicator is not assessed, naming them', async () => {
    const n = await newCase();
    await t.call('cases.setStatus', { number: n, to: 'investigating' });
    await t.call('cases.setStatus', { number: n, to: 'pending_legal_review' });
    await t.call('indicators.checklist', { number: n });
    for (const i of INDICATORS.slice(0, -2)) await t.call('indicators.assess', { number: n, indicator: i.id, status: 'absent', rationale: 'checked' });
    const e = await rejects(t.call('cases.setStatus', { number: n, to: 'decided' }));
    expect(e.code).toBe('invalid_transition');
    expect(e.message).toBe(`${n} cannot be decided while 2 indicators are not assessed: WP-05, EN-01.`);
    expect(e.details).toEqual({ notAssessed: ['WP-05', 'EN-01'] });
    await t.call('indicators.assess', { number: n, indicator: 'WP-05', status: 'not_applicable', rationale: 'no interview' });
    await t.call('indicators.assess', { number: n, indicator: 'EN-01', status: 'absent', rationale: 'screened' });
    expect((await t.call('cases.setStatus', { number: n, to: 'decided' })).status).toBe('decided');
  });
});
