/**
 * Runs the local RPC gateway: `tsx dev/gateway/main.ts`.
 * Env: GATEWAY_PORT (default 54321), DATABASE_URL (a Postgres server) else PGLITE_DIR
 * (persistent PGlite; unset = in-memory), MIGRATIONS_DIR (default supabase/migrations),
 * SUPABASE_SERVICE_ROLE_KEY, SUPABASE_ANON_KEY (defaults from dev/local-config.ts),
 * GATEWAY_LOG_REQUESTS=1 to log each request as a JSON line on stderr.
 * Prints exactly one stdout line when ready: `gateway ready http://127.0.0.1:<port> (<kind>)`.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { DEV_PORTS, LOCAL_SUPABASE } from '../local-config.ts';
import { applyMigrations } from '../postgres/migrate.ts';
import { openPglite } from '../postgres/pglite.ts';
import { openPostgres } from '../postgres/node-postgres.ts';
import type { Sql } from '../postgres/sql.ts';
import { startGateway } from './gateway.ts';
import type { RunningGateway } from './gateway.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function logJson(level: 'error' | 'info', msg: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'gateway', msg, ...extra })}\n`);
}

function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err) };
  const code = (err as { code?: unknown }).code;
  return { error: err.message, ...(typeof code === 'string' ? { code } : {}) };
}

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.GATEWAY_PORT ?? DEV_PORTS.gateway);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid GATEWAY_PORT: ${env.GATEWAY_PORT}`);
  const migrationsDir = env.MIGRATIONS_DIR ? resolve(env.MIGRATIONS_DIR) : resolve(ROOT, 'supabase/migrations');

  let sql: Sql | null = null;
  let gateway: RunningGateway | null = null;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await gateway?.stop();
      await sql?.close(); // flushes and unlocks a PGlite data dir
    } catch (err) {
      logJson('error', 'shutdown failed', errorFields(err));
      code = code || 1;
    }
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal while closing: give up waiting
      void shutdown(0);
    });
  }
  process.on('uncaughtException', (err) => {
    logJson('error', 'uncaught exception', errorFields(err));
    void shutdown(1);
  });
  process.on('unhandledRejection', (err) => logJson('error', 'unhandled rejection', errorFields(err)));

  try {
    sql = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite({ dataDir: env.PGLITE_DIR || undefined });
    await applyMigrations(sql, migrationsDir, (msg) => logJson('info', msg));
    gateway = await startGateway({
      sql,
      port,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY || LOCAL_SUPABASE.serviceRoleKey,
      anonKey: env.SUPABASE_ANON_KEY || LOCAL_SUPABASE.anonKey,
      ...(env.GATEWAY_LOG_REQUESTS === '1' ? { log: (entry) => logJson('info', 'request', { ...entry }) } : {}),
    });
  } catch (err) {
    logJson('error', 'gateway failed to start', errorFields(err));
    await shutdown(1);
    return;
  }
  if (stopping) return;
  process.stdout.write(`gateway ready ${gateway.url} (${sql.kind})\n`);
}

void main();
