import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';

let core: TestCore;
let number: string;
const OFFICER = 'Olivia Officer';
const COUNSEL = 'Carl Counsel';

beforeEach(async () => {
  core = makeTestCore(OFFICER, 'officer');
  number = (await core.call('cases.create', { title: 'Remote developer, suspected DPRK' })).number;
});
afterEach(() => core.cleanup());

/** Assesses every indicator still open, so the case may be decided (the checklist rule). */
const assessAll = async () => {
  const open = (await core.call('indicators.checklist', { number })).notAssessed;
  if (open.length) await core.call('indicators.assessMany', { number, indicators: open, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
};

const terminate = () => core.call('decisions.add', { number, kind: 'terminate', rationale: 'Laptop re-shipped to a third party; payee differs from the worker.', indicators: ['eq-02', 'ID-10'], exhibits: ['E-001'] });

describe('a final decision', () => {
  it('needs the officer and counsel to sign before it takes effect, then locks and closes the case', async () => {
    await assessAll();
    const d = await terminate();
    expect(d).toMatchObject({ final: true, state: 'draft', awaiting: ['officer', 'counsel'], indicators: ['EQ-02', 'ID-10'], decidedBy: OFFICER });

    const first = await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    expect(first.decision.state).toBe('partly_signed');
    expect(first.decision.awaiting).toEqual(['counsel']);
    expect(first.caseLocked).toBe(false);
    expect((await core.call('cases.get', { number })).locked).toBe(false);

    core.as(COUNSEL, 'counsel');
    const second = await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    expect(second.decision.state).toBe('signed');
    expect(second.decision.signatures.map((s) => [s.role, s.signer])).toEqual([['officer', OFFICER], ['counsel', COUNSEL]]);
    expect(second.caseLocked).toBe(true);
    const c = await core.call('cases.get', { number });
    expect(c).toMatchObject({ locked: true, status: 'closed' });
    expect(c.closingNote).toContain('Final decision');

    const audit = await core.call('cases.audit', { number });
    // The case walks the workflow, one audited step per status, and never jumps to closed.
    const steps = audit.filter((e) => e.entity === 'case').map((e) => [e.action, (e.before as { status?: string } | null)?.status, (e.after as { status?: string } | null)?.status]);
    expect(steps).toEqual([
      ['created', undefined, 'open'],
      ['status_changed', 'open', 'investigating'],
      ['status_changed', 'investigating', 'pending_legal_review'],
      ['status_changed', 'pending_legal_review', 'decided'],
      ['locked', 'decided', 'closed'],
    ]);
    expect(verifyChain(core.db).ok).toBe(true);
  });

  it('refuses a second signature in the same role and a second signature by the same person', async () => {
    await assessAll();
    const d = await terminate();
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'conflict' });
    core.as(OFFICER, 'counsel'); // the same person re-registered as counsel
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('is refused, with the reason, while the case could not be decided; nothing is signed or moved', async () => {
    await core.call('cases.setStatus', { number, to: 'investigating' });
    await core.call('indicators.assessMany', { number, indicators: ['EQ-02', 'ID-10', 'PY-01', 'PY-02', 'NA-01', 'NA-02'], status: 'absent', rationale: 'Checked; not seen.' });
    const d = await terminate();
    const refused = core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(refused).rejects.toThrow(/Decision \d+ cannot be signed yet: .*cannot be decided while \d+ indicators are not assessed/);
    expect((await core.call('decisions.list', { number }))[0]!.signatures).toEqual([]);
    expect(await core.call('cases.get', { number })).toMatchObject({ status: 'investigating', locked: false });

    await assessAll();
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    core.as(COUNSEL, 'counsel');
    expect((await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE })).caseLocked).toBe(true);
    const moves = (await core.call('cases.audit', { number })).filter((e) => e.entity === 'case').map((e) => (e.after as { status: string }).status);
    expect(moves).toEqual(['open', 'investigating', 'pending_legal_review', 'decided', 'closed']);
  });

  it('makes the case read-only until it is reopened with a reason, which clears the lock', async () => {
    await assessAll();
    const d = await terminate();
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    core.as(COUNSEL, 'counsel');
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    core.as(OFFICER, 'officer');
    await expect(core.call('cases.update', { number, version: (await core.call('cases.get', { number })).version, patch: { title: 'x' } })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('payments.add', { number, paidOn: '2025-01-01', amountMinor: 100, currency: 'USD', rail: 'ach', payeeName: 'A' })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('decisions.add', { number, kind: 'clear', rationale: 'changed my mind' })).rejects.toMatchObject({ code: 'locked' });

    await expect(core.call('cases.setStatus', { number, to: 'investigating' })).rejects.toMatchObject({ code: 'invalid_input' });
    const reopened = await core.call('cases.setStatus', { number, to: 'investigating', note: 'New payment records arrived' });
    expect(reopened.locked).toBe(false);
    // A change now is a new decision that supersedes the signed one; both are kept.
    const next = await core.call('decisions.add', { number, kind: 'self_disclose_ofac', rationale: 'Payments reached a DPRK national.', supersedes: d.id });
    const all = await core.call('decisions.list', { number });
    expect(all.map((x) => [x.id, x.state, x.supersedes, x.supersededBy])).toEqual([
      [d.id, 'superseded', null, next.id],
      [next.id, 'draft', d.id, null],
    ]);
    expect(all[0]!.signatures).toHaveLength(2);
  });
});

describe('signed decisions are immutable', () => {
  it('refuses to sign a superseded decision or to supersede one twice', async () => {
    const d = await terminate();
    const n = await core.call('decisions.add', { number, kind: 'restrict_access', rationale: 'Milder', supersedes: d.id });
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'conflict' });
    await expect(core.call('decisions.add', { number, kind: 'clear', rationale: 'x', supersedes: d.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(n.supersedes).toBe(d.id);
  });

  it('cannot be rewritten or deleted even with SQL', async () => {
    await assessAll();
    const d = await terminate();
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    expect(() => core.db.prepare('UPDATE decisions SET rationale = ? WHERE id = ?').run('edited', d.id)).toThrow(/immutable/);
    expect(() => core.db.prepare('DELETE FROM decisions WHERE id = ?').run(d.id)).toThrow(/never deleted/);
    expect(() => core.db.prepare('DELETE FROM decision_signoffs').run()).toThrow(/never deleted/);
  });
});

describe('an interim decision', () => {
  it('takes effect on the officer’s signature alone and does not lock the case', async () => {
    const d = await core.call('decisions.add', { number, kind: 'escalate_counsel', rationale: 'Payments to HK; counsel to review exposure.' });
    expect(d.final).toBe(false);
    const r = await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    expect(r.decision.state).toBe('signed');
    expect(r.caseLocked).toBe(false);
    core.as(COUNSEL, 'counsel');
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'forbidden' });
  });
  it('refuses a decision without a rationale', async () => {
    await expect(core.call('decisions.add', { number, kind: 'clear', rationale: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('remediation tasks', () => {
  it('flag overdue work, need evidence to be done, and continue after the case locks', async () => {
    const t = await core.call('tasks.add', { number, kind: 'revoke_access', owner: 'IT Security', dueOn: '2020-01-01' });
    expect(t.overdue).toBe(true);
    const future = await core.call('tasks.add', { number, kind: 'file_ic3', owner: 'Legal', dueOn: '2999-01-01' });
    expect(future.overdue).toBe(false);
    await expect(core.call('tasks.update', { number, id: t.id, version: t.version, patch: { status: 'done' } })).rejects.toMatchObject({ code: 'invalid_input' });

    await assessAll();
    const d = await terminate();
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    core.as(COUNSEL, 'counsel');
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    const done = await core.call('tasks.update', { number, id: t.id, version: t.version, patch: { status: 'done', evidence: 'SSO disabled, ticket IT-4411' } });
    expect(done).toMatchObject({ status: 'done', overdue: false, version: 2 });
    expect(done.completedAt).not.toBeNull();
    await expect(core.call('tasks.update', { number, id: t.id, version: 1, patch: { owner: 'Someone' } })).rejects.toMatchObject({ code: 'conflict' });
  });
});
