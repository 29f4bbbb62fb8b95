import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCore, openTestDatabase, type TestCore } from '../helpers/core.ts';

let t: TestCore;
afterEach(() => t?.cleanup());

describe('a read-only open', () => {
  it('gives a handle typed to read only, and the connection refuses a write', async () => {
    t = makeTestCore();
    await t.call('cases.create', { title: 'Read only' });
    const ro = openTestDatabase(t.dbFile, { readonly: true });
    try {
      expect(ro.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 1 });
      // @ts-expect-error a read-only handle has no exec: the write does not compile
      expect(() => ro.exec("UPDATE cases SET title = 'x'")).toThrow(/readonly/);
      // @ts-expect-error its statements have no run
      expect(() => ro.prepare("UPDATE cases SET title = 'x'").run()).toThrow(/readonly/);
    } finally {
      ro.close();
    }
  });
});
