/** The origin's configuration, read once from the environment. */
import { readFileSync } from 'node:fs';
import type { CloudflareConfig } from './clients/cloudflare.ts';

export interface ValkeyConfig {
  addresses: { host: string; port: number }[];
  cluster: boolean;
  tls: boolean;
  /** PEM of a private CA to trust (local TLS cluster); unset = system roots (ElastiCache). */
  caPem?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface OriginConfig {
  supabaseUrl: string;
  supabaseServiceRoleKey: string;
  supabaseTimeoutMs: number;
  valkey: ValkeyConfig;
  /** IAM ARN the Function URL caller must have; unset disables the check (not for production). */
  edgePrincipalArn: string | null;
  defaultBoard: string;
  /** How many periods per board stay hot in Valkey (current plus previous by default). */
  hotPeriods: number;
  rebuildPageSize: number;
  /** How long a period's keys stay in Valkey after it leaves the hot window. */
  evictAfterSeconds: number;
  /** Cloudflare's zone purge API for the edge cache (docs/edge-cache.md); null when not set up. */
  cloudflare: CloudflareConfig | null;
  /** Source sync (origin/sources): fetch timeout, body size cap, retries and first backoff. */
  source: { allowLoopback: boolean; timeoutMs: number; maxBytes: number; retries: number; backoffMs: number };
  /**
   * Result webhooks (docs/results.md): loopback receivers (local stack only), the timeout of one
   * attempt, how many attempts a delivery gets, and the first retry delay (doubling, capped at an hour).
   */
  webhook: { allowLoopback: boolean; timeoutMs: number; maxAttempts: number; backoffSeconds: number };
  /** Snapshot walks of the top list (docs/paging.md): entries per snapshot, lifetime, sharing window. */
  snapshot: { topK: number; ttlSeconds: number; shareMs: number };
}

type Env = Record<string, string | undefined>;

/** Reads a required variable, failing loudly with its name when it is missing. */
function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

function int(env: Env, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, dflt: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  return raw === 'true' || raw === '1';
}

/** Parses `host:port[,host:port...]`. */
export function parseAddresses(value: string): { host: string; port: number }[] {
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const i = trimmed.lastIndexOf(':');
    const host = i > 0 ? trimmed.slice(0, i) : trimmed;
    const port = i > 0 ? Number(trimmed.slice(i + 1)) : 6379;
    if (!host || !Number.isInteger(port)) throw new Error(`Invalid Valkey address "${trimmed}" (want host:port)`);
    return { host, port };
  });
}

/** CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN go together: one without the other is a mistake, not "off". */
function cloudflareConfig(env: Env): CloudflareConfig | null {
  const zoneId = env.CLOUDFLARE_ZONE_ID;
  const apiToken = env.CLOUDFLARE_API_TOKEN;
  if (!zoneId && !apiToken) return null;
  if (!zoneId || !apiToken) throw new Error('CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN must be set together');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(zoneId)) throw new Error(`CLOUDFLARE_ZONE_ID must be a zone id, got "${zoneId}"`);
  const apiBase = env.CLOUDFLARE_API_BASE || 'https://api.cloudflare.com/client/v4';
  try {
    new URL(apiBase);
  } catch {
    throw new Error(`CLOUDFLARE_API_BASE must be a URL, got "${apiBase}"`);
  }
  return { apiBase, zoneId, apiToken, timeoutMs: Math.max(1, int(env, 'CLOUDFLARE_TIMEOUT_MS', 3000)) };
}

/** Builds the configuration from an environment (process.env by default). */
export function loadConfig(env: Env = process.env): OriginConfig {
  const caFile = env.VALKEY_CA_FILE;
  return {
    supabaseUrl: required(env, 'SUPABASE_URL'),
    supabaseServiceRoleKey: required(env, 'SUPABASE_SERVICE_ROLE_KEY'),
    supabaseTimeoutMs: int(env, 'SUPABASE_TIMEOUT_MS', 5000),
    valkey: {
      addresses: parseAddresses(required(env, 'VALKEY_ENDPOINT')),
      cluster: bool(env, 'VALKEY_CLUSTER', false),
      tls: bool(env, 'VALKEY_TLS', false),
      ...(caFile ? { caPem: readFileSync(caFile, 'utf8') } : env.VALKEY_CA_PEM ? { caPem: env.VALKEY_CA_PEM } : {}),
      connectTimeoutMs: int(env, 'VALKEY_CONNECT_TIMEOUT_MS', 2000),
      requestTimeoutMs: int(env, 'VALKEY_REQUEST_TIMEOUT_MS', 1000),
    },
    edgePrincipalArn: env.EDGE_PRINCIPAL_ARN || null,
    defaultBoard: env.DEFAULT_BOARD || 'global',
    hotPeriods: Math.max(1, int(env, 'HOT_PERIODS', 2)),
    rebuildPageSize: Math.max(1, int(env, 'REBUILD_PAGE_SIZE', 2000)),
    evictAfterSeconds: Math.max(1, int(env, 'EVICT_AFTER_SECONDS', 600)),
    cloudflare: cloudflareConfig(env),
    source: {
      // Local stack only: lets a source live on loopback. Never set on Lambda (127.0.0.1:9001 is the Runtime API).
      allowLoopback: bool(env, 'SOURCE_ALLOW_LOOPBACK', false),
      timeoutMs: Math.max(1, int(env, 'SOURCE_TIMEOUT_MS', 5000)),
      maxBytes: Math.max(1, int(env, 'SOURCE_MAX_BYTES', 5 * 1024 * 1024)),
      retries: int(env, 'SOURCE_RETRIES', 2),
      backoffMs: int(env, 'SOURCE_BACKOFF_MS', 250),
    },
    webhook: {
      // Local stack only, like SOURCE_ALLOW_LOOPBACK: never set on Lambda.
      allowLoopback: bool(env, 'WEBHOOK_ALLOW_LOOPBACK', false),
      timeoutMs: Math.max(1, int(env, 'WEBHOOK_TIMEOUT_MS', 5000)),
      maxAttempts: Math.max(1, int(env, 'WEBHOOK_MAX_ATTEMPTS', 12)),
      backoffSeconds: Math.max(1, int(env, 'WEBHOOK_BACKOFF_SECONDS', 30)),
    },
    snapshot: {
      topK: Math.max(1, int(env, 'SNAPSHOT_TOP_K', 10_000)),
      ttlSeconds: Math.max(2, int(env, 'SNAPSHOT_TTL_SECONDS', 60)),
      shareMs: int(env, 'SNAPSHOT_SHARE_MS', 1000),
    },
  };
}

let cached: OriginConfig | undefined;

/** The configuration of this execution environment, read on first use. */
export function config(): OriginConfig {
  return (cached ??= loadConfig());
}
