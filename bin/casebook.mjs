#!/usr/bin/env node
// The casebook command: runs the core's CLI from the TypeScript sources (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/core/cli/run.ts');
process.exitCode = await runCli(process.argv.slice(2));
