#!/usr/bin/env node
// The casebook command: runs the core's CLI from the TypeScript sources (no build step needed).
import { register } from 'tsx/esm/api';

// `casebook … | head -1`: when the reader of our output goes away, stop quietly (no EPIPE stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { runCli } = await import('../electron/core/cli/run.ts');
process.exitCode = await runCli(process.argv.slice(2));
