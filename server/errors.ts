import type { Context } from 'hono';
import type { Escalation } from '../common/contract.ts';
import { errorBody, type ErrorCode } from '../common/error-body.ts';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503;

interface ErrorExtra {
  fields?: Record<string, string>;
  escalation?: Escalation;
  retryAfterSeconds?: number;
}

/** A refusal the caller can act on; anything else thrown is answered 500 `internal`. */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly extra: ErrorExtra;
  constructor(status: ErrorStatus, code: ErrorCode, message: string, extra: ErrorExtra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** A 400 naming each field's first problem; issues without a path count against the body. */
export function invalidFields(message: string, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
  return new ApiError(400, 'invalid_request', message, { fields });
}

export const noSuchRoute = () => new ApiError(404, 'invalid_request', 'No such API route.');

export const tooLarge = (maxBytes: number) => new ApiError(413, 'payload_too_large', `The request is larger than ${maxBytes} bytes.`);

/** app.onError: every error answer of the API is rendered here (a leaf: the logger is passed in). */
export function onError(log: { error(fields: Record<string, unknown>, msg: string): void }) {
  return <E extends { Variables: { requestId: string } }>(err: Error, c: Context<E>) => {
    const requestId = c.var.requestId;
    if (err instanceof ApiError) {
      if (err.extra.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.extra.retryAfterSeconds));
      return c.json(errorBody(err.code, err.message, { requestId, ...err.extra }), err.status);
    }
    // ledger/driver.ts LedgerUnavailable, matched by name so this stays a leaf: nothing was done.
    if (err.name === 'LedgerUnavailable') {
      log.error({ requestId, err: { name: err.name, message: err.message } }, 'ledger unavailable');
      c.header('Retry-After', '5');
      return c.json(
        errorBody('internal', 'The proxy cannot reach its database right now, so nothing was done. Try again in a few seconds.', { requestId }),
        503,
      );
    }
    log.error({ requestId, err: { name: err.name, message: err.message } }, 'unhandled error');
    return c.json(errorBody('internal', 'Something went wrong on our side. Nothing you typed is lost; try again.', { requestId }), 500);
  };
}
