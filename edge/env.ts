/** Bindings of the edge Worker (vars and secrets in wrangler.toml / .dev.vars). */
export interface EdgeBindings {
  ASSETS?: { fetch: (req: Request) => Promise<Response> };
  /** Function URL of the origin, e.g. https://abc.lambda-url.eu-west-1.on.aws */
  ORIGIN_URL: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN?: string;
  ADMIN_API_KEY: string;
  /** Comma-separated game-server keys. */
  SERVER_API_KEYS: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS_URL?: string;
  /** Comma-separated allowed browser origins, or "*". */
  CORS_ORIGINS?: string;
  ORIGIN_TIMEOUT_MS?: string;
  /** Writes per window per player and per client IP; window in seconds. */
  RATE_LIMIT_WRITES?: string;
  RATE_LIMIT_WINDOW_SECONDS?: string;
  /** Default cache time when the origin does not say (seconds). */
  DEFAULT_CACHE_SECONDS?: string;
  /** "true" only in local development (.dev.vars, the local stack): enables /api/dev/* (edge/routes/dev.ts). */
  DEV_MODE?: string;
}

export interface EdgeEnv {
  Bindings: EdgeBindings;
  Variables: { requestId: string };
}

/** An integer var with a default. */
export function intVar(value: string | undefined, dflt: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? Math.floor(n) : dflt;
}
