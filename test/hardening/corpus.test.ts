import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

/**
 * A malformed-file corpus for each importer, generated at test time (nothing big is committed): each
 * file is refused with a clear message (what is wrong, and where when there is a where) and nothing
 * is written: the database's content and the evidence folder are as they were.
 */
let t: TestCore;
let number: string;

const HEADERS = {
  login: 'account,timestamp,ip,country',
  payments: 'date,amount,currency,rail,payee,reference',
  batch: 'ref,name,type',
  sdn: '',
};
const GOOD_ROW = {
  login: 'ann@example.com,2024-03-01T00:00:00Z,192.0.2.1,US',
  payments: '2025-01-31,1500.00,USD,wire,John Smith,January',
  batch: '1,Kim Chol,individual',
  sdn: '36,"KIM, Chol","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
};
type Kind = keyof typeof HEADERS;
const text = (kind: Kind, rows: string[]) => `${[HEADERS[kind], ...rows].filter((l) => l !== '').join('\r\n')}\r\n`;

/** Every malformed file, as a function writing it at a path. */
const CORPUS: Record<string, { write: (kind: Kind, path: string) => void; reason: RegExp }> = {
  'an empty file': { write: (_k, p) => writeFileSync(p, ''), reason: /empty|no records|needs a header|holds no rows|no payments/i },
  'a binary file': {
    write: (_k, p) => writeFileSync(p, Buffer.from(Array.from({ length: 65536 }, (_v, i) => (i * 7919) % 256))),
    reason: /control|NUL|binary|not a text/i,
  },
  'a file cut off in the middle of a row': {
    write: (k, p) => writeFileSync(p, text(k, [GOOD_ROW[k]]) + GOOD_ROW[k].slice(0, 12).replace(/,/g, ',"')),
    reason: /line \d+/,
  },
  'a file with the wrong delimiter': { write: (k, p) => writeFileSync(p, text(k, [GOOD_ROW[k]]).replace(/,/g, ';')), reason: /column|header|ent_num/i },
  'a 10 MB field': { write: (k, p) => writeFileSync(p, text(k, [GOOD_ROW[k], `${'x'.repeat(10 << 20)},${GOOD_ROW[k]}`])), reason: /line \d+: the line is longer than/ },
  'no line break in 100 MB': {
    write: (_k, p) => {
      const fd = openSync(p, 'w');
      const block = Buffer.alloc(1 << 20, 'a');
      for (let i = 0; i < 100; i++) writeSync(fd, block);
      closeSync(fd);
    },
    reason: /line 1: the line is longer than/,
  },
  'UTF-16 without a byte-order mark': { write: (k, p) => writeFileSync(p, Buffer.from(text(k, [GOOD_ROW[k]]), 'utf16le')), reason: /NUL|control/ },
  'control characters in a cell (ESC, BEL)': { write: (k, p) => writeFileSync(p, text(k, [GOOD_ROW[k], GOOD_ROW[k].replace(/^(\d*,?)/, '$1\u001b[2J\u0007')])), reason: /line \d+.*control/ },
  'a huge declared size (8 GB sparse file)': {
    write: (_k, p) => {
      writeFileSync(p, '');
      truncateSync(p, 8 * 2 ** 30);
    },
    reason: /NUL|control/,
  },
};

function contentHash(): string {
  const h = createHash('sha256');
  const tables = t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const name of tables) {
    const rows = (t.db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    h.update(name + rows.sort().join('\n'));
  }
  return h.digest('hex');
}
const evidenceFiles = () => {
  try {
    return readdirSync(t.ctx.paths.evidenceDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  } catch {
    return 0;
  }
};

const IMPORTERS: Record<Kind, (path: string) => Promise<unknown>> = {
  login: (path) => t.call('activity.import', { number, path }),
  payments: (path) => t.call('payments.import', { number, path }),
  sdn: (path) => t.call('sanctions.import', { sdn: path, published: '2025-02-01' }),
  batch: (path) => t.call('sanctions.screenFile', { file: path }),
};

beforeAll(async () => {
  t = makeTestCore();
  number = (await t.call('cases.create', { title: 'Corpus' })).number;
  // A list version to screen batches against.
  const sdn = join(t.dir, 'good-sdn.csv');
  writeFileSync(sdn, text('sdn', [GOOD_ROW.sdn]));
  await t.call('sanctions.import', { sdn, published: '2025-01-01' });
});
afterAll(() => t.cleanup());

for (const kind of Object.keys(IMPORTERS) as Kind[]) {
  describe(`malformed ${kind === 'sdn' ? 'OFAC sdn.csv' : kind === 'batch' ? 'screening batch' : kind === 'login' ? 'login log' : 'payment ledger'} files`, () => {
    for (const [name, { write, reason }] of Object.entries(CORPUS)) {
      it(`refuses ${name}, with nothing written`, { timeout: 60_000 }, async () => {
        const path = join(t.dir, `${kind}-${name.replace(/\W+/g, '-')}.csv`);
        write(kind, path);
        const before = contentHash();
        const files = evidenceFiles();
        const e = (await IMPORTERS[kind](path).then(() => null, (err: unknown) => err)) as { code: string; message: string } | null;
        rmSync(path, { force: true });
        expect(e, 'the file was accepted').not.toBeNull();
        expect(e!.code).toBe('invalid_input');
        expect(e!.message).toMatch(reason);
        expect(e!.message.length).toBeLessThan(2000);
        expect(contentHash()).toBe(before);
        expect(evidenceFiles()).toBe(files);
      });
    }
  });
}

describe('formula cells', () => {
  it('are kept as text in a ledger and neutralised in the screening results CSV', async () => {
    const ledger = join(t.dir, 'formula-ledger.csv');
    writeFileSync(ledger, text('payments', ['2025-01-31,10.00,USD,wire,"  =cmd|\' /C calc\'!A0",=1+1']));
    await t.call('payments.import', { number, path: ledger });
    const { payments } = await t.call('payments.list', { number });
    expect(payments.map((p) => [p.payeeName, p.reference])).toContainEqual(["=cmd|' /C calc'!A0", '=1+1']);
    const batch = join(t.dir, 'formula-batch.csv');
    const out = join(t.dir, 'formula-out.csv');
    writeFileSync(batch, text('batch', ['1,"  =HYPERLINK(""http://x"")",individual']));
    await t.call('sanctions.screenFile', { file: batch, out });
    // The name is read trimmed; in the results it starts with an apostrophe, so no spreadsheet runs it.
    expect(readFileSync(out, 'utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
