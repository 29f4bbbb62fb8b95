import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { nativeToUsdCents, parseNativeAmount, parseRate } from '../../shared/payments.ts';
import { fx } from '../sanctions/paths.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = (await core.call('cases.create', { title: 'Rates and crypto' })).number;
});
afterEach(() => core.cleanup());

const eur = (paidOn: string, amountMinor: number) => core.call('payments.add', { number, paidOn, amountMinor, currency: 'EUR', rail: 'sepa', payeeName: 'John Smith' });

describe('exchange rates must be recent', () => {
  it('values a payment only with a rate dated on or up to 7 days before it; an older one leaves it unconverted and out of the totals', async () => {
    const p = await eur('2025-06-10', 1_000_000); // EUR 10,000.00
    await core.call('rates.set', { currency: 'EUR', date: '2015-01-02', usdPerUnit: '1.2' });
    let x = await core.call('legal.exposure', { number, asOf: '2025-07-01' });
    expect(x.unconverted).toEqual([{ id: p.id, reason: 'stale rate' }]);
    expect(x.missingRates).toEqual([{ currency: 'EUR', date: '2025-06-10', reason: 'stale rate', staleRateDate: '2015-01-02' }]);
    expect(x.totalUsdCents).toBe(0);
    expect(x.cells.egregious_no_vsd).toBe(0);
    expect((await core.call('payments.list', { number })).totals).toMatchObject({ totalUsdCents: 0, unconverted: 1 });

    await core.call('rates.set', { currency: 'EUR', date: '2025-06-02', usdPerUnit: '1.1' }); // 8 days before: stale
    x = await core.call('legal.exposure', { number, asOf: '2025-07-01' });
    expect(x.unconverted).toEqual([{ id: p.id, reason: 'stale rate' }]);

    await core.call('rates.set', { currency: 'EUR', date: '2025-06-03', usdPerUnit: '1.1434' }); // exactly 7 days before: counts
    x = await core.call('legal.exposure', { number, asOf: '2025-07-01' });
    expect(x.unconverted).toEqual([]);
    expect(x.payments[0]).toMatchObject({ usdCents: 1_143_400, rate: '1.1434', rateDate: '2025-06-03', unconvertedReason: null });

    await core.call('rates.set', { currency: 'EUR', date: '2025-06-11', usdPerUnit: '2' }); // after the payment: never used
    expect((await core.call('payments.list', { number })).payments[0]).toMatchObject({ rateDate: '2025-06-03' });
  });

  it('takes the number of days from a setting', async () => {
    await eur('2025-06-10', 100_00);
    await core.call('rates.set', { currency: 'EUR', date: '2025-06-01', usdPerUnit: '1.1' });
    expect((await core.call('legal.exposure', { number, asOf: '2025-07-01' })).unconverted).toHaveLength(1);
    expect(await core.call('rates.settings', {})).toEqual({ maxAgeDays: 7 });
    await core.call('rates.setSettings', { maxAgeDays: 10 });
    const x = await core.call('legal.exposure', { number, asOf: '2025-07-01' });
    expect(x.unconverted).toEqual([]);
    expect(x.rateMaxAgeDays).toBe(10);
    await expect(core.call('rates.setSettings', { maxAgeDays: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

const BTC_FROM = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const BTC_TO = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const ETH_TO = '0x52908400098527886E0F7030069857D2E4169EE7';

describe('virtual currency payments', () => {
  it('keeps an amount to 18 decimals exactly and converts it without a float', async () => {
    expect(parseNativeAmount('1.000000000000000001')).toBe('1.000000000000000001');
    expect(parseNativeAmount('0.123456789012345678')).toBe('0.123456789012345678');
    expect(parseNativeAmount('0.1234567890123456789')).toBeNull(); // 19 decimals
    expect(parseNativeAmount('000.50000')).toBe('0.5');
    expect(parseNativeAmount('0')).toBeNull();
    // 12345.678901234567890123 is not representable as a double; the text stays exact.
    const p = await core.call('payments.add', {
      number, paidOn: '2025-03-02', amountNative: '12345.678901234567890123'.slice(0, 24), currency: 'ETH', rail: 'crypto', payeeName: 'Kim', walletTo: ETH_TO,
    });
    expect(p.amountNative).toBe('12345.678901234567890123'.slice(0, 24));
    expect(p.amountMinor).toBeNull();
    // 0.000000000000000001 ETH at USD 2,000 is 2×10^-15 cents: rounds to zero, exactly.
    expect(nativeToUsdCents('0.000000000000000001', parseRate('2000')!)).toBe(0);
    // 0.00000005 BTC at 86,000 = 0.0043 USD → 0 cents; 0.00000006 → 0.516 cents → 1 cent (half up).
    expect(nativeToUsdCents('0.00000006', parseRate('86000')!)).toBe(1);
    expect(nativeToUsdCents('1.000000000000000001', parseRate('2000')!)).toBe(200_000);
    expect(nativeToUsdCents('0.5', parseRate('86000')!)).toBe(4_300_000);
  });

  it('records BTC (or XBT) with hash and wallets, converts with a rate per asset and date, and files the wallets as case identifiers', async () => {
    const hash = 'A1075DB55D416D3CA199F55B6084E2115B9345E16C5CF302FC80E9D5FBF5D48D';
    const p = await core.call('payments.add', {
      number, paidOn: '2025-03-01', amountNative: '0.5', currency: 'XBT', rail: 'crypto', payeeName: 'Kim', txHash: hash, walletFrom: BTC_FROM, walletTo: BTC_TO.toUpperCase(),
    });
    expect(p).toMatchObject({ currency: 'BTC', amountNative: '0.5', txHash: hash.toLowerCase(), walletFrom: BTC_FROM, walletTo: BTC_TO, usdCents: null, unconvertedReason: 'no rate' });
    await core.call('rates.set', { currency: 'BTC', date: '2025-03-01', usdPerUnit: '86000' });
    const x = await core.call('legal.exposure', { number, asOf: '2025-06-30' });
    expect(x.lines[0]).toMatchObject({ usdCents: 4_300_000, applicableMaximumCents: 37_770_000 });
    const ids = await core.call('identifiers.list', { number });
    expect(ids.filter((i) => i.kind === 'wallet').map((i) => [i.value, i.qualifier])).toEqual([
      [BTC_FROM, 'BTC'],
      [BTC_TO, 'BTC'],
    ]);
    // A second case paying the same wallet links to this one.
    const other = (await core.call('cases.create', { title: 'Second' })).number;
    await core.call('payments.add', { number: other, paidOn: '2025-04-01', amountNative: '0.1', currency: 'BTC', rail: 'crypto', payeeName: 'Kim', walletTo: BTC_TO });
    const linked = await core.call('identifiers.linkedCases', { number: other });
    expect(linked.map((l) => l.number)).toContain(number);
  });

  it('refuses what does not fit the chain, naming the field', async () => {
    const base = { number, paidOn: '2025-03-01', currency: 'BTC', rail: 'crypto' as const, payeeName: 'Kim' };
    await expect(core.call('payments.add', { ...base, amountNative: '0.5', walletTo: '0x52908400098527886E0F7030069857D2E4169EE7' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('walletTo') });
    await expect(core.call('payments.add', { ...base, amountNative: '0.5', walletTo: '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3' })).rejects.toMatchObject({ message: expect.stringContaining('walletTo') });
    await expect(core.call('payments.add', { ...base, amountNative: '0.1234567890123456789' })).rejects.toMatchObject({ message: expect.stringContaining('18 decimals') });
    await expect(core.call('payments.add', { ...base, amountMinor: 50 })).rejects.toMatchObject({ message: expect.stringContaining('amountMinor') });
    await expect(core.call('payments.add', { ...base, amountNative: '0.5', rail: 'bank_wire' })).rejects.toMatchObject({ message: expect.stringContaining('crypto rail') });
    await expect(core.call('payments.add', { ...base, amountNative: '0.5', txHash: 'abc' })).rejects.toMatchObject({ message: expect.stringContaining('txHash') });
    await expect(core.call('payments.add', { ...base, currency: 'USD', amountMinor: 100, walletTo: BTC_TO })).rejects.toMatchObject({ message: expect.stringContaining('walletTo') });
    await expect(core.call('payments.add', { ...base, currency: 'DOGGO', amountNative: '1' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await core.call('payments.list', { number })).payments).toHaveLength(0);
    expect((await core.call('identifiers.list', { number })).length).toBe(0);
  });

  it("a payment's wallet is screened against the SDN list's digital currency addresses and flags PY-07", async () => {
    await core.call('sanctions.import', { sdn: fx('sdn.csv'), alt: fx('alt.csv'), add: fx('add.csv'), published: '2026-01-15' });
    const listed = '0xABCDEF0123456789ABCDEF0123456789ABCDEF01';
    const p = await core.call('payments.add', { number, paidOn: '2025-03-01', amountNative: '2500', currency: 'USDT', rail: 'crypto', payeeName: 'Daniel Moorland', walletTo: listed });
    const s = await core.call('sanctions.screenCase', { number });
    expect(s.hits.filter((h) => h.queryKind === 'identifier').map((h) => [h.query, h.ent_num])).toEqual([[listed.toLowerCase(), 1001]]);
    const view = await core.call('payments.list', { number });
    expect(view.findings.find((f) => f.indicator === 'PY-07')?.paymentIds).toEqual([p.id]);
  });

  it('routes USDT wallets to the chain their address belongs to', async () => {
    const tron = 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7';
    const p = await core.call('payments.add', { number, paidOn: '2025-03-01', amountNative: '1500.25', currency: 'USDT', rail: 'crypto', payeeName: 'Kim', walletTo: tron });
    expect(p.walletTo).toBe(tron);
    expect((await core.call('identifiers.list', { number }))[0]).toMatchObject({ kind: 'wallet', qualifier: 'USDT-TRON' });
  });
});

describe('a ledger CSV with virtual currency', () => {
  it('imports exact amounts, hashes and wallets, and names the line of a bad one', async () => {
    const bad = ['date,amount,currency,rail,payee,wallet_to,tx_hash', `2025-03-01,0.5,BTC,crypto,Kim,${BTC_TO},`, '2025-03-02,0.1234567890123456789,BTC,crypto,Kim,,'].join('\n');
    await expect(core.call('payments.import', { number, fileName: 'bad.csv', text: bad })).rejects.toMatchObject({ issues: [{ path: 'line 3', message: expect.stringContaining('18 decimals') }] });
    expect((await core.call('payments.list', { number })).payments).toHaveLength(0);
    const good = ['date,amount,currency,rail,payee,wallet_to', `2025-03-01,0.5,XBT,crypto,Kim,${BTC_TO}`, `2025-03-02,1.000000000000000001,ETH,crypto,Kim,${ETH_TO}`].join('\n');
    const r = await core.call('payments.import', { number, fileName: 'good.csv', text: good });
    expect(r.imported).toBe(2);
    const ps = (await core.call('payments.list', { number })).payments;
    expect(ps.map((p) => [p.currency, p.amountNative, p.walletTo])).toEqual([
      ['BTC', '0.5', BTC_TO],
      ['ETH', '1.000000000000000001', ETH_TO.toLowerCase()],
    ]);
    expect((await core.call('identifiers.list', { number })).map((i) => i.value).sort()).toEqual([BTC_TO, ETH_TO.toLowerCase()].sort());
  });
});

describe('the exposure CLI', () => {
  const BIN = join(import.meta.dirname, '../../bin/casebook.mjs');
  it('answers cells, the applicable maximum per payment and the unconverted payments', async () => {
    for (const [i, v] of [500, 1_000, 9_000, 30_000, 250_000].entries()) {
      await core.call('payments.add', { number, paidOn: `2025-02-0${i + 1}`, amountMinor: v * 100, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith' });
    }
    const stale = await eur('2025-06-10', 100_00);
    await core.call('rates.set', { currency: 'EUR', date: '2015-01-02', usdPerUnit: '1.2' });
    const none = await core.call('payments.add', { number, paidOn: '2025-06-11', amountMinor: 100_00, currency: 'GBP', rail: 'wise', payeeName: 'John Smith' });
    core.close();
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, '--db', core.dbFile, '--user', 'Olivia Officer', ...args], { encoding: 'utf8' });
    const r = cli(['exposure', number, '--egregious', 'yes', '--vsd', 'yes', '--as-of', '2025-07-01']);
    expect(r.stderr).toBe('');
    const x = JSON.parse(r.stdout) as Record<string, unknown> & { payments: Record<string, unknown>[] };
    expect(x.cells).toEqual({ non_egregious_vsd: 145_250, non_egregious_no_vsd: 448_700, egregious_vsd: 1_005_400, egregious_no_vsd: 2_010_800 });
    expect(x.total_base_penalty_usd).toBe(1_005_400);
    expect(x.payments.map((p) => p.applicable_maximum_usd)).toEqual([377_700, 377_700, 377_700, 377_700, 500_000, null, null]);
    expect(x.unconverted).toEqual([
      { id: stale.id, reason: 'stale rate' },
      { id: none.id, reason: 'no rate' },
    ]);
    const y = JSON.parse(cli(['exposure', number, '--egregious', 'yes', '--vsd', 'no', '--as-of', '2024-06-01']).stdout) as { cells: Record<string, number>; statutory_maximum_usd: number };
    expect(y.statutory_maximum_usd).toBe(368_136);
    expect(y.cells.egregious_no_vsd).toBe(4 * 368_136 + 500_000);
    // Virtual currency from the command line: the rail defaults to crypto, the amount stays exact.
    const btc = cli(['payments', 'add', number, '--date', '2025-03-01', '--amount', '0.5', '--currency', 'XBT', '--payee', 'Kim', '--wallet-to', BTC_TO, '--tx', 'a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d']);
    expect(btc.stderr).toBe('');
    expect(JSON.parse(btc.stdout)).toMatchObject({ currency: 'BTC', amountNative: '0.5', rail: 'crypto', walletTo: BTC_TO });
    expect(cli(['rates', 'set', 'BTC', '2025-03-01', '86000']).status).toBe(0);
    const z = JSON.parse(cli(['exposure', number, '--as-of', '2025-07-01']).stdout) as { payments: { currency: string; usd: number | null; rate_usd_per_unit: string | null; rate_date: string | null }[] };
    expect(z.payments.find((p) => p.currency === 'BTC')).toMatchObject({ usd: 43_000, rate_usd_per_unit: '86000', rate_date: '2025-03-01' });
    expect(cli(['payments', 'add', number, '--date', '2025-03-01', '--amount', '0.1234567890123456789', '--currency', 'BTC', '--payee', 'Kim']).status).not.toBe(0);
    const refused = cli(['exposure', number, '--as-of', '2021-12-31']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('2022-02-09');
  });
});
