import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = (await core.call('cases.create', { title: 'Exposure review' })).number;
  await core.call('payments.add', { number, paidOn: '2024-05-01', amountMinor: 420_000, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith' });
  await core.call('payments.add', { number, paidOn: '2024-06-01', amountMinor: 1_000_000, currency: 'EUR', rail: 'wise', payeeName: 'John Smith' });
});
afterEach(() => core.cleanup());

const review = {
  privilege: 'attorney_client_work_product' as const,
  egregious: false,
  voluntarilySelfDisclosed: true,
  culpabilityRationale: 'No knowledge; controls were in place.',
  determination: 'Apparent violations of the NKSR.',
  recommendation: 'self_disclose' as const,
  recommendationRationale: 'Halves the base penalty.',
};

describe("counsel's review and the exposure worksheet", () => {
  it('converts with the rate entered on or before the payment date and reports missing rates', async () => {
    let x = await core.call('legal.exposure', { number });
    expect(x.unconverted).toHaveLength(1);
    expect(x.missingRates).toEqual([{ currency: 'EUR', date: '2024-06-01', reason: 'no rate', staleRateDate: null }]);
    expect(x.unconverted).toEqual([{ id: x.lines[1]!.id, reason: 'no rate' }]);
    await core.call('rates.set', { currency: 'EUR', date: '2024-05-31', usdPerUnit: '1.085' });
    x = await core.call('legal.exposure', { number, asOf: '2025-06-30' });
    expect(x.lines.map((l) => l.usdCents)).toEqual([420_000, 1_085_000]);
    expect(x.totalBasePenaltyCents).toBe(1_000_000 + 2_500_000);
    expect(x.culpabilitySource).toBe('default');
  });

  it('only counsel records and signs a review; the review in force sets the culpability', async () => {
    await expect(core.call('legal.review', { number, ...review })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Carl Counsel', 'counsel');
    const r = await core.call('legal.review', { number, ...review });
    const x = await core.call('legal.exposure', { number, asOf: '2025-06-30' });
    expect(x.culpabilitySource).toBe('review');
    expect(x.lines[0]!.basePenaltyCents).toBe(210_000); // half of USD 4,200
    const signed = await core.call('legal.signReview', { number, id: r.id, reason: 'Reviewed the file in full.', passphrase: TEST_PASSPHRASE });
    expect(signed.signedBy).toBe('Carl Counsel');
    await expect(core.call('legal.signReview', { number, id: r.id, reason: 'Reviewed the file in full.', passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'conflict' });
    expect(() => core.db.prepare('UPDATE legal_reviews SET determination = ? WHERE id = ?').run('edited', r.id)).toThrow(/immutable/);
    const r2 = await core.call('legal.review', { number, ...review, egregious: true, supersedes: r.id });
    const reviews = await core.call('legal.reviews', { number });
    expect(reviews.map((v) => v.supersededBy)).toEqual([r2.id, null]);
    expect((await core.call('legal.exposure', { number })).culpability.egregious).toBe(true);
  });

  it('keeps the statutory maximum as a dated setting that counsel edits', async () => {
    expect((await core.call('legal.statutoryMaximums', {})).map((m) => [m.effectiveFrom, m.amountCents])).toEqual([
      ['2022-02-09', 33_094_700],
      ['2023-01-13', 35_657_900],
      ['2024-01-12', 36_813_600],
      ['2025-01-15', 37_770_000],
    ]);
    await expect(core.call('legal.setStatutoryMaximum', { effectiveFrom: '2026-01-15', amountUsd: '390000' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Carl Counsel', 'counsel');
    await core.call('legal.setStatutoryMaximum', { effectiveFrom: '2026-01-15', amountUsd: '390000', note: 'hypothetical' });
    const egregious = { egregious: true, voluntarilySelfDisclosed: false };
    expect((await core.call('legal.exposure', { number, ...egregious, asOf: '2025-12-31' })).lines[0]!.basePenaltyCents).toBe(37_770_000);
    expect((await core.call('legal.exposure', { number, ...egregious, asOf: '2026-01-15' })).lines[0]!.basePenaltyCents).toBe(39_000_000);
    // The 2024 assessment uses the 2024 amount; before the earliest known amount, it is refused.
    expect((await core.call('legal.exposure', { number, ...egregious, asOf: '2024-06-01' })).statutoryMaximum).toEqual({ effectiveFrom: '2024-01-12', amountCents: 36_813_600 });
    await expect(core.call('legal.exposure', { number, ...egregious, asOf: '2022-01-31' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('2022-02-09') });
  });
});
