import { ZodError } from 'zod';
import { contract, isChannel, type Contract } from '../../shared/contract.ts';
import { AppError, type Envelope, type Issue } from '../../shared/errors.ts';
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
import { reportsHandlers } from './reports/handlers.ts';
import { sanctionsHandlers } from './sanctions/handlers.ts';

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
  ...legalHandlers,
  ...reportsHandlers,
};

export const zodIssues = (e: ZodError): Issue[] =>
  e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));

const describeIssues = (issues: Issue[]) => issues.map((i) => `${i.path} ${i.message}`).join('; ');

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
  // While the import worker holds the write lock, requests wait here (a cancel goes straight through).
  if (ctx.gate.busy && channel !== 'jobs.cancel') await ctx.gate.wait();
  try {
    const handler = handlers[channel] as (ctx: Ctx, input: unknown) => unknown;
    const value = await handler(ctx, parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toErrorBody(e) };
  }
}

export function toErrorBody(e: unknown) {
  if (e instanceof AppError) return e.toBody();
  if (e instanceof ZodError) {
    const issues = zodIssues(e);
    return { code: 'invalid_input' as const, message: `Invalid input: ${describeIssues(issues)}.`, issues };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal' as const, message: `Unexpected error: ${message}` };
}
