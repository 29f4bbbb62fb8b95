import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke, READS } from '../../electron/core/api.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { HEADER, row, writeCsv } from '../activity/helpers.ts';

let t: TestCore;
let n: string;
beforeEach(async () => {
  t = makeTestCore();
  n = (await t.call('cases.create', { title: 'Browsed during an import' })).number;
  await t.call('subjects.add', { number: n, name: 'Kim Chol', role: 'worker' });
  await t.call('identifiers.add', { number: n, kind: 'email', value: 'kim@example.com' });
  await t.call('evidence.addNote', { number: n, title: 'Interview', text: 'Camera off throughout.' });
  await t.call('activity.import', { number: n, path: writeCsv(t, 'log.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '192.0.2.2', 'KP')]) });
});
afterEach(() => t.cleanup());

/** An input for every operation that only reads. */
const inputs = (): { [C in Channel]?: unknown } => ({
  'activity.imports': { number: n },
  'activity.findings': { number: n },
  'activity.heatmap': { number: n },
  'activity.settings': {},
  'activity.cidrLists': {},
  'cases.get': { number: n },
  'cases.list': {},
  'cases.audit': { number: n },
  'cases.assignees': {},
  'cases.tags': {},
  'cases.getView': {},
  'decisions.list': { number: n },
  'tasks.list': { number: n },
  'evidence.list': { number: n },
  'evidence.custody': { number: n, exhibit: 'E-001' },
  'indicators.catalog': {},
  'indicators.weights': {},
  'payments.list': { number: n },
  'rates.list': {},
  'legal.statutoryMaximums': {},
  'legal.exposure': { number: n },
  'legal.reviews': { number: n },
  'reports.exports': { number: n },
  'sanctions.versions': {},
  'sanctions.settings': {},
  'sanctions.caseScreenings': { number: n },
  'session.current': {},
  'users.list': {},
  'audit.settings': {},
  'shell.capabilities': {},
  'subjects.list': { number: n },
  'identifiers.list': { number: n },
  'identifiers.check': { kind: 'email', value: 'Kim@Example.com' },
  'identifiers.find': { value: 'kim@example.com' },
  'identifiers.linkedCases': { number: n },
  'identifiers.graph': { number: n },
});

describe('requests that only read', () => {
  it('are exactly the listed ones, and each runs while another connection holds the write lock', async () => {
    const given = inputs();
    expect([...READS].sort()).toEqual(Object.keys(given).sort());
    // The import worker's position: a write transaction open on another connection. A read that
    // tried to write would fail at once instead of waiting (busy timeout 0).
    const other = new Database(t.dbFile);
    other.exec('BEGIN IMMEDIATE');
    t.db.pragma('busy_timeout = 0');
    try {
      for (const channel of READS) {
        const r = await invoke(t.ctx, channel, given[channel]);
        expect(r.ok ? 'ok' : r.error.message, channel).toBe('ok');
      }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('are answered while an import holds the gate; other requests wait for its commit', async () => {
    let release!: () => void;
    const held = t.ctx.gate.acquire().then((r) => (release = r));
    await held;
    const read = invoke(t.ctx, 'cases.get', { number: n });
    const write = invoke(t.ctx, 'cases.create', { title: 'Opened during the import' });
    expect((await read).ok).toBe(true);
    let wrote = false;
    void write.then(() => (wrote = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(wrote).toBe(false);
    release();
    expect((await write).ok).toBe(true);
  });
});
