import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/core/db/migrations/index.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-migrate-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (file: string, at: number) =>
  new Promise<string>((done) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/hardening/open-race.ts'), file, String(at)], { cwd: root });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', () => done(out.trim()));
  });

describe('two processes opening a new database at once', { timeout: 180_000 }, () => {
  it('both succeed, the migrations run once (user_version read inside BEGIN IMMEDIATE)', async () => {
    for (let round = 0; round < 4; round++) {
      const file = join(dir, `race-${round}.db`);
      // Both start at the same moment, well after tsx has loaded in each.
      const at = Date.now() + 4000;
      const results = await Promise.all([open(file, at), open(file, at), open(file, at)]);
      expect(results, `round ${round}`).toEqual([`ok ${LATEST_VERSION}`, `ok ${LATEST_VERSION}`, `ok ${LATEST_VERSION}`]);
    }
  });
});
