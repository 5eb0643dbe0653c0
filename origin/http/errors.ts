/** The origin's one error handler: ApiErrors as the API's envelope, anything else a logged 500. */
import type { Context } from 'hono';
import { ApiError, errorBody } from '../../core/index.ts';
import { logger } from '../logger.ts';
import type { OriginEnv } from './env.ts';

/** Maps an error to the API's error envelope. */
export function onError(err: Error, c: Context<OriginEnv>): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  const out = errorBody(err, requestId);
  // The code the request's metrics are counted under (countRequest in middleware.ts).
  const metrics = c.get('deps')?.metrics;
  if (metrics) metrics.errorCode = out.body.error.code;
  if (out.unexpected) logger.error('unhandled error', { requestId, error: err.stack ?? String(err) });
  return c.json(out.body, out.status as 400, out.headers);
}

/** 404 for unknown routes, in the envelope. */
export function notFound(c: Context<OriginEnv>): Response {
  return onError(new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`), c);
}
