import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import type { AppError } from '../../shared/errors.ts';

let core: TestCore;
beforeEach(() => {
  core = makeTestCore();
});
afterEach(() => core.cleanup());

const CSV = '\ufeffdate,amount,currency,rail,payee,payee_account,payee_country\r\n2025-01-31,"1,500.00",USD,wire,John Smith,US12 3456,US\r\n2025-02-28,250,CNY,crypto,"Kim, Chol",0xAbC,HK\r\n';
const upload = (name: string, text: string) => ({ name, base64: Buffer.from(text, 'utf8').toString('base64') });
const rowsOf = async (number: string) =>
  (await core.call('payments.list', { number })).payments.map((p) => [p.importLine, p.paidOn, p.amountMinor, p.currency, p.rail, p.payeeName, p.payeeAccount, p.payeeCountry]);

describe('payment ledger import from the bytes the UI read', () => {
  it('lands exactly like the same file imported by path, kept as an exhibit under its own name', async () => {
    const byPath = (await core.call('cases.create', { title: 'By path' })).number;
    const byBytes = (await core.call('cases.create', { title: 'By bytes' })).number;
    const file = join(core.dir, 'ledger.csv');
    writeFileSync(file, CSV);
    const a = await core.call('payments.import', { number: byPath, path: file });
    const b = await core.call('payments.import', { number: byBytes, file: upload('ledger.csv', CSV) });
    expect(b).toMatchObject({ imported: 2, sha256: a.sha256, bytes: a.bytes, exhibit: expect.stringMatching(/^E-\d{3,}$/) });
    expect(await rowsOf(byBytes)).toEqual(await rowsOf(byPath));
    const [exhibit] = await core.call('evidence.list', { number: byBytes });
    expect(exhibit).toMatchObject({ sha256: a.sha256, title: 'Payment ledger: ledger.csv' });
    const audit = await core.call('cases.audit', { number: byBytes });
    expect(audit.at(-1)).toMatchObject({ entity: 'payment_import', after: { file: 'ledger.csv', sha256: a.sha256, rows: 2 } });
    expect(readdirSync(join(core.dir, 'tmp'))).toEqual([]);
  });

  it('refuses a bad file with the line number, saves nothing and leaves no temporary copy', async () => {
    const number = (await core.call('cases.create', { title: 'Bad' })).number;
    const bad = 'date,amount,currency,rail,payee\n2025-01-31,100,USD,wire,A\n2025-01-02,100,USD,pigeon,B\n';
    const err = (await core.call('payments.import', { number, file: upload('bad.csv', bad) }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('bad.csv');
    expect(err.issues!.map((i) => i.path)).toEqual(['line 3']);
    expect(err.issues![0]!.message).toContain('pigeon');
    expect((await core.call('payments.list', { number })).payments).toEqual([]);
    expect(await core.call('evidence.list', { number })).toEqual([]);
    expect(readdirSync(join(core.dir, 'tmp'))).toEqual([]);
  });

  it('takes one source only', async () => {
    const number = (await core.call('cases.create', { title: 'Two' })).number;
    await expect(core.call('payments.import', { number, text: CSV, file: upload('x.csv', CSV) })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
