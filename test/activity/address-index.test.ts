// The cross-case address index of an import with more addresses than are kept in memory: its
// entries are written out in sorted runs while the import is staged, merged into the index before
// the final write, invisible to every reader until the import is done, gone again when it is
// cancelled, and then link another case like any other entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { AppError } from '../../shared/errors.ts';
import { caseAddressSpans } from '../../electron/core/activity/address-index.ts';
import { HEADER, row, series, writeCsv } from './helpers.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

// More distinct (address, account) pairs than the writer holds in memory (65,536): some are written out while staged.
const ADDRESSES = 70_000;
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const caseId = (number: string) => t.db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(number) as number;
const entries = () => t.db.prepare('SELECT count(*) FROM case_ips').pluck().get() as number;
/** The sorted runs an import with many addresses writes while staged. */
const runs = () => t.db.prepare('SELECT count(*) FROM activity_staged_ips').pluck().get() as number;

describe('the address index of a large import', () => {
  it('is written while staged but seen by nobody, removed on cancel, and visible once the import is done', async () => {
    await t.call('activity.setSettings', { na08HighRiskCountries: [] });
    const a = (await t.call('cases.create', { title: 'Many addresses' })).number;
    // The first address comes back for the same account after every other: its two entries are in different runs and are combined.
    const path = writeCsv(t, 'wide.csv', [HEADER, ...series('2024-01-01T00:00:00Z', ADDRESSES, 1, (ts, i) => row(ts, `user${i % 300}`, addressOf(i))), row('2024-03-01T00:00:00Z', 'user0', addressOf(0))]);

    // Cancelled once every row is staged: at that moment the entries written so far exist but are not visible.
    let during: { runs: number; visible: number } | null = null;
    t.ctx.emit = (_e, p) => {
      if (p.phase === 'analysing' && p.jobId === 'wide-1' && !during) {
        during = { runs: runs(), visible: caseAddressSpans(t.db, caseId(a)).length };
        t.ctx.jobs.cancel('wide-1');
      }
    };
    const cancelled = await t.call('activity.import', { number: a, path, jobId: 'wide-1' }).then(() => null, (e: unknown) => e);
    expect((cancelled as AppError).code).toBe('cancelled');
    expect(during!.runs).toBeGreaterThanOrEqual(65_536);
    expect(during!.visible).toBe(0);
    expect(entries()).toBe(0);
    expect(runs()).toBe(0);

    t.ctx.emit = () => {};
    const done = await t.call('activity.import', { number: a, path });
    expect(done.events).toBe(ADDRESSES + 1);
    const spans = caseAddressSpans(t.db, caseId(a));
    expect(spans).toHaveLength(ADDRESSES);
    expect(spans.find((s) => s.ip === addressOf(69_999))).toEqual({ ip: addressOf(69_999), first: Date.parse('2024-01-01T00:00:00Z') + 69_999 * 60_000, last: Date.parse('2024-01-01T00:00:00Z') + 69_999 * 60_000 });
    expect(t.db.prepare('SELECT DISTINCT import_id FROM case_ips').pluck().all()).toEqual([done.importId]);
    expect(entries()).toBe(ADDRESSES);
    expect(t.db.prepare('SELECT first_ts, last_ts, events FROM case_ips WHERE ip = ? AND account = ?').get(addressOf(0), 'user0')).toEqual({ first_ts: Date.parse('2024-01-01T00:00:00Z'), last_ts: Date.parse('2024-03-01T00:00:00Z'), events: 2 });
    expect(runs()).toBe(0);

    // An entry written out while staged links another case like any other: the first address, and one of the last.
    const b = (await t.call('cases.create', { title: 'Same addresses' })).number;
    const other = writeCsv(t, 'other.csv', [HEADER, row('2024-01-01T00:30:00Z', 'zed', addressOf(0)), row(new Date(Date.parse('2024-01-01T00:00:00Z') + 69_999 * 60_000).toISOString(), 'zed', addressOf(69_999))]);
    await t.call('activity.import', { number: b, path: other });
    const cross = (await t.call('activity.findings', { number: b })).filter((f) => f.detector === 'NA-02/cross-case');
    expect(cross.flatMap((f) => f.ips).sort()).toEqual([addressOf(0), addressOf(69_999)].sort());
  }, 120_000);
});
