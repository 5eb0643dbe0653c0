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
  'method_not_allowed',
  'conflict',
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
  method_not_allowed: 405,
  conflict: 409,
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
