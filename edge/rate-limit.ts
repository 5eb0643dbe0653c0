/**
 * Rate limits at the edge, counted by Cloudflare's rate-limiting binding
 * (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/): per Cloudflare
 * location, shared by every isolate there, eventually consistent. Each binding's limit and period
 * (10 or 60 s) are set in wrangler.toml (`[[ratelimits]]`; `[env.test]` has lower ones for the
 * integration tests); the local runtime (miniflare) emulates it.
 *
 * - WRITE_LIMITER: writes with a player token, per client IP (`ip:`) and per player (`player:`).
 * - KEY_WRITE_LIMITER: writes with the admin key or a server key, one bucket per kind (`key:`).
 * - MISS_LIMITER: public reads that cost an origin trip, per client IP (`miss:`), and a player's
 *   own uncached reads (`me:`). Hits are never counted.
 *
 * A binding that is absent (a unit test's bindings) or fails to answer limits nothing.
 */
import { ApiError } from '../core/index.ts';

/** The period of every `[[ratelimits]]` binding in wrangler.toml: Retry-After never asks for more. */
export const LIMIT_PERIOD_SECONDS = 60;

/** Counts one event for `key`; throws 429 with Retry-After when the binding says it is over its limit. */
export async function takeToken(limiter: RateLimit | undefined, key: string, what: string): Promise<void> {
  if (!limiter) return;
  const { success } = await limiter.limit({ key }).catch(() => ({ success: true }));
  // The binding tells no reset time: its period is the longest a caller can have to wait.
  if (!success) throw new ApiError('rate_limited', `Too many ${what}; slow down`, undefined, LIMIT_PERIOD_SECONDS);
}
