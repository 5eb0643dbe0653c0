/** Origin middleware: request id and logging, the edge identity check, the signed principal. */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { ApiError, parsePrincipal, PRINCIPAL_HEADER, requestIdFrom } from '../../core/index.ts';
import { isClosedPeriod, loadBoard, staleWindows } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { BOARD_VERSION_HEADER, BoardVersion } from '../leaderboard/version.ts';
import { requestLog } from '../logger.ts';
import { publish, Tally } from '../metrics.ts';
import type { OriginEnv } from './env.ts';

/** The matched route, `METHOD /path/:param` (a metric dimension: few values, no ids); `other` when none. */
export function operationOf(c: Context): string {
  const method = c.req.method;
  for (const r of matchedRoutes(c)) if (r.method === method) return `${method} ${r.path}`;
  return 'other';
}

/**
 * Counts one answered request (origin/metrics.ts): every request, reads by route (the view),
 * errors, and refused writes (a 4xx answer to a score submission), then publishes its tally.
 */
export function countRequest(tally: Tally, method: string, operation: string, status: number, ms: number): void {
  tally.count('Requests');
  if (method === 'GET') tally.count('Reads');
  if (status >= 400) {
    tally.count('Errors');
    if (status >= 500) tally.count('ServerErrors');
    tally.errorCode ??= status >= 500 ? 'internal' : 'invalid_request';
    if (status < 500 && operation.startsWith('POST /api/boards/:board/scores')) tally.count('WritesRefused');
  }
  tally.time('RequestTotal', ms);
  publish(tally, operation);
}

/**
 * Sets the request id (the edge's, or a new one), builds request-scoped deps, logs one line per
 * request, sends the answer's board version as X-Board-Seq when it has one (version.ts), and
 * publishes the request's metrics (countRequest).
 */
export function requestContext(makeDeps: (log: ReturnType<typeof requestLog>, metrics: Tally) => Deps): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    const log = requestLog(requestId);
    c.set('requestId', requestId);
    const boardVersion = new BoardVersion();
    const tally = new Tally(requestId);
    // Assigned, not spread: a spread would read every getter of the deps (the record is made on first use).
    c.set('deps', Object.assign(makeDeps(log, tally), { boardVersion, loadedBoards: new Map() }));
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    if (boardVersion.value !== undefined && c.res.status < 300) c.header(BOARD_VERSION_HEADER, String(boardVersion.value));
    const ms = performance.now() - started;
    log('info', 'request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) });
    countRequest(tally, c.req.method, operationOf(c), c.res.status, ms);
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

/**
 * True when the Function URL's caller is the configured principal. A caller with a role's
 * temporary credentials is reported as `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`:
 * that is the role `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`, whatever the session name.
 * (The assumed-role ARN carries no path, and a role name is unique in its account whatever its path.)
 */
export function callerIs(callerArn: string | undefined, expectedArn: string): boolean {
  if (!callerArn) return false;
  if (callerArn === expectedArn) return true;
  const assumed = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/.exec(callerArn);
  const role = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/.exec(expectedArn);
  if (!assumed || !role) return false;
  return assumed[1] === role[1] && assumed[2] === role[2] && assumed[3] === role[3];
}

/** Refuses Function URL calls whose IAM caller is not the configured edge principal. */
export function edgeOnly(expectedArn: () => string | null): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const expected = expectedArn();
    if (expected) {
      const ctx = c.env?.event?.requestContext as { authorizer?: { iam?: { userArn?: string } } } | undefined;
      if (!callerIs(ctx?.authorizer?.iam?.userArn, expected)) throw new ApiError('forbidden', 'Only the edge may call the origin');
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
 * Tells the edge how long a board's views stay fresh and how stale they may be served:
 * `Cache-Control: max-age=<cacheSeconds>, stale-while-revalidate=<staleSeconds>,
 * stale-if-error=<staleIfErrorSeconds>`, the board's own (or the default board's, for the
 * compatibility path). A read that names a
 * closed period (`?period=`) never changes, so it is marked immutable for a year (the edge keeps
 * its copy within its own bounds, docs/edge-cache.md). A Cache-Control the handler set itself
 * (pages of a pinned snapshot) is kept. The answer's version (`X-Board-Seq`) is sent by the
 * request middleware (version.ts).
 */
export function boardCacheControl(boardOf: (c: Context<OriginEnv>) => string): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200 || c.res.headers.has('Cache-Control')) return;
    // The board the handler read with (loadBoard notes it), else loaded here.
    const deps = c.get('deps');
    const id = boardOf(c);
    const board = deps.loadedBoards?.get(id) ?? (await loadBoard(deps, id).catch(() => null));
    if (!board) return;
    const period = c.req.query('period');
    if (period !== undefined && period !== '' && isClosedPeriod(board, period, deps.now())) {
      c.res.headers.set('Cache-Control', `public, max-age=${CLOSED_PERIOD_MAX_AGE}, immutable`);
      return;
    }
    const { staleSeconds, staleIfErrorSeconds } = staleWindows(board);
    c.res.headers.set('Cache-Control', `public, max-age=${board.cacheSeconds}, stale-while-revalidate=${staleSeconds}, stale-if-error=${staleIfErrorSeconds}`);
  };
}
