import type { CliCommand } from './types.ts';
import { sessionCommands } from './session.ts';
import { casesCommands } from './cases.ts';
import { indicatorsCommands } from './indicators.ts';
import { subjectsCommands } from './subjects.ts';
import { evidenceCommands } from './evidence.ts';
import { sanctionsCommands } from './sanctions.ts';
import { decisionsCommands } from './decisions.ts';
import { paymentsCommands } from './payments.ts';
import { legalCommands } from './legal.ts';
import { securityCommands } from './security.ts';
import { bundleCommands } from './bundle.ts';
import { workspaceCommands } from './workspace.ts';
import { journalCommands } from './journal.ts';

/** Every CLI command. Each domain adds its list here. */
export const COMMANDS: CliCommand[] = [...sessionCommands, ...casesCommands, ...sanctionsCommands, ...subjectsCommands, ...evidenceCommands, ...decisionsCommands, ...paymentsCommands, ...legalCommands, ...indicatorsCommands, ...securityCommands, ...bundleCommands, ...workspaceCommands, ...journalCommands];
