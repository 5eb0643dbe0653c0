/** 405 in the API's envelope for a known path with an unsupported method. */
import type { Context } from 'hono';
import { ApiError } from '../../core/index.ts';

/** Route handler that answers 405. */
export function methodNotAllowed(c: Context): never {
  throw new ApiError('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`);
}
