import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke, READS } from '../../electron/core/api.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { makeTestCore, type TestCore, openTestDb } from '../helpers/core.ts';
import { seedForReads } from './reads.ts';

let t: TestCore;
let n: string;
let given: { [C in Channel]?: unknown };
beforeEach(async () => {
  t = makeTestCore();
  ({ number: n, inputs: given } = await seedForReads(t));
});
afterEach(() => t.cleanup());

describe('requests that only read', () => {
  it('are exactly the ones the contract declares, and each runs while another connection holds the write lock', async () => {
    expect([...READS].sort()).toEqual(Object.keys(given).sort());
    // The import worker's position: a write transaction open on another connection. A read that
    // tried to write would fail at once instead of waiting (busy timeout 0).
    const other = openTestDb(t.dbFile);
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

  it('each runs on a read-only connection: a read that writes fails here', async () => {
    const readOnly = openTestDb(t.dbFile, { readonly: true });
    const ctx = { ...t.ctx, db: readOnly };
    const before = t.db.prepare('SELECT count(*) FROM audit_events').pluck().get();
    try {
      for (const channel of READS) {
        const r = await invoke(ctx, channel, given[channel]);
        expect(r.ok ? 'ok' : r.error.message, channel).toBe('ok');
      }
    } finally {
      readOnly.close();
    }
    expect(t.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(before);
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
