import { ZodError } from 'zod';
import { AppError, type ErrorBody, type Issue } from '../../shared/errors.ts';

export const zodIssues = (e: ZodError): Issue[] =>
  e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));

export const describeIssues = (issues: Issue[]): string => issues.map((i) => `${i.path} ${i.message}`).join('; ');

/** Any error as the body that crosses a transport (IPC, CLI, harness, the import worker's port). */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof AppError) return e.toBody();
  if (e instanceof ZodError) {
    const issues = zodIssues(e);
    return { code: 'invalid_input', message: `Invalid input: ${describeIssues(issues)}.`, issues };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}
