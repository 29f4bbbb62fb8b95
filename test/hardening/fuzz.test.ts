import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Statement } from 'better-sqlite3';
import { invoke } from '../../electron/core/api.ts';
import { contract } from '../../shared/contract/index.ts';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

/**
 * Every operation of the contract, fed random and boundary inputs derived from its schema: never an
 * internal error, and a refused call leaves the database exactly as it was (content hash).
 * CASEBOOK_FUZZ_RUNS sets the runs per operation: the test suite's share is 40 (about 3.5 minutes on
 * a loaded 2-core machine, memory flat at about 160 MB), 300 for a real run.
 */
const RUNS = Number(process.env.CASEBOOK_FUZZ_RUNS ?? 40);

// Operations that leave the process: printing starts Chromium; the file dialog has no shell here.
// Backups and restores write whole folders wherever their input points (the pool has '/' and '/dev/zero').
const SKIP = new Set(['reports.export', 'backup.run', 'backup.restore']);

let t: TestCore;
let caseNumber = '';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Boundary strings: empty, blank, long, control characters, NUL, bidi, paths, numbers as text, and real references. */
const stringPool = () => [
  '', ' ', '  x  ', 'a', 'x'.repeat(256), 'y'.repeat(5000), '\u0000', 'a\u0000b', '\u001b[2J', 'line\nbreak', '\r\n', '\u202egnp.exe', '😀', 'Kim Chol',
  '../../etc/passwd', '/etc/passwd', '/dev/zero', '/', '.', 'C:\\\\Windows', '0x10', '-1', '1e308', 'NaN', 'null', '{}', "'; DROP TABLE cases; --",
  '=1+1', '2024-02-30', '2025-01-01', '2025-01-01T00:00:00Z', 'USD', 'EUR', 'officer', 'counsel', caseNumber, `${caseNumber}x`, 'CB-1999-0001', 'E-001', 'E-999',
  'ID-08', 'NA-01', 'WP-01', 'Asia/Pyongyang', 'Not/AZone', '192.0.2.1', 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', 'user@example.com', '+850 2 123 4567',
];
const numberPool = [0, -0, 1, -1, 2, 0.5, 0.85, 1.5, 100, 1e6, 2 ** 31, Number.MAX_SAFE_INTEGER, 90071992547409.91, -1e308, 1e308, 3.14159];

function arb(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const wild = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}));
  const typed = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: a }, { weight: 1, arbitrary: wild });
  switch (d.type) {
    case 'object': {
      const shape = d.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arb(v, depth + 1)]));
      const obj = fc.record(fields, { requiredKeys: [] });
      // Sometimes a key the schema does not know.
      return typed(fc.oneof({ weight: 6, arbitrary: obj }, { weight: 1, arbitrary: obj.map((o) => ({ ...o, unexpected: 1 })) }));
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(fc.constant(undefined), arb(d.innerType, depth));
    case 'pipe':
      return arb(d.in, depth);
    case 'lazy':
      return depth > 3 ? wild : arb((d.getter as () => unknown)(), depth + 1);
    case 'string':
      return typed(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...stringPool()) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) }));
    case 'number':
    case 'int':
      return typed(fc.oneof(fc.constantFrom(...numberPool), fc.integer({ min: -5, max: 2000 }), fc.double({ noNaN: false })));
    case 'bigint':
      return typed(fc.bigInt());
    case 'boolean':
      return typed(fc.boolean());
    case 'literal':
      return typed(fc.constantFrom(...(d.values as unknown[])));
    case 'enum':
      return typed(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(d.entries as Record<string, unknown>)) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }));
    case 'array':
      return typed(fc.array(arb(d.element, depth + 1), { maxLength: depth > 2 ? 2 : 5 }));
    case 'tuple':
      return typed(fc.tuple(...(d.items as unknown[]).map((i) => arb(i, depth + 1))));
    case 'record':
      return typed(fc.dictionary(fc.oneof(fc.constantFrom(...stringPool()), fc.string({ maxLength: 10 })), arb(d.valueType, depth + 1), { maxKeys: 4 }));
    case 'union':
    case 'discriminated_union':
      return fc.oneof(...(d.options as unknown[]).map((o) => arb(o, depth + 1)));
    case 'intersection':
      return fc.tuple(arb(d.left, depth + 1), arb(d.right, depth + 1)).map(([a, b]) => (typeof a === 'object' && typeof b === 'object' ? { ...(a as object), ...(b as object) } : a));
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/**
 * The statements contentHash runs, prepared once. Preparing them afresh on every call (twice a run,
 * for every table) left thousands of native statements waiting for a collection that the small
 * JavaScript heap never asked for: the process grew by about 28 MB per operation at 40 runs, and a
 * 100-run attempt was killed for memory.
 */
const statements = new Map<string, Statement>();
const prepared = (sql: string): Statement => {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = t.db.prepare(sql)));
  return s;
};

/** The database's content: every row of every table, in order. */
function contentHash(): string {
  const h = createHash('sha256');
  const tables = prepared("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const name of tables) {
    h.update(name);
    const rows = (prepared(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v)));
    for (const r of rows.sort()) h.update(r);
  }
  return h.digest('hex');
}

let cwd = '';
beforeAll(async () => {
  t = makeTestCore();
  // Random relative paths (a backup folder named "N*", …) resolve inside the test's own folder,
  // never in the checkout.
  cwd = process.cwd();
  process.chdir(t.dir);
  caseNumber = (await t.call('cases.create', { title: 'Fuzzed case' })).number;
  await t.call('evidence.addNote', { number: caseNumber, title: 'A note', text: 'Something seen' });
});
afterAll(() => {
  process.chdir(cwd);
  t.cleanup();
});

describe('every contract operation under random and boundary input', () => {
  const channels = Object.keys(contract).filter((c) => !SKIP.has(c));
  it('covers the whole contract', () => {
    expect(channels.length).toBeGreaterThan(50);
  });
  for (const channel of channels) {
    it(channel, { timeout: 120_000 }, async () => {
      const input = arb((contract as Record<string, { input: z.ZodType }>)[channel]!.input);
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const before = contentHash();
          let result;
          try {
            result = await invoke(t.ctx, channel, value);
          } catch (e) {
            throw new Error(`${channel} threw instead of answering: ${(e as Error).stack}`);
          }
          if (!result.ok) {
            expect(result.error.code, `${channel}: ${result.error.message}`).not.toBe('internal');
            expect(contentHash(), `${channel} was refused (${result.error.message}) but changed the database`).toBe(before);
          }
          // The acting user must stay a registered officer for the next calls.
          t.ctx.actor = { name: 'Olivia Officer', role: 'officer' };
        }),
        { numRuns: RUNS, seed: Number(process.env.CASEBOOK_FUZZ_SEED ?? 20261202), endOnFailure: true },
      );
    });
  }
});
