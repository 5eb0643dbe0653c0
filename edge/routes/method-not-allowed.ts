/** 405 in the API's envelope for a known path with a method it does not have. */
import type { Context } from 'hono';
import { ApiError } from '../../core/index.ts';

export function methodNotAllowed(c: Context): never {
  throw new ApiError('method_not_allowed', `${c.req.method} is not allowed on ${new URL(c.req.url).pathname}`);
}
