/**
 * Runs the Function URL emulator: `tsx dev/emulator/main.ts`. Env: EMULATOR_PORT, EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY,
 * EMULATOR_SESSION_TOKEN, AWS_REGION, EMULATOR_PRINCIPAL_ARN, EMULATOR_FUNCTION_NAME, ORIGIN_HANDLER, EMULATOR_TIMEOUT_MS, EMULATOR_LOG=off.
 */
import { LOCAL_AWS } from '../local-config.ts';
import { startEmulator } from './emulator.ts';
import { importHandler } from './load-handler.ts';

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
  const principalArn = env['EMULATOR_PRINCIPAL_ARN'] || LOCAL_AWS.principalArn;
  const accountId = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principalArn)?.[1] ?? LOCAL_AWS.accountId;
  const sessionToken = env['EMULATOR_SESSION_TOKEN'];
  const handlerPath = env['ORIGIN_HANDLER'] || 'origin/handler.ts';
  const quiet = env['EMULATOR_LOG'] === 'off';
  const timeoutMs = Number(env['EMULATOR_TIMEOUT_MS']) || undefined;

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
