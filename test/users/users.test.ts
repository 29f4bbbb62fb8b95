import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCore, openTestDb, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { canonicalJson, verifySignature } from '../../electron/core/signing/sign.ts';
import { publicKeyOf } from '../../electron/core/session/signing.ts';
import { unlockSync } from '../../electron/core/crypto/keys.ts';

let core: TestCore;
afterEach(() => core?.cleanup());

const COUNSEL_PASS = 'counsel has a passphrase of her own';
const OFFICER_PASS = 'the second officer types this one';

/** A case with an exhibit and every indicator assessed, ready for a final decision. */
async function caseWithExhibit(t: TestCore) {
  const number = (await t.call('cases.create', { title: 'Remote developer, suspected DPRK' })).number;
  const ex = await t.call('evidence.addNote', { number, title: 'Interview note', text: 'Camera stayed off; asked to be paid in USDT.' });
  const open = (await t.call('indicators.checklist', { number })).notAssessed;
  await t.call('indicators.assessMany', { number, indicators: open, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
  await t.call('indicators.assess', { number, indicator: 'PY-01', status: 'present', rationale: 'Asked for crypto.', exhibits: [ex.number] });
  return { number, exhibit: ex.number };
}

describe('users and roles', () => {
  it('the first user is the administrator; only the administrator adds users and gives roles; nobody declares their own', async () => {
    core = makeTestCore('Ada Admin', 'officer');
    const me = await core.call('session.current', {});
    expect(me).toMatchObject({ name: 'Ada Admin', admin: true, role: 'officer' });
    expect(me!.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    // The first-user path is closed once the database has a user.
    await expect(core.call('session.setUp', { name: 'Eve', role: 'counsel', passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'forbidden' });

    const counsel = await core.call('users.add', { name: 'Carla Counsel', role: 'counsel', passphrase: COUNSEL_PASS });
    expect(counsel).toMatchObject({ name: 'Carla Counsel', role: 'counsel', admin: false });
    expect(counsel.publicKey).toBe(publicKeyOf(core.db, 'Carla Counsel')!.publicKey);
    await core.call('users.add', { name: 'Otto Officer', role: 'officer', passphrase: OFFICER_PASS });
    // Adding a user re-encrypts nothing: one more slot, and each passphrase opens the same database.
    for (const p of [TEST_PASSPHRASE, COUNSEL_PASS, OFFICER_PASS]) expect(unlockSync(core.dbFile, p).dbKeyHex).toBe(core.vault.dbKeyHex);

    // Otto signs in with his own passphrase; his role is the one the administrator gave.
    const otto = await core.call('session.signIn', { name: 'Otto Officer', passphrase: OFFICER_PASS });
    expect(otto.role).toBe('officer');
    await expect(core.call('users.add', { name: 'Mallory', role: 'counsel', passphrase: 'mallory wants to be counsel' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Only the administrator adds users/) });
    await expect(core.call('users.setRole', { name: 'Otto Officer', role: 'counsel' })).rejects.toMatchObject({ code: 'forbidden' });
    // The sign-in input has no role at all.
    await expect(core.call('session.signIn', { name: 'Otto Officer', passphrase: OFFICER_PASS, role: 'counsel' } as never)).resolves.toMatchObject({ role: 'officer' });
    // Someone else's passphrase does not sign Otto in, nor an unknown name.
    await expect(core.call('session.signIn', { name: 'Otto Officer', passphrase: COUNSEL_PASS })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(core.call('session.signIn', { name: 'Nobody Here', passphrase: OFFICER_PASS })).rejects.toMatchObject({ code: 'forbidden' });

    // Counsel cannot add users either; the administrator can give Otto the counsel role.
    await core.call('session.signIn', { name: 'Carla Counsel', passphrase: COUNSEL_PASS });
    await expect(core.call('users.add', { name: 'Mallory', role: 'officer', passphrase: 'mallory again, longer' })).rejects.toMatchObject({ code: 'forbidden' });
    await core.call('session.signIn', { name: 'Ada Admin', passphrase: TEST_PASSPHRASE });
    expect(await core.call('users.setRole', { name: 'Otto Officer', role: 'counsel' })).toMatchObject({ role: 'counsel' });
    const users = await core.call('users.list', {});
    expect(users.map((u) => [u.name, u.role, u.admin, u.fingerprint !== null])).toEqual([
      ['Ada Admin', 'officer', true, true],
      ['Carla Counsel', 'counsel', false, true],
      ['Otto Officer', 'counsel', false, true],
    ]);
    const events = core.db.prepare(`SELECT actor, action, entity_id FROM audit_events WHERE entity = 'user' AND action IN ('registered', 'role_changed') ORDER BY seq`).all();
    expect(events).toEqual([
      { actor: 'Ada Admin', action: 'registered', entity_id: 'Ada Admin' },
      { actor: 'Ada Admin', action: 'registered', entity_id: 'Carla Counsel' },
      { actor: 'Ada Admin', action: 'registered', entity_id: 'Otto Officer' },
      { actor: 'Ada Admin', action: 'role_changed', entity_id: 'Otto Officer' },
    ]);
  });
});

const review = {
  privilege: 'attorney_client_work_product' as const,
  egregious: false,
  voluntarilySelfDisclosed: true,
  culpabilityRationale: 'No knowledge; controls were in place.',
  determination: 'Apparent violations of the NKSR.',
  recommendation: 'self_disclose' as const,
  recommendationRationale: 'Halves the base penalty.',
};

describe("counsel's privileged review", () => {
  it('an officer sees that a review exists and its outcome, not its text, until counsel shares it; the memorandum is counsel\u2019s', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const number = (await core.call('cases.create', { title: 'Privileged' })).number;
    core.as('Carl Counsel', 'counsel');
    const r = await core.call('legal.review', { number, ...review });
    await core.call('legal.signReview', { number, id: r.id, reason: 'Read the whole file; the facts support the recommendation.', passphrase: TEST_PASSPHRASE });
    expect((await core.call('legal.reviews', { number }))[0]).toMatchObject({ determination: review.determination, signReason: 'Read the whole file; the facts support the recommendation.', withheld: false });

    core.as('Olivia Officer', 'officer');
    const seen = (await core.call('legal.reviews', { number }))[0]!;
    expect(seen).toMatchObject({ id: r.id, recommendation: 'self_disclose', egregious: false, signedBy: 'Carl Counsel', withheld: true, culpabilityRationale: '', determination: '', recommendationRationale: '', signReason: '' });
    expect(JSON.stringify(seen)).not.toContain('NKSR');
    // Not through the report either: the memorandum is refused, and the summary carries the outcome only.
    await expect(core.call('reports.render', { number, kind: 'legal', paper: 'letter' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/privileged/) });
    const summary = await core.call('reports.render', { number, kind: 'summary', paper: 'letter' });
    expect(summary.html).not.toContain('Apparent violations of the NKSR');
    // An officer cannot share it.
    await expect(core.call('legal.shareReview', { number, id: r.id })).rejects.toMatchObject({ code: 'forbidden' });

    core.as('Carl Counsel', 'counsel');
    await core.call('legal.shareReview', { number, id: r.id });
    core.as('Olivia Officer', 'officer');
    expect((await core.call('legal.reviews', { number }))[0]).toMatchObject({ determination: review.determination, withheld: false, shared: { by: 'Carl Counsel' } });
  });
});

describe('sign-offs are signatures', () => {
  it('a wrong passphrase at signing is refused and nothing is signed', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const { number, exhibit } = await caseWithExhibit(core);
    const d = await core.call('decisions.add', { number, kind: 'terminate', rationale: 'Payee differs from the worker.', indicators: ['PY-01'], exhibits: [exhibit] });
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: 'not my passphrase at all' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/nothing was signed/) });
    // Another user's passphrase is not this signer's either.
    core.as('Carl Counsel', 'counsel');
    core.as('Olivia Officer', 'officer');
    await core.call('users.resetPassphrase', { name: 'Carl Counsel', passphrase: COUNSEL_PASS });
    await expect(core.call('decisions.sign', { number, id: d.id, passphrase: COUNSEL_PASS })).rejects.toMatchObject({ code: 'forbidden' });
    expect(core.db.prepare('SELECT count(*) FROM decision_signoffs').pluck().get()).toBe(0);
    expect(core.db.prepare('SELECT count(*) FROM signatures').pluck().get()).toBe(0);
  });

  it('sign the canonical record with the signer\u2019s key; verify names a row altered after signing', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const { number, exhibit } = await caseWithExhibit(core);
    const d = await core.call('decisions.add', { number, kind: 'terminate', rationale: 'Payee differs from the worker.', indicators: ['PY-01'], exhibits: [exhibit] });
    const headBefore = core.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    await core.call('decisions.sign', { number, id: d.id, reason: 'The evidence holds.', passphrase: TEST_PASSPHRASE });
    core.as('Carl Counsel', 'counsel');
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });

    const rows = core.db.prepare('SELECT * FROM signatures ORDER BY id').all() as { signer: string; public_key: string; payload: string; signature: string; role: string }[];
    expect(rows.map((r) => [r.role, r.signer])).toEqual([['officer', 'Olivia Officer'], ['counsel', 'Carl Counsel']]);
    const signed = JSON.parse(rows[0]!.payload);
    // What was signed: the decision, its indicator and exhibit with SHA-256, the case number, the audit head at that moment.
    expect(rows[0]!.payload).toBe(canonicalJson(signed));
    expect(signed).toMatchObject({
      format: 'casebook-signoff-v1',
      case: number,
      what: 'decision',
      record: { id: d.id, kind: 'terminate', rationale: 'Payee differs from the worker.', final: true, exhibits: [exhibit] },
      indicators: [{ id: 'PY-01', status: 'present' }],
      exhibits: [{ number: exhibit, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
      role: 'officer',
      signer: 'Olivia Officer',
      reason: 'The evidence holds.',
      auditHead: { seq: headBefore.seq, hash: headBefore.hash },
    });
    expect(rows[0]!.public_key).toBe(publicKeyOf(core.db, 'Olivia Officer')!.publicKey);
    expect(verifySignature(rows[0]!.public_key, rows[0]!.payload, rows[0]!.signature)).toBe(true);
    // Any change to the signed text breaks the signature.
    expect(verifySignature(rows[0]!.public_key, rows[0]!.payload.replace('Payee', 'payee'), rows[0]!.signature)).toBe(false);
    const ok = await core.call('audit.verify', {});
    expect(ok).toMatchObject({ ok: true, signatures: { checked: 2, failed: [] }, checkpoints: { count: 2, problem: null } });

    // Behind the app: the decision's rationale is edited with its trigger dropped.
    const raw = openTestDb(core.dbFile);
    raw.exec(`DROP TRIGGER decisions_no_update; UPDATE decisions SET rationale = 'Payee matches the worker.' WHERE id = ${d.id};`);
    raw.close();
    const bad = await core.call('audit.verify', {});
    expect(bad.ok).toBe(false);
    expect(bad.signatures!.failed.map((f) => f.reason)).toEqual([
      `decision ${d.id} of ${number} was altered after Olivia Officer signed it (rationale differs from what was signed on ${bad.signatures!.failed[0]!.signedAt})`,
      `decision ${d.id} of ${number} was altered after Carl Counsel signed it (rationale differs from what was signed on ${bad.signatures!.failed[1]!.signedAt})`,
    ]);
  });

  it('a changed exhibit hash, an edited signature row, or a swapped key is named', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const { number, exhibit } = await caseWithExhibit(core);
    const d = await core.call('decisions.add', { number, kind: 'monitor', rationale: 'Watch the next payroll.', indicators: ['PY-01'], exhibits: [exhibit] });
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    expect((await core.call('audit.verify', {})).ok).toBe(true);

    let raw = openTestDb(core.dbFile);
    raw.exec(`DROP TRIGGER exhibits_fixed; UPDATE exhibits SET sha256 = '${'ab'.repeat(32)}' WHERE number = '${exhibit}';`);
    raw.close();
    let v = await core.call('audit.verify', {});
    expect(v.signatures!.failed[0]!.reason).toMatch(new RegExp(`exhibit ${exhibit}, which Olivia Officer's signature on decision ${d.id} of ${number} covers, was altered after signing`));

    // The signed text itself edited to match: the signature no longer holds.
    raw = openTestDb(core.dbFile);
    raw.exec(`DROP TRIGGER signatures_no_update; UPDATE signatures SET payload = replace(payload, 'Watch the next', 'Ignore the next');`);
    raw.close();
    v = await core.call('audit.verify', {});
    expect(v.signatures!.failed[0]!.reason).toMatch(/does not match what it says was signed: the signature row was altered/);

    // Re-signed with a key that is not the signer's registered one.
    raw = openTestDb(core.dbFile);
    const { generateSigningKeyPair, signMessage } = await import('../../electron/core/signing/sign.ts');
    const forged = generateSigningKeyPair();
    const payload = (raw.prepare('SELECT payload FROM signatures').pluck().get() as string).replace(/"publicKey":"[^"]+"/, `"publicKey":"${forged.publicKey}"`);
    raw.prepare('UPDATE signatures SET payload = ?, public_key = ?, signature = ?').run(payload, forged.publicKey, signMessage(forged.privateKey, payload));
    raw.close();
    v = await core.call('audit.verify', {});
    expect(v.signatures!.failed[0]!.reason).toMatch(/made with a key that is not Olivia Officer's registered key/);
  });
});

describe('audit checkpoints', () => {
  it('a database whose newest events were deleted by hand fails audit verify against its last checkpoint', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const { number, exhibit } = await caseWithExhibit(core);
    const d = await core.call('decisions.add', { number, kind: 'monitor', rationale: 'Watch the next payroll.', indicators: ['PY-01'], exhibits: [exhibit] });
    await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
    const cp = core.db.prepare('SELECT seq, head, occasion, signer FROM audit_checkpoints').get() as { seq: number; head: string; occasion: string; signer: string };
    expect(cp).toMatchObject({ occasion: 'sign-off', signer: 'Olivia Officer' });
    expect(cp.seq).toBe(core.db.prepare('SELECT max(seq) FROM audit_events').pluck().get());
    await core.call('cases.update', { number, version: (await core.call('cases.get', { number })).version, patch: { summary: 'After the checkpoint.' } });
    const ok = await core.call('audit.verify', {});
    expect(ok).toMatchObject({ ok: true, checkpoints: { count: 1, last: { seq: cp.seq, head: cp.head }, problem: null } });

    // Cut off the newest events, back past the checkpoint, with the triggers dropped by hand. The chain that is left still links.
    const raw = openTestDb(core.dbFile);
    raw.exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit_events WHERE seq >= ${cp.seq - 1};`);
    raw.close();
    const cut = await core.call('audit.verify', {});
    expect(cut).toMatchObject({ ok: false, brokenAt: cp.seq - 1, checkpoints: { last: { seq: cp.seq } } });
    expect((cut as { reason: string }).reason).toBe(
      `the audit trail ends at event ${cp.seq - 2}, but Olivia Officer's checkpoint of ${(cut.checkpoints!.last!).at} (sign-off) saw ${cp.seq} events: events ${cp.seq - 1} to ${cp.seq} were cut off`,
    );
  });

  it('a report export and a backup each record a signed checkpoint; an edited checkpoint is named', async () => {
    core = makeTestCore('Olivia Officer', 'officer');
    const number = (await core.call('cases.create', { title: 'Checkpoints' })).number;
    await core.call('reports.recordExport', { number, kind: 'summary', paper: 'letter', sha256: 'a'.repeat(64), bytes: 10, pages: 1 });
    const { join } = await import('node:path');
    await core.call('backup.run', { folder: join(core.dir, 'backups') });
    const cps = core.db.prepare('SELECT occasion, signer, public_key, signature FROM audit_checkpoints ORDER BY id').all() as { occasion: string; signer: string }[];
    expect(cps.map((c) => [c.occasion, c.signer])).toEqual([['report', 'Olivia Officer'], ['backup', 'Olivia Officer']]);
    expect((await core.call('audit.verify', {})).ok).toBe(true);
    const raw = openTestDb(core.dbFile);
    raw.exec(`DROP TRIGGER audit_checkpoints_no_update; UPDATE audit_checkpoints SET at = '2020-01-01T00:00:00.000Z' WHERE occasion = 'report';`);
    raw.close();
    const v = await core.call('audit.verify', {});
    expect(v.ok).toBe(false);
    expect(v.checkpoints!.problem).toMatch(/checkpoint 1 .* does not carry a valid signature/);
  });
});
