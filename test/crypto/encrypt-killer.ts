// Runs the in-place encryption of a plain database in its own process and kills that process
// (SIGKILL: no clean-up runs) when it reaches the given step (argv: dbFile, phase, done).
import { encryptExisting } from '../../electron/core/crypto/encrypt-existing.ts';
import { TEST_PASSPHRASE } from '../helpers/core.ts';

const [dbFile, phase, done] = process.argv.slice(2);
await encryptExisting(dbFile!, TEST_PASSPHRASE, {
  kdf: 'test-only-fast',
  onProgress: (p, d) => {
    if (p === phase && d === Number(done)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished without being killed\n');
