/**
 * The edge's configuration, read once per set of bindings, typed, and strict: a malformed value
 * fails every request with the variable's name in the log instead of silently falling back.
 * Bindings are the same object for the life of an isolate, so the parse runs once.
 */
import type { EdgeBindings } from './env.ts';

export interface EdgeConfig {
  originUrl: string;
  originTimeoutMs: number;
  /** Fresh time of a view when the origin does not say (seconds). */
  defaultCacheSeconds: number;
  corsOrigins: string[] | '*';
  /** The board behind /leaderboard. */
  defaultBoard: string;
  devMode: boolean;
}

/** An integer variable in [min, max], or `dflt` when unset; throws naming the variable otherwise. */
export function int(env: EdgeBindings, name: string, dflt: number, min: number, max: number): number {
  const raw = (env as unknown as Record<string, string | undefined>)[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`Edge variable ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function required(env: EdgeBindings, name: string): string {
  const raw = (env as unknown as Record<string, string | undefined>)[name];
  if (!raw) throw new Error(`Missing required edge variable ${name}`);
  return raw;
}

/** Parses the bindings; throws naming the variable when one is malformed. */
export function parseConfig(env: EdgeBindings): EdgeConfig {
  const originUrl = required(env, 'ORIGIN_URL');
  try {
    new URL(originUrl);
  } catch {
    throw new Error(`Edge variable ORIGIN_URL must be a URL, got "${originUrl}"`);
  }
  const cors = (env.CORS_ORIGINS ?? '*').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    originUrl,
    originTimeoutMs: int(env, 'ORIGIN_TIMEOUT_MS', 5000, 100, 60_000),
    defaultCacheSeconds: int(env, 'DEFAULT_CACHE_SECONDS', 5, 1, 3600),
    corsOrigins: cors.length === 0 || cors.includes('*') ? '*' : cors,
    defaultBoard: 'global',
    devMode: env.DEV_MODE === 'true',
  };
}

const parsed = new WeakMap<object, EdgeConfig>();

/** The configuration of these bindings, parsed on first use. */
export function edgeConfig(env: EdgeBindings): EdgeConfig {
  let cfg = parsed.get(env);
  if (!cfg) {
    cfg = parseConfig(env);
    parsed.set(env, cfg);
  }
  return cfg;
}
