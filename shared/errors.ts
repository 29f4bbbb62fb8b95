/** Error codes that cross every transport (IPC, CLI, harness) unchanged. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'locked'
  | 'forbidden'
  | 'cancelled'
  | 'check_failed'
  | 'unsupported_database'
  | 'internal';

export type Issue = { path: string; message: string };

export type ErrorBody = { code: ErrorCode; message: string; issues?: Issue[]; details?: unknown };

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** A failure the user can act on; its message is shown as is. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[] | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, extra: { issues?: Issue[]; details?: unknown } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = extra.issues;
    this.details = extra.details;
  }

  /** The error again from the body that crossed a transport. */
  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, { ...(body.issues && { issues: body.issues }), details: body.details });
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
