/**
 * GET /api/health: edge liveness, answered here without any origin call.
 * GET /api/health/deep: the admin's check of the origin, Valkey and Supabase. Each part is
 * "ok" or "failed"; no raw error text reaches the answer (the origin logs it).
 */
import { Hono } from 'hono';
import { ApiError } from '../../core/index.ts';
import { authenticate } from '../auth.ts';
import type { EdgeEnv } from '../env.ts';
import { forwardToOrigin, ORIGIN_REFUSED } from '../origin-client.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Cache': 'BYPASS' };
const part = (v: unknown) => (v === 'ok' ? 'ok' : 'failed');

export const health = new Hono<EdgeEnv>()
  .get('/', (c) => c.json({ status: 'ok', edge: 'ok' }, 200, NO_STORE))
  .all('/', methodNotAllowed)
  .get('/deep', async (c) => {
    const principal = await authenticate(c.req.header('authorization'), c.env);
    if (principal.kind !== 'admin') throw new ApiError('forbidden', 'Only the admin may run the deep health check');
    let origin: Response;
    try {
      origin = await forwardToOrigin(c.env, { method: 'GET', pathAndQuery: '/api/health', headers: new Headers(), requestId: c.get('requestId'), log: c.get('log') });
    } catch (err) {
      const reason = err instanceof ApiError && err.message === ORIGIN_REFUSED ? 'refused' : 'unreachable';
      return c.json({ status: 'unavailable', edge: 'ok', origin: reason, valkey: 'unknown', supabase: 'unknown' }, 503, { ...NO_STORE, 'Retry-After': '2' });
    }
    const body = (await origin.json().catch(() => ({}))) as Record<string, unknown>;
    const ok = origin.status === 200;
    return c.json({ status: ok ? 'ok' : 'unavailable', edge: 'ok', origin: origin.status < 500 || 'valkey' in body ? 'ok' : 'failed', valkey: part(body.valkey), supabase: part(body.supabase) }, ok ? 200 : 503, NO_STORE);
  })
  .all('/deep', methodNotAllowed);
