/** GET /api/health: checks Valkey and Supabase from the origin. */
import { Hono } from 'hono';
import type { OriginEnv } from '../http/env.ts';

async function check(fn: () => Promise<unknown>): Promise<'ok' | string> {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message.slice(0, 200) : 'failed';
  }
}

export const health = new Hono<OriginEnv>().get('/', async (c) => {
  const deps = c.get('deps');
  const [valkey, supabase] = await Promise.all([check(async () => (await deps.projection()).ping()), check(() => deps.record.health())]);
  const ok = valkey === 'ok' && supabase === 'ok';
  const body = { status: ok ? 'ok' : 'unavailable', origin: 'ok', valkey, supabase };
  if (!ok) c.header('Retry-After', '2');
  return c.json(body, ok ? 200 : 503);
});
