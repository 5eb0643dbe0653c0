/** /api/* and /leaderboard at the edge: cached public reads, authenticated and signed writes. */
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { ApiError, batchSchema, boardIdSchema, MAX_BATCH_BODY_BYTES, parseWith, readJsonBody, submitScoreSchema, type Principal } from '../../core/index.ts';
import { authenticate } from '../auth.ts';
import { boardOf, cachedRead, markBoardWritten } from '../cache.ts';
import { intVar, type EdgeEnv } from '../env.ts';
import { forwardToOrigin, ORIGIN_REFUSED } from '../origin-client.ts';
import { takeToken } from '../rate-limit.ts';

const DEFAULT_BOARD = 'global';

function pathAndQuery(c: Context<EdgeEnv>): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** Public GET: through the edge cache. */
async function publicRead(c: Context<EdgeEnv>): Promise<Response> {
  const url = new URL(c.req.url);
  return cachedRead({
    cache: caches.default,
    url,
    board: boardOf(url.pathname, DEFAULT_BOARD),
    ifNoneMatch: c.req.header('if-none-match') ?? null,
    defaultCacheSeconds: intVar(c.env.DEFAULT_CACHE_SECONDS, 5),
    fetchOrigin: () => forwardToOrigin(c.env, { method: 'GET', pathAndQuery: url.pathname + url.search, headers: c.req.raw.headers, requestId: c.get('requestId') }),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
}

/** Health is never cached. */
async function healthRead(c: Context<EdgeEnv>): Promise<Response> {
  let origin: Response;
  try {
    origin = await forwardToOrigin(c.env, { method: 'GET', pathAndQuery: '/api/health', headers: new Headers(), requestId: c.get('requestId') });
  } catch (err) {
    const origin = err instanceof ApiError && err.message === ORIGIN_REFUSED ? 'refused our signature' : 'unreachable';
    return c.json({ status: 'unavailable', edge: 'ok', origin }, 503, { 'Retry-After': '2', 'X-Cache': 'BYPASS' });
  }
  const body = (await origin.json().catch(() => ({}))) as Record<string, unknown>;
  const ok = origin.status === 200;
  return c.json({ ...body, status: ok ? 'ok' : 'unavailable', edge: 'ok', origin: body.origin ?? `status ${origin.status}` }, ok ? 200 : 503, { 'X-Cache': 'BYPASS' });
}

/** Rate-limits a write by client IP and, for players, by player. */
function limitWrite(c: Context<EdgeEnv>, principal: Principal): void {
  const limit = intVar(c.env.RATE_LIMIT_WRITES, 600);
  const windowSeconds = intVar(c.env.RATE_LIMIT_WINDOW_SECONDS, 60);
  if (principal.kind === 'admin' || principal.kind === 'server') return takeToken(`key:${principal.kind}`, limit * 100, windowSeconds);
  takeToken(`ip:${c.req.header('cf-connecting-ip') ?? 'local'}`, limit, windowSeconds);
  takeToken(`player:${principal.playerId}`, limit, windowSeconds);
}

/** An authenticated write: checked here, forwarded signed, then this location's views of the board refreshed. */
function write(kinds: Principal['kind'][], check?: (c: Context<EdgeEnv>, body: unknown, principal: Principal) => void, maxBytes?: number) {
  return async (c: Context<EdgeEnv>): Promise<Response> => {
    const principal = await authenticate(c.req.header('authorization'), c.env);
    if (!kinds.includes(principal.kind)) throw new ApiError('forbidden', 'These credentials may not do this');
    const board = parseWith(boardIdSchema, c.req.param('board'), 'board id');
    let body: ArrayBuffer | null = null;
    if (check) {
      const parsed = await readJsonBody(c.req.raw.clone(), z.unknown(), maxBytes);
      check(c, parsed, principal);
      body = await c.req.arrayBuffer();
    }
    limitWrite(c, principal);
    const res = await forwardToOrigin(c.env, { method: c.req.method, pathAndQuery: pathAndQuery(c), headers: c.req.raw.headers, body, principal, requestId: c.get('requestId') });
    if (res.status < 300) await markBoardWritten(caches.default, board);
    return passThrough(res);
  };
}

/** Copies the origin's answer, dropping hop-by-hop and AWS headers. */
function passThrough(res: Response): Response {
  const headers = new Headers();
  for (const [k, v] of res.headers) if (!/^(x-amzn-|x-amz-|connection|keep-alive|transfer-encoding|content-length)/i.test(k)) headers.set(k, v);
  return new Response(res.body, { status: res.status, headers });
}

const checkSubmit = (_c: Context<EdgeEnv>, body: unknown, principal: Principal) => {
  const input = parseWith(submitScoreSchema, body, 'body');
  if (principal.kind === 'player' && input.playerId !== principal.playerId) throw new ApiError('forbidden', 'A player may only submit their own score');
};
const checkBatch = (_c: Context<EdgeEnv>, body: unknown) => void parseWith(batchSchema, body, 'body');
const checkAny = () => undefined;

export const api = new Hono<EdgeEnv>()
  .get('/api/health', healthRead)
  .get('/api/boards', publicRead)
  .get('/api/boards/:board', publicRead)
  .put('/api/boards/:board', write(['admin'], checkAny))
  .delete('/api/boards/:board', write(['admin']))
  .get('/api/boards/:board/periods', publicRead)
  .get('/api/boards/:board/entries', publicRead)
  .get('/api/boards/:board/players', publicRead)
  .get('/api/boards/:board/players/:playerId', publicRead)
  .delete('/api/boards/:board/players/:playerId', write(['admin']))
  .get('/api/boards/:board/players/:playerId/around', publicRead)
  .post('/api/boards/:board/scores', write(['admin', 'server', 'player'], checkSubmit))
  .post('/api/boards/:board/scores/batch', write(['admin', 'server'], checkBatch, MAX_BATCH_BODY_BYTES))
  .get('/leaderboard', publicRead);
