/** The origin's one error handler: ApiErrors as the API's envelope, anything else a logged 500. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../../core/index.ts';
import { logger } from '../logger.ts';
import type { OriginEnv } from './env.ts';

/** Maps an error to the API's error envelope. */
export function onError(err: Error, c: Context<OriginEnv>): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  let api: ApiError;
  if (err instanceof ApiError) api = err;
  else if (err instanceof HTTPException && err.status < 500) api = new ApiError('invalid_request', err.message || 'Bad request');
  else {
    logger.error('unhandled error', { requestId, error: err.stack ?? String(err) });
    api = new ApiError('internal', 'Internal error');
  }
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  if (api.retryAfterSeconds) headers['Retry-After'] = String(api.retryAfterSeconds);
  return c.json(api.toEnvelope(requestId), api.status as 400, headers);
}

/** 404 for unknown routes, in the envelope. */
export function notFound(c: Context<OriginEnv>): Response {
  return onError(new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`), c);
}
