/** Origin middleware: request id and logging, the edge identity check, the signed principal. */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, parsePrincipal, PRINCIPAL_HEADER, requestIdFrom } from '../../core/index.ts';
import { isClosedPeriod, loadBoard } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { requestLog } from '../logger.ts';
import type { OriginEnv } from './env.ts';

/** Sets the request id (the edge's, or a new one), builds request-scoped deps, logs one line per request. */
export function requestContext(makeDeps: (log: ReturnType<typeof requestLog>) => Deps): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    const log = requestLog(requestId);
    c.set('requestId', requestId);
    c.set('deps', makeDeps(log));
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log('info', 'request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  };
}

/**
 * The principal header, if the request's signature covers it. Lambda verifies SigV4 but, like
 * any SigV4 endpoint, ignores headers outside SignedHeaders: a principal added to a signed
 * request that did not sign one must not be trusted. (Without a SigV4 Authorization header the
 * caller was checked by other means, and the header is taken as is.)
 */
export function signedPrincipal(principal: string | undefined, authorization: string | undefined): string | undefined {
  const signed = /^AWS4-HMAC-SHA256 .*SignedHeaders=([^,\s]+)/.exec(authorization ?? '')?.[1];
  if (signed !== undefined && !signed.split(';').includes(PRINCIPAL_HEADER)) return undefined;
  return principal;
}

/** Refuses Function URL calls whose IAM caller is not the configured edge principal. */
export function edgeOnly(expectedArn: () => string | null): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const expected = expectedArn();
    if (expected) {
      const ctx = c.env?.event?.requestContext as { authorizer?: { iam?: { userArn?: string } } } | undefined;
      const arn = ctx?.authorizer?.iam?.userArn;
      if (arn !== expected) throw new ApiError('forbidden', 'Only the edge may call the origin');
    }
    c.set('principal', parsePrincipal(signedPrincipal(c.req.header(PRINCIPAL_HEADER), c.req.header('authorization'))));
    await next();
  };
}

/** Requires an authenticated principal of one of the given kinds. */
export function requirePrincipal(...kinds: ('admin' | 'server' | 'player')[]): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (!p) throw new ApiError('unauthorized', 'Missing credentials');
    if (!kinds.includes(p.kind)) throw new ApiError('forbidden', 'These credentials may not do this');
    await next();
  };
}

/** How long a closed period's pages may be cached: they never change (a year, as for immutable assets). */
export const CLOSED_PERIOD_MAX_AGE = 31_536_000;

/**
 * Tells the edge how long a board's views stay fresh: `Cache-Control: max-age` from the
 * board's cacheSeconds (or the default board's, for the compatibility path). A read that names
 * a closed period (`?period=`) never changes, so it is marked immutable for a year.
 */
export function boardCacheControl(boardOf: (c: Context<OriginEnv>) => string): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const board = await loadBoard(c.get('deps'), boardOf(c)).catch(() => null);
    if (!board) return;
    const period = c.req.query('period');
    const closed = period !== undefined && period !== '' && isClosedPeriod(board, period, c.get('deps').now());
    c.res.headers.set('Cache-Control', closed ? `public, max-age=${CLOSED_PERIOD_MAX_AGE}, immutable` : `public, max-age=${board.cacheSeconds}`);
  };
}
