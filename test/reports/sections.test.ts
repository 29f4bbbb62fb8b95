import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = (await core.call('cases.create', { title: 'Contractor paid through a third-party account' })).number;
});
afterEach(() => core.cleanup());

describe('a report section that cannot be read', () => {
  it('fails the report with a message naming the section, instead of printing it empty', async () => {
    const subject = await core.call('subjects.add', { number, name: 'Jin Park' });
    // A damaged subject row (its aliases are no longer a list) makes the subjects section unreadable.
    core.db.prepare(`UPDATE subjects SET aliases = '{not a list' WHERE id = ?`).run(subject.id);
    await expect(core.call('reports.render', { number, kind: 'summary' })).rejects.toThrow(new RegExp(`report on ${number} cannot be made: its subjects section could not be read`));
    const out = join(core.dir, 'summary.pdf');
    await expect(core.call('reports.export', { number, kind: 'summary', out })).rejects.toThrow(/subjects section could not be read/);
    expect(existsSync(out)).toBe(false);
    expect(await core.call('reports.exports', { number })).toEqual([]);
  });

  it('prints the same section when the row is whole', async () => {
    await core.call('subjects.add', { number, name: 'Jin Park' });
    const r = await core.call('reports.render', { number, kind: 'summary' });
    expect(r.html).toContain('Jin Park');
  });
});
