import { describe, expect, it } from 'vitest';
import { detectPaymentFindings, minorDigits, normaliseName, parseAmount, parseRate, formatRate, toUsdCents, totalsOf, type Payment } from '../../shared/payments.ts';

describe('amounts in minor units', () => {
  it('parses decimals exactly, per the currency minor unit', () => {
    expect(parseAmount('1234.56', 'USD')).toBe(123_456);
    expect(parseAmount('1,234.5', 'USD')).toBe(123_450);
    expect(parseAmount('0.1', 'USD')).toBe(10);
    expect(parseAmount('1500', 'JPY')).toBe(1500);
    expect(parseAmount('1.5', 'JPY')).toBeNull();
    expect(parseAmount('1.234', 'KWD')).toBe(1234);
    expect(parseAmount('12.345', 'USD')).toBeNull();
    expect(parseAmount('-5', 'USD')).toBeNull();
    expect(parseAmount('1e3', 'USD')).toBeNull();
    expect(minorDigits('JPY')).toBe(0);
  });
  it('converts at user-entered rates with integer arithmetic, half a cent up', () => {
    const eur = parseRate('1.0834')!;
    expect(formatRate(eur)).toBe('1.0834');
    expect(toUsdCents(100_000, 'EUR', eur)).toBe(108_340); // EUR 1,000.00
    expect(toUsdCents(1, 'EUR', parseRate('0.5')!)).toBe(1); // 0.5 cent rounds up
    expect(toUsdCents(150_000, 'JPY', parseRate('0.0066')!)).toBe(99_000); // JPY 150,000 → USD 990.00
    expect(toUsdCents(1_000, 'KWD', parseRate('3.25')!)).toBe(325); // KWD 1.000
    expect(toUsdCents(12_345, 'USD', 1)).toBe(12_345);
    expect(parseRate('0')).toBeNull();
    expect(parseRate('abc')).toBeNull();
  });
});

const pay = (id: number, over: Partial<Payment>): Payment => ({
  id, caseId: 1, paidOn: '2025-01-10', amountMinor: 100_00, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith', payeeAccount: '', payeeCountry: 'US',
  intermediary: '', reference: '', source: 'manual', importId: null, importLine: null, createdBy: 'x', createdAt: '', usdCents: 100_00, rateDate: null,
  amountNative: null, txHash: '', walletFrom: '', walletTo: '', rate: null, unconvertedReason: null, ...over,
});

describe('payment red flags', () => {
  it('flags crypto (PY-01), China links (PY-02), other payees (ID-10) and screened accounts (PY-07)', () => {
    const payments = [
      pay(1, {}),
      pay(2, { rail: 'crypto', payeeAccount: '0xABC' }),
      pay(3, { payeeCountry: 'HK' }),
      pay(4, { intermediary: 'LianLian Global' }),
      pay(5, { payeeName: 'SMITH, john' }),
      pay(6, { payeeName: 'Kim Chol' }),
    ];
    const f = detectPaymentFindings(payments, ['John Smith'], new Set(['0xabc']));
    expect(Object.fromEntries(f.map((x) => [x.indicator, x.paymentIds]))).toEqual({ 'PY-01': [2], 'PY-02': [3, 4], 'ID-10': [6], 'PY-07': [2] });
  });
  it('raises no name flag while the subject is unknown', () => {
    expect(detectPaymentFindings([pay(1, { payeeName: 'Anyone' })], []).map((x) => x.indicator)).toEqual([]);
  });
  it('compares names regardless of case, accents and order', () => {
    expect(normaliseName('KIM, Sang-Man')).toBe(normaliseName('sang man kim'));
    expect(normaliseName('José Núñez')).toBe(normaliseName('Nunez Jose'));
  });
  it('totals by rail, payee and year in USD', () => {
    const t = totalsOf([pay(1, { usdCents: 500 }), pay(2, { rail: 'crypto', usdCents: 700, paidOn: '2024-02-02' }), pay(3, { usdCents: null })]);
    expect(t.byRail).toEqual([{ key: 'crypto', usdCents: 700, count: 1 }, { key: 'bank_wire', usdCents: 500, count: 2 }]);
    expect(t.byYear.map((y) => y.key)).toEqual(['2024', '2025']);
    expect(t.totalUsdCents).toBe(1200);
    expect(t.unconverted).toBe(1);
  });
});
