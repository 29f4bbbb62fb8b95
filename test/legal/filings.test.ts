import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

const BIN = join(import.meta.dirname, '../../bin/casebook.mjs');
const BTC_TO = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
let core: TestCore;
let number: string;
let exhibitSha: string;

/** A case with a subject and identifiers, a crypto and a wire payment, a factor, a review and a blocked payment. */
beforeAll(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = (await core.call('cases.create', { title: 'Remote developer paid in BTC', summary: 'Contractor hired under a false identity; paid in BTC.' })).number;
  const s = await core.call('subjects.add', { number, name: 'Kim Chol', aliases: ['John Smith'], nationality: 'US', location: 'Seattle, WA' });
  await core.call('identifiers.add', { number, kind: 'email', value: 'john.smith.dev@example.com', subjectId: s.id });
  await core.call('identifiers.add', { number, kind: 'phone', value: '+1 206 555 0142', subjectId: s.id });
  await core.call('identifiers.add', { number, kind: 'ip', value: '175.45.176.10', subjectId: s.id });
  await core.call('identifiers.add', { number, kind: 'wallet', value: BTC_TO, subjectId: s.id });
  const ex = await core.call('evidence.addNote', { number, title: 'Payroll instructions', text: 'Pay 0.5 BTC to the wallet above.' });
  exhibitSha = ex.sha256;
  await core.call('indicators.assess', { number, indicator: 'PY-01', status: 'present', rationale: 'Asked to be paid in BTC.', exhibits: [ex.number] });
  await core.call('rates.set', { currency: 'BTC', date: '2025-03-01', usdPerUnit: '86000' });
  const btc = await core.call('payments.add', { number, paidOn: '2025-03-01', amountNative: '0.5', currency: 'BTC', rail: 'crypto', payeeName: 'John Smith', walletTo: BTC_TO });
  await core.call('payments.add', { number, paidOn: '2025-04-01', amountMinor: 900_000, currency: 'USD', rail: 'bank_wire', payeeName: 'John Smith', payeeAccount: 'HK-123-456', intermediary: 'Payoneer' });
  core.as('Carl Counsel', 'counsel');
  await core.call('legal.setFactor', { number, factor: 'awareness', assessment: 'aggravating', note: 'HR saw the VPN alerts.', exhibits: [ex.number] });
  await core.call('legal.setFactor', { number, factor: 'cooperation', assessment: 'mitigating', note: 'Full cooperation.' });
  await core.call('legal.review', {
    number, privilege: 'attorney_client_work_product', egregious: false, voluntarilySelfDisclosed: true,
    culpabilityRationale: 'The company did not know.', determination: 'Two payments to a DPRK IT worker.', recommendation: 'self_disclose', recommendationRationale: 'Halves the base penalty.',
  });
  await core.call('payments.block', { number, id: btc.id, kind: 'blocked', note: 'Wallet matched on screening.', onDate: '2025-11-20' });
  core.close();
}, 60_000);
afterAll(() => core.cleanup());

const cli = (args: string[]) => spawnSync(process.execPath, [BIN, '--db', core.dbFile, '--user', 'Carl Counsel', ...args], { encoding: 'utf8' });
const print = (kind: string, extra: string[] = []) => {
  const out = join(core.dir, `${kind}.pdf`);
  const r = cli(['report', number, '--kind', kind, '--out', out, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // CASEBOOK_KEEP_PDFS=dir keeps the printed files to look at.
  const keep = process.env.CASEBOOK_KEEP_PDFS;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(out, join(keep, `${kind}.pdf`));
  }
  return execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
};
/** The text with no white space at all: a hash or an address that wraps in its cell still reads whole. */
const compact = (kind: string) => execFileSync('pdftotext', [join(core.dir, `${kind}.pdf`), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const everyPage = (kind: string, s: string) =>
  execFileSync('pdftotext', [join(core.dir, `${kind}.pdf`), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim()).every((p) => p.includes(s));

describe('filings counsel prepares (PDF, pdftotext)', () => {
  it('the voluntary self-disclosure draft: notification date, narrative, transaction schedule, exhibits with SHA-256', () => {
    const t = print('vsd', ['--notified', '2025-12-01']);
    for (const s of ['Voluntary self-disclosure to OFAC — draft', 'Initial notification 2025-12-01', 'Two payments to a DPRK IT worker.', 'Transaction schedule', 'BTC 0.5', 'USD 43,000.00', 'HK-123-456', 'Payoneer', 'Exhibit list']) {
      expect(t).toContain(s);
    }
    for (const s of [exhibitSha, '(86000(2025-03']) expect(compact('vsd')).toContain(s);
    expect(everyPage('vsd', number)).toBe(true);
    expect(everyPage('vsd', 'Attorney-Client')).toBe(true);
  });

  it('the blocked report: the 31 CFR 501.603 fields and its due date 10 business days later', () => {
    const t = print('blocked');
    for (const s of ['Blocked payment', '31 CFR 501.603', 'Due to OFAC by 2025-12-05', 'Date blocked 2025-11-20', 'Actual or estimated value USD 43,000.00', '[to complete: name and address of the reporting company]']) {
      expect(t).toContain(s);
    }
    for (const s of [BTC_TO, exhibitSha]) expect(compact('blocked')).toContain(s);
  });

  it('the IC3 worksheet: identifiers, payments and timeline in the order of the complaint form', () => {
    const t = print('ic3');
    const order = ['1. Complainant', '2. Financial transactions', '3. Information about the subject', '4. Description of the incident', '5. Other information'];
    const at = order.map((s) => t.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const s of ['john.smith.dev@example.com', '+1 206 555 0142', '175.45.176.10', 'Timeline', '2025-03-01 Payment of BTC 0.5 to John Smith']) expect(t).toContain(s);
    expect(compact('ic3')).toContain(BTC_TO);
  });

  it('the memorandum: the facts, the four cells, the General Factors and the rate of every converted payment', () => {
    const t = print('legal');
    for (const s of ['Facts', 'Kim Chol', 'Seattle, WA', 'PY-01', 'Chronology', 'Base penalty in each cell', 'Egregious, not self-disclosed', 'General Factors', 'Aggravating', 'HR saw the VPN alerts.', 'B. Awareness of the conduct at issue: aggravating', '86000 (2025-03-01)']) {
      expect(t).toContain(s);
    }
    expect(t).not.toMatch(/Statutory maximum USD 377,700\.00 per violation/);
  });

  it('refuses a blocked report for a case with no blocked payment', async () => {
    const other = makeTestCore('Olivia Officer', 'officer');
    try {
      const n = (await other.call('cases.create', { title: 'Nothing blocked' })).number;
      await expect(other.call('reports.render', { number: n, kind: 'blocked', paper: 'a4' })).rejects.toMatchObject({ message: expect.stringContaining('no payment marked blocked or rejected') });
    } finally {
      other.cleanup();
    }
  });
});
