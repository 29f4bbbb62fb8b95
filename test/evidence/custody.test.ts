import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { blobPath, storeOf } from '../../electron/core/evidence/store.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';

let core: TestCore;
let number: string;
let dir: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Custody' })).number;
  dir = join(core.dir, 'work');
  mkdirSync(dir);
});
afterEach(() => core.cleanup());

const addText = async (n: string, name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return (await core.call('evidence.addFiles', { number: n, paths: [p], title: `Exhibit ${name}` })).added[0]!;
};
const custody = async (n: string, e: string) => (await core.call('evidence.custody', { number: n, exhibit: e })).map((x) => [x.action, x.actor]);

describe('chain of custody', () => {
  it('records who added, viewed, exported, verified and retracted an exhibit, in the audit chain', async () => {
    const e = await addText(number, 'chat.txt', 'interview transcript');
    core.as('Ivan Investigator');
    const view = await core.call('evidence.view', { number, exhibit: 'E-001' });
    expect(view).toMatchObject({ preview: 'text', text: 'interview transcript' });
    const out = join(dir, 'out');
    mkdirSync(out);
    const exported = await core.call('evidence.export', { number, exhibit: 'e-001', directory: out });
    expect(exported.path).toBe(join(out, `${number}_E-001.txt`));
    expect(createHash('sha256').update(readFileSync(exported.path)).digest('hex')).toBe(e.sha256);
    await expect(core.call('evidence.export', { number, exhibit: 'E-001', directory: out })).rejects.toMatchObject({ code: 'conflict' });
    const v = await core.call('evidence.verify', { number, exhibit: 'E-001' });
    expect(v).toEqual({ ok: true, exhibits: 1, files: 1, bytes: 20, findings: [] });
    const r = await core.call('evidence.retract', { number, exhibit: 'E-001', reason: 'belongs to another applicant' });
    expect(r.retracted).toMatchObject({ by: 'Ivan Investigator', reason: 'belongs to another applicant' });
    expect(r.sha256).toBe(e.sha256);
    await expect(core.call('evidence.retract', { number, exhibit: 'E-001', reason: 'again' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await custody(number, 'E-001')).toEqual([
      ['added', 'Olivia Officer'],
      ['viewed', 'Ivan Investigator'],
      ['exported', 'Ivan Investigator'],
      ['verified', 'Ivan Investigator'],
      ['retracted', 'Ivan Investigator'],
    ]);
    expect((await core.call('evidence.list', { number })).map((x) => [x.number, x.retracted?.reason])).toEqual([['E-001', 'belongs to another applicant']]);
    expect(verifyChain(core.db).ok).toBe(true);
  });

  it('numbers exhibits per case and keeps the numbering after a retraction', async () => {
    const other = (await core.call('cases.create', { title: 'Other' })).number;
    await addText(number, 'a.txt', 'a');
    await core.call('evidence.retract', { number, exhibit: 'E-001', reason: 'wrong file' });
    await core.call('evidence.addNote', { number, title: 'Call with the referrer', text: 'He insisted on payment to Payoneer.' });
    await core.call('evidence.addUrl', { number, url: 'https://www.upwork.com/freelancers/~01abc', description: 'Profile photo differs from the interview' });
    await addText(other, 'b.txt', 'b');
    expect((await core.call('evidence.list', { number })).map((x) => [x.number, x.kind])).toEqual([
      ['E-001', 'file'],
      ['E-002', 'note'],
      ['E-003', 'url'],
    ]);
    expect((await core.call('evidence.list', { number: other })).map((x) => x.number)).toEqual(['E-001']);
  });

  it('links exhibits to identifiers and subjects', async () => {
    await addText(number, 'payslip.txt', 'paid to wise 55501');
    const s = await core.call('subjects.add', { number, name: 'Kim' });
    const id = await core.call('identifiers.add', { number, kind: 'payment_account', value: 'wise:55501', subjectId: s.id, evidence: 'E-001', seenAt: '2026-02-03T10:00:00Z' });
    expect(id).toMatchObject({ evidence: 'E-001', seenAt: '2026-02-03T10:00:00Z', subjectName: 'Kim' });
    const linked = await core.call('evidence.linkSubject', { number, exhibit: 'E-001', subjectId: s.id });
    expect(linked.subjects).toEqual([{ id: s.id, name: 'Kim' }]);
  });

  it('refuses additions and retractions on a closed case but still lets it be verified', async () => {
    await addText(number, 'a.txt', 'a');
    core.db.prepare("UPDATE cases SET status = 'closed' WHERE number = ?").run(number);
    await expect(addText(number, 'b.txt', 'b')).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('evidence.addNote', { number, title: 'x', text: 'y' })).rejects.toMatchObject({ code: 'locked' });
    await expect(core.call('evidence.retract', { number, exhibit: 'E-001', reason: 'late' })).rejects.toMatchObject({ code: 'locked' });
    expect((await core.call('evidence.verify', { number })).ok).toBe(true);
  });
});

describe('integrity verification', () => {
  it('reports exactly which stored files are altered or missing, for every exhibit that uses them', async () => {
    const other = (await core.call('cases.create', { title: 'Other' })).number;
    const shared = await addText(number, 'shared.txt', 'the same payslip in two cases');
    await addText(other, 'shared-copy.txt', 'the same payslip in two cases');
    const gone = await addText(number, 'gone.txt', 'this one will be deleted');
    await addText(number, 'fine.txt', 'untouched');

    writeFileSync(blobPath(storeOf(core.ctx), shared.sha256), 'the same payslip in two cases, edited');
    rmSync(blobPath(storeOf(core.ctx), gone.sha256));

    const all = await core.call('evidence.verify', {});
    expect(all.ok).toBe(false);
    expect(all.exhibits).toBe(4);
    expect(all.files).toBe(3);
    expect(all.findings.map((f) => [f.caseNumber, f.exhibit, f.problem])).toEqual([
      [number, 'E-001', 'altered'],
      [number, 'E-002', 'missing'],
      [other, 'E-001', 'altered'],
    ]);
    expect(all.findings[0]!.message).toMatch(/no longer matches its SHA-256 \(it was altered\): evidence\/[0-9a-f]{2}\/[0-9a-f]{64}\.age: it is not an age v1 file/);

    const one = await core.call('evidence.verify', { number, exhibit: 'E-003' });
    expect(one).toMatchObject({ ok: true, exhibits: 1 });

    await expect(core.call('evidence.view', { number, exhibit: 'E-001' })).rejects.toThrow(/E-001: the stored file no longer matches its SHA-256/);
    const out = join(dir, 'out');
    mkdirSync(out);
    await expect(core.call('evidence.export', { number, exhibit: 'E-001', directory: out })).rejects.toThrow(/altered.*nothing was exported/);
    expect(existsSync(join(out, `${number}_E-001.txt`))).toBe(false);

    const verified = (await core.call('evidence.custody', { number, exhibit: 'E-002' })).filter((e) => e.action === 'verified');
    expect(verified.map((e) => (e.after as { result: string }).result)).toEqual(['missing']);
  });

  it('catches a note edited in the database behind the app', async () => {
    await core.call('evidence.addNote', { number, title: 'Interview', text: 'Camera stayed off the whole call.' });
    core.db.exec('DROP TRIGGER exhibits_fixed');
    core.db.prepare("UPDATE exhibits SET body = 'Camera was on.' WHERE number = 'E-001'").run();
    const r = await core.call('evidence.verify', { number });
    expect(r.findings).toEqual([expect.objectContaining({ exhibit: 'E-001', problem: 'altered', message: expect.stringMatching(/note record no longer matches/) })]);
  });

  it('previews images and PDFs as bytes, and other types not at all', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d8b20000000049454e44ae426082', 'hex');
    const r = await core.call('evidence.addBytes', {
      number,
      files: [
        { name: 'shot.png', base64: png.toString('base64') },
        { name: 'archive.zip', base64: Buffer.from('504b0304140000000000', 'hex').toString('base64') },
      ],
    });
    expect(r.added.map((e) => e.mime)).toEqual(['image/png', 'application/zip']);
    const img = await core.call('evidence.view', { number, exhibit: 'E-001' });
    expect(img).toMatchObject({ preview: 'image', base64: png.toString('base64') });
    const zip = await core.call('evidence.view', { number, exhibit: 'E-002' });
    expect(zip).toMatchObject({ preview: 'none', base64: null, reason: expect.stringMatching(/export the exhibit/) });
  });

  it('refuses bad bytes and URLs with a message naming the field', async () => {
    await expect(core.call('evidence.addBytes', { number, files: [{ name: 'x', base64: '' }] })).rejects.toThrow(/"x" is empty/);
    await expect(core.call('evidence.addBytes', { number, files: [{ name: 'x', base64: '!!!' }] })).rejects.toThrow(/files\.0\.base64 must be base64/);
    await expect(core.call('evidence.addUrl', { number, url: 'file:///etc/passwd' })).rejects.toThrow(/url must be a web address/);
    await expect(core.call('evidence.view', { number, exhibit: 'E-9' })).rejects.toThrow(/exhibit must be an exhibit number like E-001/);
  });
});
