/** The API's error envelope (docs/api.md "Errors") and the error class both runtimes throw. */
import * as z from 'zod';

export const errorCodeSchema = z
  .enum([
  'invalid_request',
  'unauthorized',
  'forbidden',
  'board_not_found',
  'player_not_found',
  'not_found',
  'snapshot_expired',
  'method_not_allowed',
  'conflict',
  'not_open',
  'closed',
  'banned',
  'full',
  'not_joined',
  'attempts_exhausted',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
  ])
  .meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** For invalid_request: one message per bad field, keyed by its path. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
}).meta({ id: 'ErrorEnvelope' });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** The HTTP status of each error code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  board_not_found: 404,
  player_not_found: 404,
  not_found: 404,
  snapshot_expired: 410,
  method_not_allowed: 405,
  conflict: 409,
  not_open: 409,
  closed: 409,
  banned: 403,
  full: 409,
  not_joined: 409,
  attempts_exhausted: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error the API reports to the client as-is, with the status that fits its code. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  /** The JSON body for this error. */
  toEnvelope(requestId: string): ErrorEnvelope {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }, requestId };
  }
}
/** What an `onError` handler sends: status, envelope and headers. One builder for the edge and the origin. */
export interface ErrorBody {
  status: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
  /** True when the error was not an ApiError (or a 4xx HTTP error): the caller should log it. */
  unexpected: boolean;
}

/**
 * Maps any thrown value to the API's envelope. ApiErrors go out as they are; an error carrying a
 * 4xx `status` (Hono's HTTPException) becomes invalid_request; anything else is a 500 whose body
 * holds no text of the original error.
 */
export function errorBody(err: unknown, requestId: string): ErrorBody {
  let api: ApiError;
  let unexpected = false;
  const status = (err as { status?: unknown } | null)?.status;
  if (err instanceof ApiError) api = err;
  else if (err instanceof Error && err.name !== 'ApiError' && typeof status === 'number' && status >= 400 && status < 500 && 'getResponse' in err) api = new ApiError('invalid_request', err.message || 'Bad request');
  else {
    unexpected = true;
    api = new ApiError('internal', 'Internal error');
  }
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  if (api.retryAfterSeconds) headers['Retry-After'] = String(api.retryAfterSeconds);
  return { status: api.status, body: api.toEnvelope(requestId), headers, unexpected };
}
