import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { HEADER, row, writeCsv } from '../activity/helpers.ts';
import { fx } from '../sanctions/paths.ts';
import { detectKind } from '../../shared/journal.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Freelancer with two wallets' })).number;
});
afterEach(() => core.cleanup());

const file = (name: string, text: string) => {
  const p = join(core.dir, name);
  writeFileSync(p, text);
  return p;
};
const identifiers = async (n = number) => (await core.call('identifiers.list', { number: n })).map((i) => `${i.kind} ${i.value}`).sort();

const GOOD = [
  'dev.kim@example.com',
  '+1 650 253 0000',
  '192.0.2.44',
  '10.8.0.0/16',
  '0xABCDEF0123456789ABCDEF0123456789ABCDEF01',
  'https://github.com/octocat',
  'KP:912345678',
  'DE89 3704 0044 0532 0130 00',
  '00:1a:2b:3c:4d:5e',
  '12 Harbour Road, Wan Chai, Hong Kong',
];

describe('importing identifiers', () => {
  it('tells the kind of each pasted value from its shape', () => {
    expect(GOOD.map(detectKind)).toEqual(['email', 'phone', 'ip', 'ip', 'wallet', 'platform_handle', 'document', 'bank_account', 'device', 'address']);
    expect(detectKind('C02XK0JHJG5J')).toBeNull();
  });

  it('adds every value of a pasted list, validated as the one-value form validates it', async () => {
    const r = await core.call('identifiers.import', { number, text: GOOD.join('\n') });
    expect(r).toMatchObject({ added: 10, rejected: [], duplicates: [] });
    expect(await identifiers()).toContain('phone +16502530000');
    expect(await identifiers()).toContain('bank_account DE89370400440532013000');
    expect(await identifiers()).toContain('platform_handle github:octocat');
    const audit = (await core.call('cases.audit', { number })).filter((a) => a.entity === 'identifier');
    expect(audit.filter((a) => a.action === 'added')).toHaveLength(10);
    expect(audit.find((a) => a.action === 'imported')!.after).toMatchObject({ from: 'pasted list', added: 10 });
  });

  it('adds nothing when any line is bad, and lists each bad line with its number and why', async () => {
    const text = ['dev.kim@example.com', '', 'kim@@example', '999.1.1.1', '0xABCDEF0123456789ABCDEF0123456789ABCDEF0', 'C02XK0JHJG5J', '+1 650 253 0000'].join('\n');
    const r = await core.call('identifiers.import', { number, text });
    expect(r.added).toBe(0);
    expect(r.rejected.map((x) => [x.line, x.value])).toEqual([
      [3, 'kim@@example'],
      [4, '999.1.1.1'],
      [5, '0xABCDEF0123456789ABCDEF0123456789ABCDEF0'],
      [6, 'C02XK0JHJG5J'],
    ]);
    expect(r.rejected[0]!.reason).toMatch(/^E-mail has more than one "@"/);
    expect(r.rejected[1]!.reason).toMatch(/part above 255/);
    expect(r.rejected[2]!.reason).toMatch(/Ethereum address/);
    expect(r.rejected[3]!.reason).toMatch(/kind cannot be told/);
    expect(await identifiers()).toEqual([]);
    expect((await core.call('cases.audit', { number })).some((a) => a.entity === 'identifier')).toBe(false);
  });

  it('reads a CSV naming kind, value, qualifier and subject; lists values already recorded instead of adding them twice', async () => {
    await core.call('subjects.add', { number, name: 'Kim Chol', aliases: ['Kevin Kim'] });
    await core.call('identifiers.add', { number, kind: 'email', value: 'dev.kim@example.com' });
    const csv = ['Kind,Value,Subject,Qualifier', 'device,C02XK0JHJG5J,Kim Chol,', 'wallet,0xABCDEF0123456789ABCDEF0123456789ABCDEF01,Kevin Kim,USDT-ETH', 'email,dev.kim@example.com,,', 'E-mail,DEV.KIM@example.com,,'].join('\r\n');
    const r = await core.call('identifiers.import', { number, path: file('ids.csv', csv) });
    expect(r).toMatchObject({ added: 2, rejected: [] });
    expect(r.duplicates.map((d) => d.line)).toEqual([4, 5]);
    const list = await core.call('identifiers.list', { number });
    expect(list.find((i) => i.kind === 'wallet')).toMatchObject({ subjectName: 'Kim Chol', qualifier: 'USDT-ETH' });
    const bad = await core.call('identifiers.import', { number, path: file('bad.csv', 'kind,value,subject\nlaptop,ABC123,\nphone,+1 650 253 0001,Nobody Known\n') });
    expect(bad.rejected).toEqual([
      { line: 2, value: 'ABC123', reason: expect.stringMatching(/"laptop" is not a kind of identifier/) },
      { line: 3, value: '+1 650 253 0001', reason: expect.stringMatching(/no subject named "Nobody Known"/) },
    ]);
  });

  it('refuses a file that is not text, with the line', async () => {
    await expect(core.call('identifiers.import', { number, path: file('bin.txt', 'a@example.com\nb@exa\u0000mple.com\n') })).rejects.toThrow(/line 2/);
    await expect(core.call('identifiers.import', { number, text: '\n\n' })).rejects.toThrow(/no values to import/);
  });
});

describe('the observables table', () => {
  it('shows first and last seen, the source exhibit, other cases and the screening result', async () => {
    await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
    await core.call('evidence.addNote', { number, title: 'Payroll export', text: 'wallet list' });
    const s = await core.call('subjects.add', { number, name: 'Daniel Moorland' });
    await core.call('identifiers.add', { number, kind: 'wallet', value: '0xABCDEF0123456789ABCDEF0123456789ABCDEF01', subjectId: s.id, evidence: 'E-001', seenAt: '2024-02-01T10:00:00Z' });
    await core.call('identifiers.add', { number, kind: 'ip', value: '192.0.2.1' });
    await core.call('activity.import', { number, path: writeCsv(core, 'log.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-05T08:00:00Z', 'ann', '192.0.2.1', 'US')]) });
    const otherCase = (await core.call('cases.create', { title: 'Second hire' })).number;
    await core.call('identifiers.add', { number: otherCase, kind: 'ip', value: '192.0.2.1' });
    const before = await core.call('observables.list', { number });
    expect(before.map((o) => o.sanctions)).toEqual(['not_screened', 'not_screened']);
    const screening = await core.call('sanctions.screenCase', { number });
    const walletHit = screening.hits.find((h) => h.queryKind === 'identifier')!;
    await core.call('sanctions.decideHit', { number, hit: walletHit.id, decision: 'confirmed', reason: 'Payout wallet.' });
    const rows = await core.call('observables.list', { number });
    const wallet = rows.find((o) => o.kind === 'wallet')!;
    expect(wallet).toMatchObject({ subject: 'Daniel Moorland', exhibit: 'E-001', firstSeen: '2024-02-01T10:00:00Z', sanctions: 'confirmed', otherCases: [] });
    expect(wallet.sanctionsDetail).toMatch(/entry 1001\), SDN list version 1/);
    const ip = rows.find((o) => o.kind === 'ip')!;
    expect(ip).toMatchObject({ firstSeen: '2024-03-01T00:00:00.000Z', lastSeen: '2024-03-05T08:00:00.000Z', otherCases: [otherCase], sanctions: 'clear' });
  });

  it('exports a CSV that imports back into another case unchanged', async () => {
    await core.call('subjects.add', { number, name: 'Kim Chol' });
    const first = await core.call('identifiers.import', { number, text: [...GOOD, 'USDT-TRON:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'paypal:pay.me@example.com'].join('\n'), subjectId: 1 });
    expect(first).toMatchObject({ added: 12, rejected: [] });
    await core.call('identifiers.import', { number, text: 'kind,value,qualifier\nbank_account,12345678,021000021\ndevice,C02XK0JHJG5J,\n' });
    const out = await core.call('identifiers.export', { number, out: join(core.dir, 'ids.csv') });
    expect(out.rows).toBe(14);
    const csv = readFileSync(out.file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('kind,value,qualifier,subject,first_seen,last_seen,exhibit,other_cases,sanctions,sanctions_detail');
    // A phone number starts with "+": the export neutralises it as a formula, the import reads it back.
    expect(csv).toContain("phone,'+1 650 253 0000,,Kim Chol,");
    const second = (await core.call('cases.create', { title: 'Copy' })).number;
    await core.call('subjects.add', { number: second, name: 'Kim Chol' });
    const r = await core.call('identifiers.import', { number: second, path: out.file });
    expect(r).toMatchObject({ added: 14, rejected: [], duplicates: [] });
    expect(await identifiers(second)).toEqual(await identifiers());
    const subjectOf = async (n: string) => (await core.call('identifiers.list', { number: n })).map((i) => `${i.value} ${i.subjectName ?? '-'}`).sort();
    expect(await subjectOf(second)).toEqual(await subjectOf(number));
    // The same file again adds nothing and says why.
    const again = await core.call('identifiers.import', { number: second, path: out.file });
    expect(again).toMatchObject({ added: 0, rejected: [] });
    expect(again.duplicates).toHaveLength(14);
  });

  it('writes invisible characters visibly in the export', async () => {
    await core.call('identifiers.add', { number, kind: 'address', value: '12 Harbour Road\u202E, Wan Chai, Hong Kong' });
    const out = await core.call('identifiers.export', { number, out: join(core.dir, 'ids.csv') });
    expect(readFileSync(out.file, 'utf8')).toContain('12 Harbour Road⟨U+202E⟩, Wan Chai, Hong Kong');
  });
});
