/**
 * The Lambda `context` object and the IAM caller identity the emulator hands to the handler.
 */
import { createHash } from 'node:crypto';
import type { ClientContext, Context } from 'aws-lambda';
import type { CallerIdentity } from './event.ts';

export interface FunctionInfo {
  region: string;
  accountId: string;
  functionName: string;
  /** The function's memory size in MB (`MemorySize`). */
  memoryMb: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable fake IAM unique id (`AIDA…` for users, `AROA…:session` for assumed roles) derived from the principal ARN. */
export function uniqueIdFor(principalArn: string): string {
  const digest = createHash('sha256').update(principalArn).digest();
  let body = '';
  for (let i = 0; i < 17; i++) body += BASE32[(digest[i] ?? 0) % 32];
  const assumed = /^arn:aws[\w-]*:sts::\d+:assumed-role\/[^/]+\/(.+)$/.exec(principalArn);
  return assumed ? `AROA${body}:${assumed[1]}` : `AIDA${body}`;
}

/** The caller identity for a verified access key. */
export function callerIdentity(accessKeyId: string, accountId: string, principalArn: string): CallerIdentity {
  return { accessKeyId, accountId, principalArn, userId: uniqueIdFor(principalArn) };
}

/** The unqualified function ARN. */
export function functionArn(fn: FunctionInfo): string {
  return `arn:aws:lambda:${fn.region}:${fn.accountId}:function:${fn.functionName}`;
}

/** A Lambda-like context object; `deadline` is the epoch ms at which the invocation times out. */
export function lambdaContext(fn: FunctionInfo, requestId: string, deadline: number, clientContext?: ClientContext): Context {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const noop = (): void => {};
  return {
    awsRequestId: requestId,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(fn),
    memoryLimitInMB: String(fn.memoryMb),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `${day}/[$LATEST]${createHash('md5').update(String(process.pid)).digest('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
    ...(clientContext ? { clientContext } : {}),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
