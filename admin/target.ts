/**
 * Which function the admin CLI invokes, from flags and environment only.
 *
 *   AWS      --function NAME (or LB_FUNCTION_NAME), with no endpoint: the deployed function, through the
 *            AWS SDK's default credential chain and AWS_REGION (or --region). The SDK's own
 *            AWS_ENDPOINT_URL_LAMBDA still applies, as for any AWS SDK client.
 *   endpoint --endpoint URL (or LB_LAMBDA_ENDPOINT): a Lambda emulator, e.g. the local stack's.
 *            Signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which --env-file FILE can load
 *            (the local stack's are in .dev.vars).
 *   default  neither: the local stack, i.e. --endpoint http://127.0.0.1:3001 --env-file .dev.vars.
 */
import { existsSync } from 'node:fs';
import type { InvokeTarget } from './invoke.ts';

/** The local stack's Lambda emulator (`npm start`), and the function name it serves. */
export const LOCAL_ENDPOINT = 'http://127.0.0.1:3001';
export const LOCAL_FUNCTION = 'leaderboard-origin';
export const LOCAL_ENV_FILE = '.dev.vars';
const DEFAULT_REGION = 'us-east-1';

export interface TargetOptions {
  function?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  'env-file'?: string | undefined;
}

/** Resolves the target from flags and process.env; throws a message for the user when something is missing. */
export function resolveTarget(flags: TargetOptions): InvokeTarget {
  const env = process.env;
  const functionName = flags.function ?? env.LB_FUNCTION_NAME;
  const endpoint = flags.endpoint ?? env.LB_LAMBDA_ENDPOINT;
  if (flags['env-file']) loadEnvFile(flags['env-file']);
  if (functionName && !endpoint) return { functionName, region: flags.region ?? env.AWS_REGION ?? DEFAULT_REGION };
  if (!endpoint && !flags['env-file'] && existsSync(LOCAL_ENV_FILE)) loadEnvFile(LOCAL_ENV_FILE);
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('No credentials for the emulator: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --env-file (`npm start` writes the local ones to .dev.vars). For AWS, pass --function.');
  }
  return {
    functionName: functionName ?? LOCAL_FUNCTION,
    region: flags.region ?? env.AWS_REGION ?? DEFAULT_REGION,
    endpoint: endpoint ?? LOCAL_ENDPOINT,
    credentials: { accessKeyId, secretAccessKey },
  };
}

/** Loads KEY=VALUE lines into process.env; a variable already set keeps its value. */
function loadEnvFile(path: string): void {
  if (!existsSync(path)) throw new Error(`--env-file ${path} does not exist`);
  process.loadEnvFile(path);
}
