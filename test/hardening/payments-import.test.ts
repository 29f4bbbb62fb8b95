import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore();
  number = (await core.call('cases.create', { title: 'Ledger' })).number;
});
afterEach(() => core.cleanup());

const LEDGER = 'date,amount,currency,rail,payee\n2025-01-31,1500.00,USD,wire,John Smith\n2025-02-28,200,USD,crypto,Kim Chol\n';

/** Every file in the evidence store's hash folders (not its tmp folder). */
const storedFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && /^[0-9a-f]{64}$/.test(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
};

describe('payment ledger import: atomic and idempotent', () => {
  it('refuses the same file (by SHA-256) imported into a case twice, under any name', async () => {
    const file = join(core.dir, 'ledger.csv');
    writeFileSync(file, LEDGER);
    const first = await core.call('payments.import', { number, path: file });
    expect(first.imported).toBe(2);
    const renamed = join(core.dir, 'ledger-copy.csv');
    writeFileSync(renamed, LEDGER);
    await expect(core.call('payments.import', { number, path: renamed })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already imported into this case.*Nothing was imported/) });
    await expect(core.call('payments.import', { number, fileName: 'again.csv', text: LEDGER })).rejects.toMatchObject({ code: 'conflict' });
    expect((await core.call('payments.list', { number })).payments).toHaveLength(2);
    expect(await core.call('evidence.list', { number })).toHaveLength(1);
    // Another case may import the same ledger.
    const other = (await core.call('cases.create', { title: 'Other' })).number;
    expect((await core.call('payments.import', { number: other, path: file })).imported).toBe(2);
  });

  it('writes the exhibit and the payments in one transaction: a failure while saving leaves neither (nor the stored file)', async () => {
    const file = join(core.dir, 'ledger.csv');
    writeFileSync(file, LEDGER);
    // The database itself refuses the second payment, as a full disk or a crash mid-write would stop it.
    core.db.exec(`CREATE TEMP TRIGGER fail_second_payment BEFORE INSERT ON payments WHEN (SELECT count(*) FROM payments) >= 1 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    await expect(core.call('payments.import', { number, path: file })).rejects.toThrow();
    core.db.exec('DROP TRIGGER fail_second_payment');
    expect(await core.call('evidence.list', { number })).toEqual([]);
    expect((await core.call('payments.list', { number })).payments).toEqual([]);
    expect(storedFiles(core.ctx.paths.evidenceDir)).toEqual([]);
    // And it can be imported afterwards.
    expect((await core.call('payments.import', { number, path: file })).imported).toBe(2);
  });
});
