/** GET /api/health: checks Valkey and Supabase from the origin. */
import { Hono } from 'hono';
import type { OriginEnv } from '../http/env.ts';
import type { Log } from '../logger.ts';

/** 'ok' or 'failed'; the error itself goes to the log only, never into the answer. */
async function check(what: string, fn: () => Promise<unknown>, log: Log): Promise<'ok' | 'failed'> {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    log('warn', 'health check failed', { what, error: String(err) });
    return 'failed';
  }
}

export const health = new Hono<OriginEnv>().get('/', async (c) => {
  const deps = c.get('deps');
  const [valkey, supabase] = await Promise.all([check('valkey', async () => (await deps.projection()).ping(), deps.log), check('supabase', () => deps.record.health(), deps.log)]);
  const ok = valkey === 'ok' && supabase === 'ok';
  const body = { status: ok ? 'ok' : 'unavailable', origin: 'ok', valkey, supabase };
  if (!ok) c.header('Retry-After', '2');
  return c.json(body, ok ? 200 : 503);
});
