import type { Channel, Input, Output, Progress } from '../../shared/contract/index.ts';
import type { ErrorBody } from '../../shared/errors.ts';

/** A failed operation, as the core described it. */
export class ApiError extends Error {
  readonly body: ErrorBody;
  constructor(body: ErrorBody) {
    super(body.message);
    this.body = body;
  }
  get code() {
    return this.body.code;
  }
}

/** Any failure as an ApiError, so every screen shows errors one way. */
export const toApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError({ code: 'internal', message: e instanceof Error ? e.message : String(e) });

/**
 * Calls one operation of the contract; the types come from shared/contract/index.ts. Every failure,
 * the core's or the transport's, is thrown as an ApiError.
 */
export async function api<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  let result;
  try {
    result = await window.casebook.invoke(channel, input);
  } catch (e) {
    throw toApiError(e);
  }
  if (!result.ok) {
    // The app was locked under this screen (menu, idle time): the lock screen takes over.
    if (result.error.code === 'locked' && (result.error.details as { appLocked?: boolean } | undefined)?.appLocked) window.dispatchEvent(new Event('casebook-locked'));
    throw new ApiError(result.error);
  }
  return result.value as Output<C>;
}

export const onProgress = (listener: (p: Progress) => void): (() => void) => window.casebook.on('progress', listener);

export const newJobId = () => `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
