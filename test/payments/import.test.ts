import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import type { AppError } from '../../shared/errors.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Ledger' })).number;
});
afterEach(() => core.cleanup());

const HEADER = 'date,amount,currency,rail,payee,payee_account,payee_country,intermediary,reference';

describe('payment ledger import', () => {
  it('imports every row of a clean file, with line numbers kept, and audits the file hash', async () => {
    const file = join(core.dir, 'ledger.csv');
    writeFileSync(file, `\ufeff${HEADER}\n2025-01-31,"1,500.00",usd,Wire,John Smith,US12 3456,US,,Jan\n2025-02-28,0.05,USD,crypto,"Kim, Chol",0xAbC,,,"=HYPERLINK(""x"")"\n`);
    const r = await core.call('payments.import', { number, path: file });
    expect(r).toMatchObject({ imported: 2, bytes: expect.any(Number), exhibit: expect.stringMatching(/^E-\d{3,}$/) });
    expect((await core.call('evidence.list', { number })).map((e) => e.sha256)).toEqual([r.sha256]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { payments, findings, totals } = await core.call('payments.list', { number });
    expect(payments.map((p) => [p.importLine, p.amountMinor, p.currency, p.rail, p.payeeName])).toEqual([
      [2, 150_000, 'USD', 'bank_wire', 'John Smith'],
      [3, 5, 'USD', 'crypto', 'Kim, Chol'],
    ]);
    expect(payments[1]!.reference).toBe('=HYPERLINK("x")');
    expect(findings.map((f) => f.indicator)).toEqual(['PY-01']);
    expect(totals.totalUsdCents).toBe(150_005);
    const audit = await core.call('cases.audit', { number });
    expect(audit.at(-1)).toMatchObject({ entity: 'payment_import', action: 'imported', after: { sha256: r.sha256, rows: 2 } });
  });

  it('saves nothing when any line is bad and names every bad line', async () => {
    const text = `${HEADER}\n2025-01-31,100,USD,wire,A\n2025-13-01,100,USD,wire,B\n2025-01-02,12.345,USD,wire,C\n2025-01-03,100,USD,pigeon,D\n2025-01-04,100,XXX,wire,E\n`;
    const err = (await core.call('payments.import', { number, fileName: 'bad.csv', text }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('invalid_input');
    expect(err.issues!.map((i) => i.path)).toEqual(['line 3', 'line 4', 'line 5', 'line 6']);
    expect(err.issues![2]!.message).toContain('pigeon');
    expect((await core.call('payments.list', { number })).payments).toHaveLength(0);
    expect(await core.call('evidence.list', { number })).toHaveLength(0);
  });

  it('refuses a file without the required columns, and an unterminated quote with its line', async () => {
    await expect(core.call('payments.import', { number, fileName: 'x.csv', text: 'when,how much\n1,2\n' })).rejects.toThrow(/line 1: the header must name the columns date, amount, currency, rail, payee/);
    await expect(core.call('payments.import', { number, fileName: 'q.csv', text: `${HEADER}\n2025-01-01,1,USD,wire,"Open quote\n` })).rejects.toThrow(/q\.csv is not valid CSV near line 2/);
    await expect(core.call('payments.import', { number, path: join(core.dir, 'missing.csv') })).rejects.toMatchObject({ code: 'not_found' });
  });
});
