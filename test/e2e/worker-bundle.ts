// The desktop app runs the import worker from the bundle (out/main/activity-worker.js), not from
// the TypeScript sources the unit tests use. This imports a small log through that bundle, after
// `npm run build`, and checks the rows, the finding and the commit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCore } from '../../electron/core/app.ts';
import { TEST_UNLOCK } from '../helpers/core.ts';
import { invoke } from '../../electron/core/api.ts';
import { signIn } from '../../electron/core/session/users.ts';
import { createCase } from '../../electron/core/cases/repo.ts';
import type { ImportResult } from '../../shared/activity/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'casebook-worker-bundle-'));
try {
  const core = openCore({ dbFile: join(dir, 'casebook.db'), unlock: TEST_UNLOCK, activityWorker: pathToFileURL(join(import.meta.dirname, '../../out/main/activity-worker.js')) });
  signIn(core.db, 'Olivia Officer', 'officer');
  core.ctx.actor = { name: 'Olivia Officer', role: 'officer' };
  const c = createCase(core.db, 'Olivia Officer', { title: 'Bundle', summary: '', priority: 'medium', assignee: '', tags: [] });
  const log = join(dir, 'log.csv');
  writeFileSync(log, 'timestamp,account,ip,country\n2024-03-01T00:00:00Z,ann,192.0.2.1,US\n2024-03-01T01:00:00Z,ann,192.0.2.2,KP\n');
  const r = await invoke(core.ctx, 'activity.import', { number: c.number, path: log, zone: 'Asia/Pyongyang' });
  if (!r.ok) throw new Error(`the bundled worker refused the import: ${r.error.message}`);
  const v = r.value as ImportResult;
  const stored = core.db.prepare('SELECT count(*) FROM login_events').pluck().get();
  // US then KP an hour apart: impossible travel, a change of country (lower weight) and activity
  // from a high-risk country.
  const expected = ['NA-01/countries', 'NA-01/travel', 'NA-08/location'];
  const found = v.findings.map((f) => f.detector).sort();
  if (v.events !== 2 || stored !== 2 || found.join() !== expected.join()) throw new Error(`unexpected result from the bundled worker: ${JSON.stringify({ events: v.events, stored, findings: v.findings })}`);
  const again = await invoke(core.ctx, 'activity.analyse', { number: c.number });
  if (!again.ok) throw new Error(`the bundled worker refused the analysis: ${again.error.message}`);
  core.close();
  console.log(`the bundled import worker imported 2 events and found ${found.join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
