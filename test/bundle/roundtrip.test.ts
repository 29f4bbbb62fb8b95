import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';
import { seedForReads } from '../core/reads.ts';
import { readBlob, storeOf } from '../../electron/core/evidence/store.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';
import { snapshot } from './helpers.ts';

// One case handed officer -> counsel -> officer between two separate databases (two files, two
// keys, two sets of users): every row, file, hash and signature arrives, counsel's work comes back,
// and a later bundle shows what changed since the last one.
let officer: TestCore;
let counsel: TestCore;
let number: string;
const fileA = Buffer.from('Upwork chat export\n'.repeat(5000));
const fileB = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256)]);

beforeAll(async () => {
  officer = makeTestCore('Olivia Officer', 'officer');
  counsel = makeTestCore('Carl Counsel', 'counsel');
  // Each database numbers its rows its own way: the officer's case is their third, counsel has one of their own
  // first, so that no id of the case matches by chance on the two sides.
  await officer.call('cases.create', { title: 'An earlier case' });
  await officer.call('cases.create', { title: 'Another earlier case' });
  await counsel.call('cases.create', { title: 'Counsel\u2019s earlier matter' });
  number = (await seedForReads(officer)).number;
  await officer.call('evidence.addBytes', { number, files: [{ name: 'chat.txt', base64: fileA.toString('base64') }, { name: 'payslip.png', base64: fileB.toString('base64') }], source: 'HR' });
  await officer.call('payments.add', { number, paidOn: '2025-03-01', amountMinor: 420_000, currency: 'USD', rail: 'ach', payeeName: 'Kim Chol' });
  const d = await officer.call('decisions.add', { number, kind: 'escalate_counsel', rationale: 'Payments may have reached a DPRK national.', exhibits: ['E-002'] });
  // The officer signs the decision as the app does: their passphrase again, a signature over what is signed.
  await officer.call('decisions.sign', { number, id: d.id, reason: 'Counsel must review the payments.', passphrase: TEST_PASSPHRASE });
}, 120_000);
afterAll(() => {
  officer?.cleanup();
  counsel?.cleanup();
});

describe('a case bundle from officer to counsel and back', () => {
  let toCounsel: string;
  let back: string;

  it('exports the case signed by the officer, and verifies with every signature named', async () => {
    toCounsel = join(officer.dir, 'to-counsel.casebook');
    const r = await officer.call('bundle.export', { number, to: toCounsel, passphrase: TEST_PASSPHRASE });
    expect(r.file).toBe(toCounsel);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.parts).toBeGreaterThan(10);
    const v = await counsel.call('bundle.verify', { path: toCounsel });
    if (!v.ok) throw new Error(`${v.part}: ${v.reason}`);
    expect(v.case).toBe(number);
    expect(v.exporter).toMatchObject({ user: 'Olivia Officer', known: false });
    expect(v.signatures.map((s) => s.signer)).toEqual(['Olivia Officer', 'Olivia Officer']);
    expect(v.signatures[1]!.what).toMatch(/^decision #\d+ \(officer sign-off\)$/);
  });

  it('a signature is refused with the wrong passphrase, and nothing is written', async () => {
    const to = join(officer.dir, 'never.casebook');
    await expect(officer.call('bundle.export', { number, to, passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(() => readFileSync(to)).toThrow();
  });

  it('counsel imports it only after confirming the officer\u2019s fingerprint, and holds every row, file and signature', async () => {
    await expect(counsel.call('bundle.import', { path: toCounsel })).rejects.toThrow(/signed by a key this database does not know: Olivia Officer, fingerprint/);
    const fp = (await counsel.call('bundle.verify', { path: toCounsel })) as { exporter: { fingerprint: string } };
    const r = await counsel.call('bundle.import', { path: toCounsel, trust: fp.exporter.fingerprint });
    expect(r.newCase).toBe(true);
    expect(r.case.number).toBe(number);
    expect(r.provenance).toMatchObject({ exportedBy: 'Olivia Officer', fingerprint: fp.exporter.fingerprint });
    expect(snapshot(counsel, number)).toEqual(snapshot(officer, number));
    // The files, byte for byte, in counsel's own store under counsel's own key.
    const ex = await counsel.call('evidence.list', { number });
    const files = ex.filter((e) => e.kind === 'file');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const e of files) {
      const bytes = await readBlob(storeOf(counsel.ctx), e.sha256);
      expect(bytes.length).toBe(e.size);
    }
    expect(await readBlob(storeOf(counsel.ctx), ex.find((e) => e.originalName === 'chat.txt')!.sha256)).toEqual(fileA);
    expect((await counsel.call('evidence.verify', { number })).findings ?? []).toEqual([]);
    // The officer's audit events of the case travel as they were, their hashes intact.
    const copies = counsel.db.prepare('SELECT count(*) FROM bundle_audit_copies').pluck().get() as number;
    const officerEvents = officer.db.prepare('SELECT count(*) FROM audit_events WHERE case_id = (SELECT id FROM cases WHERE number = ?)').pluck().get(number) as number;
    expect(copies).toBe(officerEvents - 1); // all but the export's own event, written after the bundle
    expect(verifyChain(counsel.db).ok).toBe(true);
    // The officer's signature checks on counsel's side, though the officer is no user there.
    const checked = await counsel.call('audit.verify', {});
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
    const audit = await counsel.call('cases.audit', { number });
    expect(audit.some((a) => a.action === 'imported')).toBe(true);
    // The same bundle twice is refused.
    await expect(counsel.call('bundle.import', { path: toCounsel })).rejects.toThrow(/imported already/);
    // A new case on counsel's side never takes the imported case's number.
    const own = await counsel.call('cases.create', { title: 'Counsel\u2019s own matter' });
    expect(own.number).not.toBe(number);
  });

  it('counsel reviews, and the bundle back carries both sides\u2019 work and signatures to the officer', async () => {
    const review = await counsel.call('legal.review', {
      number, privilege: 'attorney_client', egregious: false, voluntarilySelfDisclosed: true,
      culpabilityRationale: 'The company did not know.', determination: 'One payment to a DPRK IT worker.', recommendation: 'self_disclose', recommendationRationale: 'Halves the base penalty.',
    });
    await counsel.call('legal.signReview', { number, id: review.id, reason: 'My advice as it stands.', passphrase: TEST_PASSPHRASE });
    await counsel.call('subjects.update', { number, id: (await counsel.call('subjects.list', { number }))[0]!.id, version: 1, patch: { notes: 'Counsel: confirmed by the platform.' } });

    back = join(counsel.dir, 'back.casebook');
    // The review is privileged and not shared: the file back must be locked to the officer.
    await expect(counsel.call('bundle.export', { number, to: back, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/privileged and not shared with officers/) });
    await counsel.call('bundle.export', { number, to: back, passphrase: TEST_PASSPHRASE, recipient: 'Olivia Officer' });
    const v = await officer.call('bundle.verify', { path: back });
    if (!v.ok) throw new Error(`${v.part}: ${v.reason}`);
    expect(v.signatures.map((s) => [s.signer, s.what.replace(/#\d+/, '#')])).toEqual([
      ['Carl Counsel', `the hand-over file of case ${number}, all of it`],
      ['Olivia Officer', 'decision # (officer sign-off)'],
      ['Carl Counsel', "counsel's review # (counsel sign-off)"],
    ]);
    const r = await officer.call('bundle.import', { path: back, trust: v.exporter.fingerprint });
    expect(r.newCase).toBe(false);
    expect(r.changes.added).toMatchObject({ legal_reviews: 1, signatures: 1 });
    expect(r.changes.updated.map((c) => [c.table, c.fields])).toEqual([['subjects', ['notes', 'updated_at', 'version']]]);
    expect(r.changes.conflicts).toEqual([]);
    // The subject's earlier notes stay in the officer's audit trail, with the import that changed them.
    const ev = officer.db.prepare(`SELECT before, after FROM audit_events WHERE action = 'imported' ORDER BY seq DESC LIMIT 1`).get() as { before: string; after: string };
    expect(JSON.parse(ev.before)).toEqual([{ table: 'subjects', key: expect.any(String), values: { notes: '', updated_at: expect.any(String), version: 1 } }]);
    expect(JSON.parse(ev.after).updatedRows[0].values.notes).toBe('Counsel: confirmed by the platform.');
    expect(snapshot(officer, number)).toEqual(snapshot(counsel, number));
    expect(verifyChain(officer.db).ok).toBe(true);
    const back2 = await officer.call('audit.verify', {});
    expect(back2.ok, JSON.stringify(back2)).toBe(true);
    // The officer's own audit events come back too, and are not copied twice.
    expect(officer.db.prepare('SELECT count(*) FROM bundle_audit_copies WHERE origin_db = (SELECT value FROM settings WHERE key = ?)').pluck().get('database.id')).toBe(0);
  });

  it('a newer bundle shows only what changed since the last import; an older one is refused', async () => {
    const f = await officer.call('legal.factors', { number }).catch(() => []);
    expect(Array.isArray(f)).toBe(true);
    await counsel.call('legal.setFactor', { number, factor: 'cooperation', assessment: 'mitigating', note: 'Full cooperation.' });
    const newer = join(counsel.dir, 'newer.casebook');
    await counsel.call('bundle.export', { number, to: newer, passphrase: TEST_PASSPHRASE, recipient: 'Olivia Officer' });
    const r = await officer.call('bundle.import', { path: newer });
    expect(r.previous).not.toBeNull();
    expect(r.changes.added).toEqual({ legal_factors: 1 });
    expect(r.changes.updated).toEqual([]);
    const h = await officer.call('bundle.history', { number });
    expect(h.map((x) => x.direction)).toEqual(['import', 'import', 'export', 'export']); // the last: the bundle the seed wrote
    // The bundle from before that one is older than what was imported last.
    await expect(officer.call('bundle.import', { path: back })).rejects.toThrow(/imported already/);
  });

  it('an edit on both sides since the last exchange is kept here and listed as a conflict', async () => {
    const s = (await officer.call('subjects.list', { number }))[0]!;
    await officer.call('subjects.update', { number, id: s.id, version: s.version, patch: { location: 'Dandong (officer)' } });
    const cs = (await counsel.call('subjects.list', { number }))[0]!;
    await counsel.call('subjects.update', { number, id: cs.id, version: cs.version, patch: { location: 'Shenyang (counsel)' } });
    const f = join(counsel.dir, 'both.casebook');
    await counsel.call('bundle.export', { number, to: f, passphrase: TEST_PASSPHRASE, recipient: 'Olivia Officer' });
    const r = await officer.call('bundle.import', { path: f });
    expect(r.changes.conflicts.map((c) => c.table)).toEqual(['subjects']);
    expect((await officer.call('subjects.list', { number }))[0]!.location).toBe('Dandong (officer)');
  });
});

describe('signatures that arrived in a bundle', () => {
  it('can be traced to the ids they were signed with (for the audit verification of the receiving database)', async () => {
    const { signedIdOf, arrivedInBundle } = await import('../../electron/core/bundle/origins.ts');
    const sig = counsel.db.prepare(`SELECT id, what_id, payload FROM signatures WHERE what = 'decision'`).get() as { id: number; what_id: number; payload: string };
    expect(arrivedInBundle(counsel.db, sig.id)).toMatchObject({ id: expect.any(Number) });
    const officerDecision = officer.db.prepare(`SELECT id FROM decisions WHERE case_id = (SELECT id FROM cases WHERE number = ?)`).pluck().get(number);
    expect(signedIdOf(counsel.db, 'decisions', sig.what_id)).toBe(officerDecision);
    // In the officer's own database, its own rows are their own origin.
    const own = officer.db.prepare(`SELECT id FROM signatures WHERE what = 'decision'`).pluck().get() as number;
    expect(arrivedInBundle(officer.db, own)).toBeNull();
  });
});
