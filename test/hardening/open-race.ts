// Opens (creating) the database named on the command line at the given moment, to race another process.
import { openCore } from '../../electron/core/app.ts';
import { TEST_UNLOCK } from '../helpers/core.ts';

const [file, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // spin until the agreed moment, so both processes start the migration together
}
try {
  const core = openCore({ dbFile: file!, unlock: TEST_UNLOCK });
  const version = core.db.pragma('user_version', { simple: true });
  core.close();
  process.stdout.write(`ok ${version}\n`);
} catch (e) {
  process.stdout.write(`failed ${(e as Error).message}\n`);
  process.exitCode = 1;
}
