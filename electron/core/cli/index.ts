import type { CliCommand } from './types.ts';
import { sessionCommands } from './session.ts';
import { casesCommands } from './cases.ts';

/** Every CLI command. Each domain adds its list here. */
export const COMMANDS: CliCommand[] = [...sessionCommands, ...casesCommands];
