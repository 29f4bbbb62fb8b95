import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../shared/sanctions/csv.ts';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

describe('CSV formula neutralisation', () => {
  it('neutralises formula cells, with leading spaces or control characters too', () => {
    for (const cell of ['=1+1', '  =1+1', '\t=1+1', ' \u00a0+CMD|calc', '@SUM(A1)', '-2+3', '\r\n=x', '\u0007=HYPERLINK("x")', '\uff1d1+1', '|calc']) {
      expect(csvCell(cell).replace(/^"/, ''), JSON.stringify(cell)).toMatch(/^'/);
    }
    for (const cell of ['Kim Chol', 'a=b', '1500.00', 'O\'Brien', 'x-y']) expect(csvCell(cell), cell).not.toMatch(/^"?'/);
  });
});

describe('control characters in stored file names', () => {
  let core: TestCore;
  let number: string;
  beforeAll(async () => {
    core = makeTestCore();
    number = (await core.call('cases.create', { title: 'Names' })).number;
  });
  afterAll(() => core.cleanup());

  it('a login log named with ESC, BEL, CR and LF is stored under a printable name', async () => {
    const csv = 'account,timestamp,ip\nann,2024-03-01T00:00:00Z,192.0.2.1\nann,2024-03-01T01:00:00Z,192.0.2.2\n';
    const name = 'log\u001b[2J\u0007\r\nforged.csv';
    await core.call('activity.import', { number, file: { name, base64: Buffer.from(csv).toString('base64') } });
    const [imp] = await core.call('activity.imports', { number });
    // oxlint-disable-next-line no-control-regex -- the point is that none is left
    expect(imp!.fileName).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(imp!.fileName).toContain('forged.csv');
  });

  it('so is a payment ledger', async () => {
    const path = join(core.dir, 'ledger.csv');
    writeFileSync(path, 'date,amount,currency,rail,payee\n2025-01-31,10,USD,wire,Ann\n');
    await core.call('payments.import', { number, fileName: 'pay\u001b]0;x\u0007.csv', text: 'date,amount,currency,rail,payee\n2025-01-31,10,USD,wire,Ann\n' });
    const row = core.db.prepare('SELECT file_name FROM payment_imports').pluck().get() as string;
    // oxlint-disable-next-line no-control-regex -- the point is that none is left
    expect(row).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
