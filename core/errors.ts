/** The API's error envelope (API.md "Conventions") and the error class both runtimes throw. */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'board_not_found'
  | 'player_not_found'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'not_open'
  | 'closed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  requestId: string;
}

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  board_not_found: 404,
  player_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  not_open: 409,
  closed: 409,
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
    this.status = STATUS[code];
  }

  /** The JSON body for this error. */
  toEnvelope(requestId: string): ErrorEnvelope {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }, requestId };
  }
}

/** The status code of an error code. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
