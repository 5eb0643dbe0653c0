/**
 * Starts the local stack on the test ports (never the `npm start` ports) for the integration
 * project, and stops it afterwards. LB_TEST_VALKEY=cluster uses the 3-shard TLS cluster, and
 * LB_TEST_POSTGRES=pg15 the machine's PostgreSQL 15 instead of PGlite.
 * Tests find the stack through the LB_TEST_* environment variables set here, and can stop and
 * start the origin through a small loopback control server (LB_TEST_CONTROL).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AWS, TEST_PORTS } from '../../dev/local-config.ts';
import { startStack, type Stack, type StackOptions } from '../../dev/stack/stack.ts';
import { verifyEveryBoard } from './suite-check.ts';

/** Write limits of the test edge, per 60 s: low enough that a test can reach them (wrangler.toml `[env.test]`, WRITE_LIMITER). */
export const TEST_RATE_LIMIT_WRITES = 40;
/** Cache misses per client IP per 60 s at the test edge (`[env.test]`, MISS_LIMITER; requests without CF-Connecting-IP are not counted). */
export const TEST_RATE_LIMIT_MISSES = 25;

/** Live streams at the test edge (docs/live.md): per client IP per board, per board, and events retained for replay. */
export const TEST_LIVE_MAX_PER_IP = 3;
export const TEST_LIVE_MAX_PER_BOARD = 6;
export const TEST_LIVE_RETAIN_EVENTS = 20;

let stack: Stack | undefined;
let control: Server | undefined;
let dataDir: string | undefined;

/** POST /emulator/stop and /emulator/start: take the origin down and bring it back. */
function startControl(s: Stack): Promise<string> {
  const actions: Record<string, () => Promise<void>> = {
    '/emulator/stop': () => s.emulator.stop(),
    '/emulator/start': () => s.restartEmulator(),
  };
  control = createServer((req, res) => {
    const action = req.method === 'POST' ? actions[req.url ?? ''] : undefined;
    if (!action) return void res.writeHead(404).end();
    action().then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  return new Promise((resolve) => control!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(control!.address() as AddressInfo).port}`)));
}

/** A fresh data directory for one test stack. */
export function testDataDir(): string {
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-test-'));
    chmodSync(dataDir, 0o755); // PostgreSQL 15 runs as its own user and must reach its data dir inside
  }
  return dataDir;
}

/**
 * Starts a test stack (the origin from its TypeScript source unless `originHandler` is set),
 * publishes it as LB_TEST_*, and starts the control server.
 */
export async function startTestStack({
  ports = TEST_PORTS,
  valkey = process.env.LB_TEST_VALKEY === 'cluster' ? 'cluster' : 'standalone',
  ...origin
}: Partial<Pick<StackOptions, 'ports' | 'valkey' | 'originHandler' | 'originNodePath'>> = {}): Promise<Stack> {
  const dir = testDataDir();
  stack = await startStack({
    ports,
    valkey,
    // LB_TEST_POSTGRES=pg15: the machine's PostgreSQL 15, so concurrent writes really run concurrently (PGlite runs one query at a time).
    ...(process.env.LB_TEST_POSTGRES === 'pg15' ? { postgres: 'pg15' } : {}),
    dataDir: dir,
    ...origin,
    // A long origin timeout: the test machine may be busy, and a timed-out write is ambiguous.
    edgeEnv: 'test',
    edgeVars: {
      ORIGIN_TIMEOUT_MS: '20000',
      LIVE_MAX_PER_IP: String(TEST_LIVE_MAX_PER_IP),
      LIVE_MAX_PER_BOARD: String(TEST_LIVE_MAX_PER_BOARD),
      LIVE_RETAIN_EVENTS: String(TEST_LIVE_RETAIN_EVENTS),
      LIVE_HEARTBEAT_SECONDS: '1',
    },
    log: (l) => console.log(`[stack] ${l}`),
  });
  process.env.LB_TEST_EDGE = stack.urls.edge;
  process.env.LB_TEST_EMULATOR = stack.urls.emulator;
  process.env.LB_TEST_GATEWAY = stack.urls.gateway;
  process.env.LB_TEST_CLOUDFLARE = stack.urls.cloudflare;
  process.env.LB_TEST_VALKEY_ENDPOINT = stack.valkeyEndpoint;
  process.env.LB_TEST_VALKEY_CA = stack.valkeyCluster?.caFile ?? '';
  process.env.LB_TEST_LOGS = join(dir, 'logs');
  process.env.LB_TEST_ORIGIN_ENV = JSON.stringify(stack.originEnv);
  process.env.LB_TEST_CONTROL = await startControl(stack);
  for (const [k, v] of Object.entries(stack.devVars)) process.env[`LB_TEST_VAR_${k}`] = v;
  return stack;
}

export async function setup(): Promise<void> {
  await startTestStack();
}

/** After the suite: Valkey must agree with Supabase on every board the suite wrote (see suite-check.ts). */
async function verifyAfterSuite(s: Stack): Promise<void> {
  const target = { functionName: LOCAL_AWS.functionName, region: LOCAL_AWS.region, endpoint: s.urls.emulator, credentials: { accessKeyId: s.devVars.AWS_ACCESS_KEY_ID!, secretAccessKey: s.devVars.AWS_SECRET_ACCESS_KEY! } };
  const outcome = await verifyEveryBoard(target).catch((err: unknown) => ({ name: 'verify every board and period after the suite', ok: false, detail: String(err) }));
  console.log(`[stack] ${outcome.name}: ${outcome.ok ? 'ok' : 'FAILED'}, ${outcome.detail}`);
  // Vitest only logs errors thrown here, so the phase runner (test/run.ts) reads the outcome from this file.
  if (process.env.LB_SUITE_CHECK_FILE) writeFileSync(process.env.LB_SUITE_CHECK_FILE, JSON.stringify(outcome));
}

export async function teardown(): Promise<void> {
  await new Promise((r) => (control ? control.close(r) : r(undefined)));
  try {
    if (stack) await verifyAfterSuite(stack);
  } finally {
    await stack?.stop();
  }
  if (!dataDir) return;
  // LB_KEEP_TEST_DATA=1 keeps the logs (logs/*.log, and pg15/postgres.log with LB_TEST_POSTGRES=pg15).
  if (process.env.LB_KEEP_TEST_DATA) console.log(`[stack] kept the stack's data and logs in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
