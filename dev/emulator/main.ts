/**
 * Runs the Function URL emulator: `tsx dev/emulator/main.ts`. Env: EMULATOR_PORT, EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY,
 * EMULATOR_SESSION_TOKEN, AWS_REGION, EMULATOR_PRINCIPAL_ARN, EMULATOR_FUNCTION_NAME, ORIGIN_HANDLER, EMULATOR_TIMEOUT_MS, EMULATOR_LOG=off,
 * AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default: template.yaml's MemorySize), and the origin's own environment.
 * Lambda's heap limits for that size are Node flags, so they apply only when the launcher passes them
 * (lambda-heap.ts; the local stack does). Each one unset gets the local stack's value (localDefaults), so that run alone
 * it serves the origin to the edge of `wrangler dev`, against the gateway and Valkey of the README's "Running one part alone".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_PORTS, LOCAL_AWS, LOCAL_SUPABASE } from '../local-config.ts';
import { parseVars } from '../stack/dev-vars.ts';
import { startEmulator } from './emulator.ts';
import { templateMemorySize } from './lambda-heap.ts';
import { importHandler } from './load-handler.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The local stack's settings: the edge's credentials from .dev.vars (or .dev.vars.example when
 * `npm start` has not written it yet), and the origin's environment of dev/stack/stack.ts with the ports of `npm start`.
 */
function localDefaults(root: string = ROOT): Record<string, string> {
  const file = [join(root, '.dev.vars'), join(root, '.dev.vars.example')].find((f) => existsSync(f));
  const vars = file ? parseVars(readFileSync(file, 'utf8')) : {};
  return {
    ...(vars.AWS_ACCESS_KEY_ID ? { EMULATOR_ACCESS_KEY_ID: vars.AWS_ACCESS_KEY_ID } : {}),
    ...(vars.AWS_SECRET_ACCESS_KEY ? { EMULATOR_SECRET_ACCESS_KEY: vars.AWS_SECRET_ACCESS_KEY } : {}),
    SUPABASE_URL: `http://127.0.0.1:${DEV_PORTS.gateway}`,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SUPABASE.serviceRoleKey,
    VALKEY_ENDPOINT: `127.0.0.1:${DEV_PORTS.valkey}`,
    EDGE_PRINCIPAL_ARN: LOCAL_AWS.principalArn,
    AWS_REGION: LOCAL_AWS.region,
    SOURCE_ALLOW_LOOPBACK: 'true',
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    // Lambda sets it for the function.
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(templateMemorySize(root)),
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`emulator: ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const env = process.env;
  // Variables already set win; the handler reads the origin's from process.env when it loads.
  for (const [name, value] of Object.entries(localDefaults())) if (!env[name]) env[name] = value;
  const principalArn = env['EMULATOR_PRINCIPAL_ARN'] || LOCAL_AWS.principalArn;
  const accountId = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principalArn)?.[1] ?? LOCAL_AWS.accountId;
  const sessionToken = env['EMULATOR_SESSION_TOKEN'];
  const handlerPath = env['ORIGIN_HANDLER'] || 'origin/handler.ts';
  const quiet = env['EMULATOR_LOG'] === 'off';
  const timeoutMs = Number(env['EMULATOR_TIMEOUT_MS']) || undefined;
  const memoryMb = Number(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']);

  const running = await startEmulator({
    port: Number(env['EMULATOR_PORT'] || 3001),
    host: '127.0.0.1',
    credentials: {
      accessKeyId: required('EMULATOR_ACCESS_KEY_ID'),
      secretAccessKey: required('EMULATOR_SECRET_ACCESS_KEY'),
      ...(sessionToken ? { sessionToken } : {}),
    },
    region: env['AWS_REGION'] || LOCAL_AWS.region,
    accountId,
    principalArn,
    functionName: env['EMULATOR_FUNCTION_NAME'] || LOCAL_AWS.functionName,
    ...(memoryMb > 0 ? { memoryMb } : {}),
    loadHandler: () => importHandler(handlerPath),
    ...(timeoutMs ? { timeoutMs } : {}),
    log: (line) => {
      if (!quiet) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
    },
  });
  process.stdout.write(`emulator ready ${running.url}\n`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    running.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
