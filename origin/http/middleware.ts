/** Origin middleware: request id and logging, the edge identity check, the signed principal. */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, MIN_SEQ_HEADER, parsePrincipal, PRINCIPAL_HEADER, requestIdFrom } from '../../core/index.ts';
import { loadBoard, rememberBoard } from '../leaderboard/boards.ts';
import type { RecordBoard } from '../record/types.ts';
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

/**
 * The board's version, `seq`, as the edge carries it in `X-Board-Seq`: the one place the origin
 * reads it. It is read before the answer is built, so the answer reflects at least this version.
 * The board config is cached for 2 s here; when the caller needs a newer version than the cached
 * one, it is read again from the record.
 */
export async function boardVersion(deps: Deps, id: string, minSeq: number | null): Promise<{ board: RecordBoard; seq: number }> {
  let board = await loadBoard(deps, id);
  if (minSeq !== null && board.seq < minSeq) {
    const fresh = await deps.record.board(id);
    if (fresh) {
      rememberBoard(id, fresh);
      board = fresh;
    }
  }
  return { board, seq: board.seq };
}

/** Upper bound of the stale-while-revalidate window a board may ask for, in seconds. */
export const MAX_STALE_SECONDS = 3600;
/** Default stale-if-error window (5xx, timeouts, network failures), in seconds. */
export const DEFAULT_STALE_IF_ERROR_SECONDS = 3600;

/**
 * Tells the edge how long a board's views stay fresh and how stale they may be served:
 * `Cache-Control: max-age=<cacheSeconds>, stale-while-revalidate=<cacheSeconds>,
 * stale-if-error=3600`, and the board's version as `X-Board-Seq` (or the default board's, for the
 * compatibility path).
 */
export function boardCacheControl(boardOf: (c: Context<OriginEnv>) => string): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const raw = c.req.header(MIN_SEQ_HEADER);
    const minSeq = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
    const version = await boardVersion(c.get('deps'), boardOf(c), minSeq).catch(() => null);
    await next();
    if (c.res.status !== 200 || !version) return;
    const fresh = version.board.cacheSeconds;
    c.res.headers.set('Cache-Control', `public, max-age=${fresh}, stale-while-revalidate=${Math.min(fresh, MAX_STALE_SECONDS)}, stale-if-error=${DEFAULT_STALE_IF_ERROR_SECONDS}`);
    c.res.headers.set('X-Board-Seq', String(version.seq));
  };
}
