/**
 * Starts the local stack on the test ports (never the `npm start` ports) for the integration
 * project, and stops it afterwards. LB_TEST_VALKEY=cluster uses the 3-shard TLS cluster.
 * Tests find the stack through the LB_TEST_* environment variables set here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PORTS } from '../../dev/local-config.ts';
import { startStack, type Stack } from '../../dev/stack/stack.ts';

let stack: Stack | undefined;
let dataDir: string | undefined;

export async function setup(): Promise<void> {
  const valkey = process.env.LB_TEST_VALKEY === 'cluster' ? 'cluster' : 'standalone';
  dataDir = mkdtempSync(join(tmpdir(), 'lb-test-'));
  stack = await startStack({ ports: TEST_PORTS, valkey, dataDir, log: (l) => console.log(`[stack] ${l}`) });
  process.env.LB_TEST_EDGE = stack.urls.edge;
  process.env.LB_TEST_EMULATOR = stack.urls.emulator;
  process.env.LB_TEST_GATEWAY = stack.urls.gateway;
  process.env.LB_TEST_VALKEY_ENDPOINT = stack.valkeyEndpoint;
  process.env.LB_TEST_VALKEY_CA = stack.valkeyCluster?.caFile ?? '';
  process.env.LB_TEST_LOGS = join(dataDir, 'logs');
  process.env.LB_TEST_ORIGIN_ENV = JSON.stringify(stack.originEnv);
  for (const [k, v] of Object.entries(stack.devVars)) process.env[`LB_TEST_VAR_${k}`] = v;
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dataDir && !process.env.LB_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
}
