/** The edge Worker app: request ids, CORS, security headers, the API, and the web app's assets. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { ApiError, requestIdFrom } from '../core/index.ts';
import type { EdgeEnv } from './env.ts';
import { api } from './routes/api.ts';
import { dev } from './routes/dev.ts';
import { openapi } from './routes/openapi.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export const app = new Hono<EdgeEnv>();

app.use(async (c, next) => {
  const requestId = requestIdFrom(c.req.header('x-request-id'));
  c.set('requestId', requestId);
  const started = Date.now();
  await next();
  c.res.headers.set('X-Request-Id', requestId);
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if ((c.res.headers.get('content-type') ?? '').includes('text/html')) {
    c.res.headers.set('Content-Security-Policy', CSP);
    c.res.headers.set('X-Frame-Options', 'DENY');
  }
  console.log(JSON.stringify({ level: 'info', message: 'request', requestId, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Date.now() - started, cache: c.res.headers.get('x-cache') }));
});

app.use('/api/*', async (c, next) => {
  const allowed = (c.env.CORS_ORIGINS ?? '*').split(',').map((s) => s.trim());
  return cors({
    origin: allowed.includes('*') ? '*' : allowed,
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id', 'If-None-Match'],
    exposeHeaders: ['X-Request-Id', 'X-Cache', 'ETag', 'Retry-After'],
    maxAge: 600,
  })(c, next);
});

app.route('/', api);
app.route('/', dev);
app.route('/', openapi);

/** Unknown /api paths and wrong methods get the envelope; everything else is the web app. */
app.all('*', async (c) => {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/api/') || path === '/leaderboard') {
    const known = /^\/api\/(health|boards(\/[^/]+(\/(entries|players(\/[^/]+(\/around)?)?|scores(\/batch)?))?)?)$|^\/leaderboard$/.test(path);
    throw known ? new ApiError('method_not_allowed', `${c.req.method} is not allowed on ${path}`) : new ApiError('not_found', `No route for ${c.req.method} ${path}`);
  }
  if (c.env.ASSETS) {
    // A copy: the asset server's headers are immutable, and the middleware above adds security headers.
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    return new Response(asset.body, asset);
  }
  throw new ApiError('not_found', 'Not found');
});

app.onError((err, c) => {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  let api: ApiError;
  if (err instanceof ApiError) api = err;
  else if (err instanceof HTTPException && err.status < 500) api = new ApiError('invalid_request', err.message || 'Bad request');
  else {
    console.error(JSON.stringify({ level: 'error', message: 'unhandled error', requestId, error: String(err) }));
    api = new ApiError('internal', 'Internal error');
  }
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  if (api.retryAfterSeconds) headers['Retry-After'] = String(api.retryAfterSeconds);
  if (c.req.method === 'GET') headers['X-Cache'] = 'BYPASS';
  return c.json(api.toEnvelope(requestId), api.status as 400, headers);
});
