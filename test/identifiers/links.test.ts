import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { migrate } from '../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { caseIdsForValue } from '../../electron/core/identifiers/repo.ts';
import { verifyChain } from '../../electron/core/audit/chain.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const newCase = async (title: string) => (await core.call('cases.create', { title })).number;

describe('cross-case links through identifiers', () => {
  it('shows at once where else an identifier appears, however it was typed', async () => {
    const a = await newCase('Applicant A');
    const b = await newCase('Applicant B');
    const c = await newCase('Applicant C');
    await core.call('identifiers.add', { number: a, kind: 'wallet', value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', qualifier: 'USDT-ETH' });
    await core.call('identifiers.add', { number: b, kind: 'wallet', value: 'ETH:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed' });
    const third = await core.call('identifiers.add', { number: c, kind: 'wallet', value: '0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED' });
    expect(third.value).toBe('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
    expect(third.links.map((l) => l.caseNumber).sort()).toEqual([a, b].sort());

    const listA = await core.call('identifiers.list', { number: a });
    expect(listA[0]!.links.map((l) => l.caseNumber).sort()).toEqual([b, c].sort());
  });

  it('does not link the same value under different kinds, nor a case with itself', async () => {
    const a = await newCase('A');
    const b = await newCase('B');
    const s = await core.call('subjects.add', { number: a, name: 'Kim' });
    await core.call('identifiers.add', { number: a, kind: 'email', value: 'pay@example.com' });
    await core.call('identifiers.add', { number: a, kind: 'email', value: 'pay@example.com', subjectId: s.id });
    const other = await core.call('identifiers.add', { number: b, kind: 'payment_account', value: 'paypal:pay@example.com' });
    expect(other.links).toEqual([]);
    const own = await core.call('identifiers.list', { number: a });
    expect(own.every((i) => i.links.length === 0)).toBe(true);
  });

  it('finds every case and subject holding an identifier, with or without its kind', async () => {
    const a = await newCase('A');
    const b = await newCase('B');
    const kim = await core.call('subjects.add', { number: a, name: 'Kim Il', role: 'worker' });
    const firm = await core.call('subjects.add', { number: b, name: 'Yanbian Staffing', role: 'staffing_firm' });
    await core.call('identifiers.add', { number: a, kind: 'phone', value: '+44 56 1234 5678', subjectId: kim.id });
    await core.call('identifiers.add', { number: b, kind: 'phone', value: '0044 (0)56-1234-5678'.replace('(0)', ''), subjectId: firm.id });
    const found = await core.call('identifiers.find', { kind: 'phone', value: '+445612345678' });
    expect(found.matches.map((m) => [m.caseNumber, m.subjectName])).toEqual([
      [b, 'Yanbian Staffing'],
      [a, 'Kim Il'],
    ]);
    const loose = await core.call('identifiers.find', { value: '+44 56 1234 5678' });
    expect(loose.matches).toHaveLength(2);
    await expect(core.call('identifiers.find', { kind: 'phone', value: '12' })).rejects.toThrow(/value: Phone "12" has too few digits/);
  });

  it('lists linked cases with the identifiers that link them', async () => {
    const a = await newCase('A');
    const b = await newCase('B');
    const c = await newCase('C');
    for (const n of [a, b]) {
      await core.call('identifiers.add', { number: n, kind: 'payment_account', value: 'payoneer:7788' });
      await core.call('identifiers.add', { number: n, kind: 'address', value: '5 Harbour Road, Dandong, China' });
    }
    await core.call('identifiers.add', { number: c, kind: 'address', value: '5 harbour road dandong china' });
    const linked = await core.call('identifiers.linkedCases', { number: a });
    expect(linked.map((l) => [l.number, l.via.map((v) => v.kind).sort()])).toEqual([
      [c, ['address']],
      [b, ['address', 'payment_account']],
    ]);
  });

  it('lets the case search find cases by a pasted identifier', async () => {
    const a = await newCase('Alpha');
    await newCase('Beta');
    await core.call('identifiers.add', { number: a, kind: 'ip', value: '2001:db8::7' });
    const r = await core.call('cases.list', { search: '2001:DB8:0::7' });
    expect(r.rows.map((x) => x.number)).toEqual([a]);
    expect(caseIdsForValue(core.db, '2001:db8::7')).toEqual([r.rows[0]!.id]);
  });

  it('refuses an invalid identifier naming the field and why, and writes nothing', async () => {
    const a = await newCase('A');
    const before = verifyChain(core.db);
    await expect(core.call('identifiers.add', { number: a, kind: 'wallet', value: '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3' })).rejects.toThrow(
      /value: Crypto wallet "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3" fails its base58check checksum/,
    );
    await expect(core.call('identifiers.add', { number: a, kind: 'email', value: 'x@example.com', subjectId: 99 })).rejects.toThrow(/subjectId 99 is not a subject of this case/);
    await expect(core.call('identifiers.add', { number: a, kind: 'email', value: 'x@example.com', evidence: 'E-007' })).rejects.toThrow(/no exhibit E-007/);
    expect(await core.call('identifiers.list', { number: a })).toEqual([]);
    expect(verifyChain(core.db)).toEqual(before);
  });

  it('refuses the same identifier twice for the same subject, and records additions and removals in the audit chain', async () => {
    const a = await newCase('A');
    const added = await core.call('identifiers.add', { number: a, kind: 'email', value: 'dup@example.com' });
    await expect(core.call('identifiers.add', { number: a, kind: 'email', value: 'DUP@example.com' })).rejects.toMatchObject({ code: 'conflict' });
    await core.call('identifiers.remove', { number: a, id: added.id, reason: 'typo: wrong applicant' });
    const audit = await core.call('cases.audit', { number: a });
    expect(audit.filter((e) => e.entity === 'identifier').map((e) => e.action)).toEqual(['added', 'removed']);
    expect(verifyChain(core.db).ok).toBe(true);
  });

  it('draws the network: five applicants sharing one payout account and one address', async () => {
    const numbers: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const n = await newCase(`Applicant ${i}`);
      numbers.push(n);
      const s = await core.call('subjects.add', { number: n, name: `Applicant ${i}` });
      await core.call('identifiers.add', { number: n, kind: 'payment_account', value: 'wise:55501', subjectId: s.id });
      await core.call('identifiers.add', { number: n, kind: 'address', value: '9 Lake St, Springfield IL, USA', subjectId: s.id });
      await core.call('identifiers.add', { number: n, kind: 'email', value: `applicant${i}@example.com`, subjectId: s.id });
    }
    const g = await core.call('identifiers.graph', { number: numbers[0]! });
    const byType = (t: string) => g.nodes.filter((n) => n.type === t);
    expect(byType('case')).toHaveLength(5);
    expect(byType('subject')).toHaveLength(5);
    // the focus case shows its own e-mail; the other cases show only what they share
    expect(byType('identifier').map((n) => n.label).sort()).toEqual(['E-mail: applicant1@example.com', 'Payment account: 55501', 'Shipping address: 9 Lake St, Springfield IL, USA']);
    const account = byType('identifier').find((n) => n.kind === 'payment_account')!;
    expect(g.edges.filter((e) => e.target === account.id)).toHaveLength(5);
    expect(g.truncated).toBe(false);

    const all = await core.call('identifiers.graph', {});
    expect(all.nodes.filter((n) => n.type === 'case')).toHaveLength(5);
  });
});

describe('migration 002', () => {
  it('creates STRICT tables, keeps exhibits undeletable, and looks identifiers up by index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('subjects', 'identifiers', 'exhibits', 'evidence_blobs')").all() as { name: string; strict: number }[];
    expect(strict).toHaveLength(4);
    expect(strict.every((t) => t.strict === 1)).toBe(true);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT case_id FROM identifiers WHERE kind = 'email' AND value_norm = 'x'")).toMatch(/USING (COVERING )?INDEX identifiers_lookup/);
    expect(plan("SELECT case_id FROM identifiers WHERE value_norm = 'x'")).toMatch(/USING (COVERING )?INDEX identifiers_value/);
    db.prepare("INSERT INTO cases (number, num_year, num_seq, title, priority, status, opened_at, created_by, updated_at) VALUES ('CB-2026-0001', 2026, 1, 't', 'low', 'open', 'x', 'x', 'x')").run();
    db.prepare(
      "INSERT INTO exhibits (case_id, seq, number, kind, title, acquired_at, acquired_by, size, mime, sha256, created_at, created_by) VALUES (1, 1, 'E-001', 'file', 't', 'x', 'x', 1, 'text/plain', ?, 'x', 'x')",
    ).run('a'.repeat(64));
    expect(() => db.prepare('DELETE FROM exhibits').run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE exhibits SET sha256 = ?").run('b'.repeat(64))).toThrow(/never change/);
    db.close();
  });
});
