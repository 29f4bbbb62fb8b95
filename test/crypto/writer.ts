// A second process that keeps writing to a test database: one case per transaction, each with
// its audit event, until it has written the number asked for (argv: dbFile, count).
import { openCore } from '../../electron/core/app.ts';
import { createCase } from '../../electron/core/cases/repo.ts';
import { TEST_UNLOCK } from '../helpers/core.ts';

const [dbFile, count] = process.argv.slice(2);
const core = openCore({ dbFile: dbFile!, unlock: TEST_UNLOCK });
for (let i = 0; i < Number(count); i++) {
  createCase(core.db, 'Writer', { title: `Written during the backup ${i}`, summary: '', priority: 'medium', assignee: '', tags: [] });
  if (i === 0) process.stdout.write('writing\n');
  await new Promise((r) => setTimeout(r, 2));
}
core.close();
