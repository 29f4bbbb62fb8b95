import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';
import { showInvisible } from '../../shared/text.ts';
import { csvCell } from '../../shared/sanctions/csv.ts';

let core: TestCore;
let number: string;
const RLO = '\u202e';
const SPOOF = `invoice${RLO}fdp.exe`;

beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Evidence handling' })).number;
});
afterEach(() => core.cleanup());

describe('invisible and direction-changing characters', () => {
  it('are written out visibly for display, and only for display', () => {
    expect(showInvisible(SPOOF)).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(showInvisible('a\u200bb\u2066c\u2069\ufeff')).toBe('a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩');
    expect(showInvisible('tag\u{e0041}')).toBe('tag⟨U+E0041⟩');
    expect(showInvisible('Line one\nLine two\tend — Ünïcødé 北京')).toBe('Line one\nLine two\tend — Ünïcødé 北京');
    expect(csvCell(SPOOF)).toBe('invoice⟨U+202E⟩fdp.exe');
  });

  it('keep the stored original of an uploaded name, and print visibly in the report', async () => {
    const r = await core.call('evidence.addBytes', { number, files: [{ name: SPOOF, base64: Buffer.from('%PDF-1.4 not really').toString('base64') }] });
    const x = r.added[0]!;
    expect(x.originalName).toBe(SPOOF);
    const html = (await core.call('reports.render', { number, kind: 'summary', paper: 'a4' })).html;
    expect(html).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(html).not.toContain(RLO);
  });

  it('print visibly in every report kind, headers included, from subjects and payees too', async () => {
    await core.call('evidence.addBytes', { number, files: [{ name: SPOOF, base64: Buffer.from('MZ').toString('base64') }] });
    await core.call('subjects.add', { number, name: `Kim${RLO}lohC` });
    await core.call('payments.add', { number, paidOn: '2025-03-01', amountMinor: 10_000, currency: 'USD', rail: 'bank_wire', payeeName: `Pay${RLO}ee` });
    core.as('Carl Counsel', 'counsel');
    for (const kind of ['summary', 'legal', 'ic3'] as const) {
      const r = await core.call('reports.render', { number, kind, paper: 'a4' });
      const printed = r.html + r.headerTemplate + r.footerTemplate;
      expect(printed, kind).not.toContain(RLO);
      expect(printed, kind).toContain('Kim⟨U+202E⟩lohC');
      if (kind !== 'summary') expect(printed, kind).toContain('Pay⟨U+202E⟩ee');
    }
  });
});

describe('editing an exhibit', () => {
  it('corrects a file exhibit’s description of itself, audited, without touching the file or its hash', async () => {
    const x = (await core.call('evidence.addBytes', { number, files: [{ name: 'badge.txt', base64: Buffer.from('badge photo notes').toString('base64') }] })).added[0]!;
    const edited = await core.call('evidence.update', {
      number,
      exhibit: x.number,
      patch: { title: 'Badge photo notes', source: 'HR file', description: 'Given by HR', acquiredAt: '2026-02-01T09:30:00Z', acquiredBy: 'Hana HR' },
      reason: 'Recorded from the HR hand-over sheet',
    });
    expect(edited).toMatchObject({ title: 'Badge photo notes', source: 'HR file', description: 'Given by HR', acquiredAt: '2026-02-01T09:30:00Z', acquiredBy: 'Hana HR', sha256: x.sha256, size: x.size });
    const custody = await core.call('evidence.custody', { number, exhibit: x.number });
    const e = custody.at(-1)!;
    expect(e.action).toBe('edited');
    expect(e.before).toMatchObject({ title: 'badge.txt', acquiredBy: 'Olivia Officer' });
    expect(e.after).toMatchObject({ title: 'Badge photo notes', sha256: x.sha256, reason: 'Recorded from the HR hand-over sheet' });
    expect((await core.call('evidence.verify', { number, jobId: 'j1' })).ok).toBe(true);
    expect(verifyChain(core.db).ok).toBe(true);
  });

  it('refuses to change what a note’s fingerprint covers, and any edit of a retracted exhibit', async () => {
    const note = await core.call('evidence.addNote', { number, title: 'Call', text: 'Asked for Payoneer.' });
    await expect(core.call('evidence.update', { number, exhibit: note.number, patch: { acquiredAt: '2026-01-01T00:00:00Z' } })).rejects.toThrow(/part of its fingerprint/);
    expect((await core.call('evidence.update', { number, exhibit: note.number, patch: { title: 'Call with the referrer' } })).title).toBe('Call with the referrer');
    await core.call('evidence.retract', { number, exhibit: note.number, reason: 'Wrong case' });
    await expect(core.call('evidence.update', { number, exhibit: note.number, patch: { title: 'x' } })).rejects.toMatchObject({ code: 'conflict' });
    expect((await core.call('evidence.verify', { number, jobId: 'j2' })).ok).toBe(true);
  });

  it('exports a copy to a chosen folder, byte for byte, and records it in the custody log', async () => {
    const bytes = Buffer.from('exported bytes');
    const x = (await core.call('evidence.addBytes', { number, files: [{ name: 'e.txt', base64: bytes.toString('base64') }] })).added[0]!;
    const out = join(core.dir, 'out');
    mkdirSync(out);
    const r = await core.call('evidence.export', { number, exhibit: x.number, directory: out });
    expect(r.sha256).toBe(x.sha256);
    expect(readFileSync(join(out, readdirSync(out)[0]!))).toEqual(bytes);
    expect((await core.call('evidence.custody', { number, exhibit: x.number })).map((e) => e.action)).toContain('exported');
  });
});
