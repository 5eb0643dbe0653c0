/** The edge Worker app: request ids, CORS, security headers, one router per resource, and the web app's assets. */
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ApiError, errorBody, requestIdFrom } from '../core/index.ts';
import { edgeConfig, type EdgeConfig } from './config.ts';
import type { EdgeEnv } from './env.ts';
import { errorFields, requestLog } from './logger.ts';
import { cacheStatusOf, recordRequest, routeOf } from './metrics.ts';
import { boards } from './routes/boards.ts';
import { compat } from './routes/compat.ts';
import { dev } from './routes/dev.ts';
import { entries } from './routes/entries.ts';
import { health } from './routes/health.ts';
import { pages } from './pages.ts';
import { scores } from './routes/scores.ts';
import { allBoardsModeration, boardModeration } from './routes/moderation.ts';
import { players } from './routes/players.ts';
import { tournamentBoards, tournaments } from './routes/tournaments.ts';
import { openapi } from './routes/openapi.ts';
import { operations } from './routes/operations.ts';
import { stream } from './routes/stream.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export const app = new Hono<EdgeEnv>();

/** Bodies larger than this are not read to the end when the answer needs none of it: the stream is cancelled instead. */
const DRAIN_LIMIT_BYTES = 16 << 20;

/**
 * Reads and drops what is left of a request body. An answer that goes out while the client is
 * still sending (a 401, 405 or 413 that never needed the body) breaks the connection under it:
 * wrangler dev's proxy then reports "Your worker restarted mid-request" and HTTP/1.1 clients
 * see the connection reset.
 */
async function drainBody(req: Request): Promise<void> {
  if (!req.body || req.bodyUsed) return;
  const reader = req.body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > DRAIN_LIMIT_BYTES) return void (await reader.cancel());
    }
  } catch {
    // The client went away; nothing left to drain.
  }
}

app.use(async (c, next) => {
  const requestId = requestIdFrom(c.req.header('x-request-id'));
  c.set('requestId', requestId);
  const log = requestLog(requestId, c.env.DEV_MODE === 'true');
  c.set('log', log);
  const started = Date.now();
  await next();
  await drainBody(c.req.raw);
  c.res.headers.set('X-Request-Id', requestId);
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  // A page that set its own CSP (the embeddable widget, edge/pages.ts) keeps it, and may be framed as it says.
  if ((c.res.headers.get('content-type') ?? '').includes('text/html') && !c.res.headers.has('Content-Security-Policy')) {
    c.res.headers.set('Content-Security-Policy', CSP);
    c.res.headers.set('X-Frame-Options', 'DENY');
  }
  const ms = Date.now() - started;
  const cache = c.res.headers.get('x-cache');
  log.finish({ method: c.req.method, path: c.req.path, status: c.res.status, ms, cache });
  recordRequest(c.env.METRICS, { method: c.req.method, route: routeOf(c), cache: cacheStatusOf(cache), status: c.res.status, ms });
});

/** The CORS middleware of the configured origins, made once per configuration (not per request). */
let corsOf: { cfg: EdgeConfig; handler: MiddlewareHandler } | undefined;

app.use('/api/*', async (c, next) => {
  const cfg = edgeConfig(c.env);
  if (corsOf?.cfg !== cfg) {
    const allowed = cfg.corsOrigins;
    corsOf = {
      cfg,
      handler: cors({
        origin: allowed === '*' ? '*' : allowed,
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id', 'If-None-Match', 'X-Min-Seq', 'Last-Event-ID'],
        exposeHeaders: ['X-Request-Id', 'X-Cache', 'ETag', 'Retry-After', 'X-Board-Seq', 'X-Purge-Status'],
        maxAge: 600,
      }),
    };
  }
  return corsOf.handler(c, next);
});

app.route('/api/health', health);
app.route('/api/boards', boards);
app.route('/api/boards', entries);
app.route('/api/boards', scores);
app.route('/api/boards', boardModeration);
app.route('/api/boards', operations);
app.route('/api/moderation', allBoardsModeration);
app.route('/api/players', players);
app.route('/api/boards', tournamentBoards);
app.route('/api/tournaments', tournaments);
app.route('/api/boards', stream);
app.route('/leaderboard', compat);
app.route('/', dev);
app.route('/', pages);
app.route('/', openapi);

/** Unknown /api paths get the envelope; everything else is the web app. */
app.all('*', async (c) => {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/api/') || path === '/api') throw new ApiError('not_found', `No route for ${c.req.method} ${path}`);
  if (c.env.ASSETS) {
    // Assets never need a body: the asset server gets none (it would answer 405 without reading
    // it), and the first middleware drains it. A copy: the asset server's headers are immutable,
    // and the middleware above adds security headers.
    const asset = await c.env.ASSETS.fetch(new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers }));
    return new Response(asset.body, asset);
  }
  throw new ApiError('not_found', 'Not found');
});

app.onError((err, c) => {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  const out = errorBody(err, requestId);
  if (out.unexpected) (c.get('log') ?? requestLog(requestId, c.env.DEV_MODE === 'true'))('error', 'unhandled error', errorFields(err));
  if (c.req.method === 'GET') out.headers['X-Cache'] = 'BYPASS';
  return c.json(out.body, out.status as 400, out.headers);
});
