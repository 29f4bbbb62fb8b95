import { TEST_PASSPHRASE, type TestCore } from '../helpers/core.ts';

export const HOSTILE = `<script>alert(1)</script> & <img src=x onerror=alert(2)> "quoted" 'single'`;

/** A case with payments, a signed final decision, a signed counsel review and remediation; returns its number. */
export async function seedReportCase(core: TestCore, opts: { payments?: number } = {}): Promise<string> {
  core.as('Olivia Officer', 'officer');
  const number = (await core.call('cases.create', { title: `Contractor ${HOSTILE}`, summary: `Summary ${HOSTILE}` })).number;
  await core.call('rates.set', { currency: 'EUR', date: '2024-06-30', usdPerUnit: '1.0834' });
  await core.call('payments.add', { number, paidOn: '2025-03-10', amountMinor: 420_000, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith', payeeCountry: 'HK', reference: HOSTILE });
  await core.call('payments.add', { number, paidOn: '2024-07-01', amountMinor: 1_200_050, currency: 'EUR', rail: 'crypto', payeeName: 'Kim Chol', payeeAccount: '0x97b1aaaabbbbccccddddeeeeffff000011112222' });
  for (let i = 0; i < (opts.payments ?? 0); i++) {
    await core.call('payments.add', { number, paidOn: `2024-${String((i % 12) + 1).padStart(2, '0')}-15`, amountMinor: 100_000 + i * 137, currency: 'USD', rail: i % 3 ? 'wise' : 'payoneer', payeeName: `Payee ${i % 7}` });
  }
  await core.call('tasks.add', { number, kind: 'revoke_access', owner: 'IT Security', dueOn: '2020-01-01', evidence: HOSTILE });
  const d = await core.call('decisions.add', { number, kind: 'terminate', rationale: `Terminate. ${HOSTILE}`, indicators: ['PY-01'] });
  core.as('Carl Counsel', 'counsel');
  const review = await core.call('legal.review', {
    number,
    privilege: 'attorney_client_work_product',
    egregious: false,
    voluntarilySelfDisclosed: true,
    culpabilityRationale: `No knowledge. ${HOSTILE}`,
    determination: 'Apparent violations of 31 CFR 510.',
    recommendation: 'self_disclose',
    recommendationRationale: 'Halves the base penalty.',
  });
  await core.call('legal.signReview', { number, id: review.id, reason: 'Reviewed the file in full.', passphrase: TEST_PASSPHRASE });
  core.as('Olivia Officer', 'officer');
  // A final decision closes the case through the workflow: every indicator must be assessed first.
  const open = (await core.call('indicators.checklist', { number })).notAssessed;
  await core.call('indicators.assessMany', { number, indicators: open, status: 'not_applicable', rationale: 'Not relevant to this engagement.' });
  await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
  core.as('Carl Counsel', 'counsel');
  await core.call('decisions.sign', { number, id: d.id, passphrase: TEST_PASSPHRASE });
  core.as('Olivia Officer', 'officer');
  return number;
}
