import { contract, isChannel, type Channel, type Contract } from '../../shared/contract/index.ts';
import type { Envelope } from '../../shared/errors.ts';
import { describeIssues, toErrorBody, zodIssues } from './errors.ts';
import type { Ctx } from './context.ts';
import type { HandlersFor } from './handler.ts';
import { sessionHandlers } from './session/handlers.ts';
import { shellHandlers } from './shell/handlers.ts';
import { casesHandlers } from './cases/handlers.ts';
import { indicatorsHandlers } from './indicators/handlers.ts';
import { activityHandlers } from './activity/handlers.ts';
import { subjectsHandlers } from './subjects/handlers.ts';
import { evidenceHandlers } from './evidence/handlers.ts';
import { decisionsHandlers } from './decisions/handlers.ts';
import { legalHandlers } from './legal/handlers.ts';
import { paymentsHandlers } from './payments/handlers.ts';
import { ratesHandlers } from './rates/handlers.ts';
import { reportsHandlers } from './reports/handlers.ts';
import { sanctionsHandlers } from './sanctions/handlers.ts';
import { securityHandlers } from './crypto/handlers.ts';
import { bundleHandlers } from './bundle/handlers.ts';
import { workspaceHandlers } from './dashboard/handlers.ts';
import { journalHandlers } from './journal/handlers.ts';

/** The handler table: the only way in to the core, for IPC, the CLI and the test harness alike. */
export const handlers: HandlersFor<Contract> = {
  ...sessionHandlers,
  ...shellHandlers,
  ...casesHandlers,
  ...indicatorsHandlers,
  ...activityHandlers,
  ...sanctionsHandlers,
  ...subjectsHandlers,
  ...evidenceHandlers,
  ...decisionsHandlers,
  ...paymentsHandlers,
  ...ratesHandlers,
  ...legalHandlers,
  ...reportsHandlers,
  ...securityHandlers,
  ...bundleHandlers,
  ...workspaceHandlers,
  ...journalHandlers,
};

/**
 * The operations the contract declares as reads (`op(schema).reads<Output>()`). They are answered
 * while an import holds the write lock (the database is in WAL mode, so they see the last
 * committed state); every other request waits for the import's commit.
 */
export const READS: ReadonlySet<Channel> = new Set((Object.keys(contract) as Channel[]).filter((c) => contract[c].reads));

/** Validates the input against the contract, runs the handler and wraps the result in the envelope. */
export async function invoke(ctx: Ctx, channel: string, rawInput: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'invalid_input', message: `Unknown operation "${channel}".` } };
  }
  const parsed = contract[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${channel}: ${describeIssues(issues)}.`, issues } };
  }
  // While the import worker holds the write lock, requests that write wait here; reads and a
  // cancel go straight through.
  if (ctx.gate.busy && channel !== 'jobs.cancel' && !READS.has(channel)) await ctx.gate.wait();
  try {
    const handler = handlers[channel] as (ctx: Ctx, input: unknown) => unknown;
    const value = await handler(ctx, parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toErrorBody(e, ctx.paths.dbFile) };
  }
}
