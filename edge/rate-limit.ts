/**
 * Rate limits at the edge: writes per player and per client IP, and cache misses (public reads
 * that cost an origin trip) per client IP. Hits are never counted.
 *
 * A fixed window counted in this isolate. Cloudflare's rate-limiting binding is per location and
 * eventually consistent; it takes its limit and period (10 or 60 s only) from wrangler.toml, not
 * from vars, so the limits here could not be configured per environment or lowered for tests.
 * A caller spread over many isolates or locations gets at most limit x isolates per window.
 */
import { ApiError } from '../core/index.ts';
import type { EdgeConfig } from './config.ts';

const windows = new Map<string, { start: number; count: number }>();

/** Counts one event for `key`; throws 429 with Retry-After when over `limit` in the window. */
export function takeToken(key: string, limit: number, windowSeconds: number, now = Date.now(), what = 'writes'): void {
  const windowMs = windowSeconds * 1000;
  let w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    w = { start: now, count: 0 };
    windows.set(key, w);
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
  }
  w.count++;
  if (w.count > limit) {
    throw new ApiError('rate_limited', `Too many ${what}; slow down`, undefined, Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)));
  }
}

/** Counts one cache miss for a client IP. */
export function takeMiss(cfg: EdgeConfig, ip: string): void {
  takeToken(`miss:${ip}`, cfg.rateLimit.misses, cfg.rateLimit.windowSeconds, Date.now(), 'uncached reads');
}
