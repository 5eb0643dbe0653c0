/**
 * Invokes the origin function's maintenance tasks through the Lambda Invoke API.
 * Against AWS it uses the default credential chain; against an emulator, the target's endpoint and credentials (admin/target.ts).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

export interface InvokeTarget {
  functionName: string;
  region: string;
  /** Set for the local emulator; unset for AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type TaskReply<T = unknown> = { ok: true; task: string; result: T } | { ok: false; task: string | null; error: { code: string; message: string; details?: Record<string, unknown> } };

/** Sends `{ task, ...args }` and returns the task's reply; throws when the function itself failed. */
export async function invokeTask<T = unknown>(target: InvokeTarget, task: string, args: Record<string, unknown> = {}): Promise<TaskReply<T>> {
  const client = new LambdaClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
  });
  try {
    const out = await client.send(new InvokeCommand({ FunctionName: target.functionName, Payload: JSON.stringify({ task, ...args }) }));
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
    if (out.FunctionError) throw new Error(`The function failed (${out.FunctionError}): ${text}`);
    return JSON.parse(text) as TaskReply<T>;
  } finally {
    client.destroy();
  }
}
