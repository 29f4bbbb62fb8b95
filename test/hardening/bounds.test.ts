import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let t: TestCore;
let number: string;
beforeAll(async () => {
  t = makeTestCore();
  number = (await t.call('cases.create', { title: 'Bounds' })).number;
});
afterAll(() => t.cleanup());

const base = { paidOn: '2025-03-01', currency: 'EUR', rail: 'bank_wire' as const, payeeName: 'Kim Chol' };

describe('amounts and rates have bounds at entry', () => {
  it('refuses the payment that broke a case\'s legal report for good, and keeps the report working', async () => {
    await t.call('rates.set', { currency: 'EUR', date: '2025-03-01', usdPerUnit: '2.0' });
    await expect(t.call('payments.add', { number, ...base, amountMinor: 9_007_199_254_740_991 })).rejects.toMatchObject({ code: 'invalid_input', issues: [expect.objectContaining({ path: 'amountMinor' })] });
    await t.call('payments.add', { number, ...base, amountMinor: 100_000_000_000 }); // one billion euros: the largest accepted
    await expect(t.call('legal.exposure', { number })).resolves.toBeTruthy();
  });

  it('refuses a rate it cannot keep exactly, or out of bounds, instead of rounding it without a word', async () => {
    await expect(t.call('rates.set', { currency: 'EUR', date: '2025-03-02', usdPerUnit: '99999999.9999999999' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.call('rates.set', { currency: 'EUR', date: '2025-03-02', usdPerUnit: '1.12345678901' })).rejects.toMatchObject({ code: 'invalid_input' });
    const r = await t.call('rates.set', { currency: 'EUR', date: '2025-03-02', usdPerUnit: '1.0834567891' });
    expect(r.usdPerUnit).toBe('1.0834567891');
    await expect(t.call('rates.set', { currency: 'BTC', date: '2025-03-02', usdPerUnit: '95000.12' })).resolves.toMatchObject({ usdPerUnit: '95000.12' });
  });

  it('applies the same bound to imported ledgers, naming the line', async () => {
    await expect(t.call('payments.import', { number, fileName: 'huge.csv', text: 'date,amount,currency,rail,payee\n2025-03-01,5000000000.00,EUR,wire,Kim Chol\n' })).rejects.toThrow(/line 2.*at most 1,000,000,000 EUR/);
  });
});
