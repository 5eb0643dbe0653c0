/**
 * Starts the local stack on the test ports (never the `npm start` ports) for the integration
 * project, and stops it afterwards. LB_TEST_VALKEY=cluster uses the 3-shard TLS cluster.
 * Tests find the stack through the LB_TEST_* environment variables set here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PORTS } from '../../dev/local-config.ts';
import { startStack, type Stack, type StackOptions } from '../../dev/stack/stack.ts';

let stack: Stack | undefined;
let dataDir: string | undefined;

/** A fresh data directory for one test stack. */
export function testDataDir(): string {
  dataDir ??= mkdtempSync(join(tmpdir(), 'lb-test-'));
  return dataDir;
}

/** Starts a test stack (the origin from its TypeScript source unless `originHandler` is set) and publishes it as LB_TEST_*. */
export async function startTestStack({
  ports = TEST_PORTS,
  valkey = process.env.LB_TEST_VALKEY === 'cluster' ? 'cluster' : 'standalone',
  ...origin
}: Partial<Pick<StackOptions, 'ports' | 'valkey' | 'originHandler' | 'originNodePath'>> = {}): Promise<Stack> {
  const dir = testDataDir();
  stack = await startStack({ ports, valkey, dataDir: dir, ...origin, log: (l) => console.log(`[stack] ${l}`) });
  process.env.LB_TEST_EDGE = stack.urls.edge;
  process.env.LB_TEST_EMULATOR = stack.urls.emulator;
  process.env.LB_TEST_GATEWAY = stack.urls.gateway;
  process.env.LB_TEST_VALKEY_ENDPOINT = stack.valkeyEndpoint;
  process.env.LB_TEST_VALKEY_CA = stack.valkeyCluster?.caFile ?? '';
  process.env.LB_TEST_LOGS = join(dir, 'logs');
  for (const [k, v] of Object.entries(stack.devVars)) process.env[`LB_TEST_VAR_${k}`] = v;
  return stack;
}

export async function setup(): Promise<void> {
  await startTestStack();
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dataDir && !process.env.LB_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
}
