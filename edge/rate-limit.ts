/**
 * Write rate limits per player and per client IP.
 *
 * A fixed window counted in this isolate. Cloudflare's rate-limiting binding is also per
 * location and eventually consistent; this keeps the same semantics (a cap per key per window
 * at each location) without depending on a binding that the local runtime only simulates.
 * A caller spread over many locations gets at most limit x locations per window.
 */
import { ApiError } from '../core/index.ts';

const windows = new Map<string, { start: number; count: number }>();

/** Counts one write for `key`; throws 429 with Retry-After when over `limit` in the window. */
export function takeToken(key: string, limit: number, windowSeconds: number, now = Date.now()): void {
  const windowMs = windowSeconds * 1000;
  let w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    w = { start: now, count: 0 };
    windows.set(key, w);
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
  }
  w.count++;
  if (w.count > limit) {
    throw new ApiError('rate_limited', 'Too many writes; slow down', undefined, Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)));
  }
}
