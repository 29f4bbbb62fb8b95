// Opens (creating) the database named on the command line at the given moment, to race another process.
import { openDatabase } from '../../electron/core/db/connection.ts';

const [file, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // spin until the agreed moment, so both processes start the migration together
}
try {
  const db = openDatabase(file!);
  const version = db.pragma('user_version', { simple: true });
  db.close();
  process.stdout.write(`ok ${version}\n`);
} catch (e) {
  process.stdout.write(`failed ${(e as Error).message}\n`);
  process.exitCode = 1;
}
