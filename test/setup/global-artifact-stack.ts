/**
 * The e2e project's stack: the origin runs from the built artifact, not the TypeScript source.
 * Builds dist/origin/index.cjs and a GLIDE layer for this machine's CPU (dist/layer-test; the
 * shipped dist/layer is arm64 and cannot load here), lays both out as Lambda mounts them
 * (/var/task, /opt/nodejs/node_modules) in the test's data directory, outside the repository, and
 * runs the emulator with Lambda's NODE_PATH. GLIDE can then only come from the layer.
 * Valkey is the 3-shard TLS cluster, as in production, unless LB_TEST_VALKEY=standalone. Ports: E2E_PORTS.
 */
import { join } from 'node:path';
import { E2E_PORTS } from '../../dev/local-config.ts';
import { stageLocalLambda } from '../../build/lambda-fs.ts';
import { formatBytes } from '../../build/paths.ts';
import { startTestStack, teardown, testDataDir } from './global-stack.ts';

export async function setup(): Promise<void> {
  const fs = await stageLocalLambda({ root: join(testDataDir(), 'lambda'), log: (l) => console.log(`[e2e] ${l}`) });
  console.log(`[e2e] built ${fs.origin.file} (${formatBytes(fs.origin.bytes)})`);
  console.log(`[e2e] layer ${fs.layer.dir} holds ${fs.layer.nativePackage} ${fs.layer.glideVersion}`);
  const stack = await startTestStack({
    ports: E2E_PORTS,
    valkey: process.env.LB_TEST_VALKEY === 'standalone' ? 'standalone' : 'cluster',
    originHandler: fs.handlerPath,
    originNodePath: fs.nodePath,
  });
  process.env.LB_TEST_LAMBDA_ROOT = fs.root;
  process.env.LB_TEST_LAMBDA_HANDLER = fs.handlerPath;
  process.env.LB_TEST_LAMBDA_LAYER = fs.layerModules;
  process.env.LB_TEST_LAMBDA_NODE_PATH = fs.nodePath.join(':');
  process.env.LB_TEST_EMULATOR_PID = String(stack.emulator.pid);
}

export { teardown };
