/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/:name/invocations`), enough for `@aws-sdk/client-lambda`'s InvokeCommand.
 */
import type { IncomingMessage } from 'node:http';
import type { ClientContext } from 'aws-lambda';
import type { Answer, AnswerHeaders } from './answer.ts';
import { awsErrorResponse } from './aws-errors.ts';
import { functionArn, lambdaContext } from './context.ts';
import { authenticate, describeError, logBase, startCall } from './shared.ts';
import type { EmulatorShared, RequestInfo } from './shared.ts';
import type { InvokeOutcome } from './runtime.ts';

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** True when `name` (a name, partial ARN or ARN, optionally qualified) designates the emulated function's $LATEST. */
export function matchesFunction(shared: EmulatorShared, name: string, qualifier: string | undefined): boolean {
  const arn = functionArn(shared.fn);
  const partial = `${shared.fn.accountId}:function:${shared.fn.functionName}`;
  const candidates = [shared.fn.functionName, arn, partial];
  let nameQualifier: string | undefined;
  if (!candidates.includes(name)) {
    const cut = name.lastIndexOf(':');
    if (cut < 0 || !candidates.includes(name.slice(0, cut))) return false;
    nameQualifier = name.slice(cut + 1);
  }
  if (nameQualifier !== undefined && qualifier !== undefined && nameQualifier !== qualifier) return false;
  const q = qualifier ?? nameQualifier;
  return q === undefined || q === '$LATEST';
}

function errorPayload(outcome: Exclude<InvokeOutcome, { ok: true }>, requestId: string, timeoutMs: number): Record<string, unknown> {
  if (outcome.kind === 'timeout') {
    return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` };
  }
  const err = describeError(outcome.error);
  const errorType = outcome.kind === 'init' ? 'Runtime.ImportModuleError' : err.name;
  return { errorType, errorMessage: err.message, trace: err.stack ? err.stack.split('\n') : [] };
}

function parseClientContext(header: string | null): ClientContext | undefined {
  if (!header) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ClientContext;
  } catch {
    return undefined;
  }
}

function tailLog(requestId: string, ms: number, memoryMb: number): string {
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${Math.round(process.memoryUsage().rss / 1048576)} MB\t`,
  ];
  return Buffer.from(lines.join('\n') + '\n').toString('base64');
}

/** The Invoke API's path; the function name (percent-decoded) is its one segment. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** The function name of an Invoke API path, or null for any other path. */
export function invokedName(pathname: string): string | null {
  const segment = INVOKE_PATH.exec(pathname)?.[1];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Handles one Invoke API call (`POST` to the path {@link invokedName} matches). */
export async function invokeApiCall(incoming: IncomingMessage, info: RequestInfo, name: string, shared: EmulatorShared): Promise<Answer> {
  const { requestId, startedAt, finish } = startCall('invoke', info, shared);

  const auth = await authenticate(incoming, info, shared, requestId);
  if (!auth.ok) return finish(auth.answer, { rejected: auth.reason });

  if (!matchesFunction(shared, name, info.url.searchParams.get('Qualifier') ?? undefined)) {
    const message = `Function not found: ${name.startsWith('arn:') ? name : `${functionArn({ ...shared.fn, functionName: name })}`}`;
    return finish(awsErrorResponse(404, 'ResourceNotFoundException', { Type: 'User', message }, requestId));
  }
  const invocationType = info.headers.get('x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(invocationType)) {
    const message = `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`;
    return finish(awsErrorResponse(400, 'ValidationException', { message }, requestId));
  }
  let event: unknown = {};
  if (auth.body.byteLength > 0) {
    try {
      event = JSON.parse(Buffer.from(auth.body).toString('utf8'));
    } catch (error) {
      const message = `Could not parse request body into json: ${describeError(error).message}`;
      return finish(awsErrorResponse(400, 'InvalidRequestContentException', { Type: 'User', message }, requestId));
    }
  }
  const baseHeaders: AnswerHeaders = { 'x-amzn-requestid': requestId };
  if (invocationType === 'DryRun') return finish({ status: 204, headers: baseHeaders, body: null });

  const clientContext = parseClientContext(info.headers.get('x-amz-client-context'));
  const context = lambdaContext(shared.fn, requestId, Date.now() + shared.timeoutMs, clientContext);
  shared.record(info.url.pathname);
  if (invocationType === 'Event') {
    void shared.runtime.invoke(event, context, shared.timeoutMs).then((outcome) => {
      if (!outcome.ok) shared.log({ ...logBase('invoke', info, requestId, startedAt), async: true, failure: outcome.kind, error: describeError(outcome.error) });
    });
    return finish({ status: 202, headers: baseHeaders, body: null });
  }

  const outcome = await shared.runtime.invoke(event, context, shared.timeoutMs);
  const headers: AnswerHeaders = { ...baseHeaders, 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
  if (info.headers.get('x-amz-log-type') === 'Tail') headers['x-amz-log-result'] = tailLog(requestId, performance.now() - startedAt, shared.fn.memoryMb);
  if (!outcome.ok) {
    headers['x-amz-function-error'] = 'Unhandled';
    const payload = errorPayload(outcome, requestId, shared.timeoutMs);
    return finish({ status: 200, headers, body: JSON.stringify(payload) }, { failure: outcome.kind, error: describeError(outcome.error) });
  }
  const body = JSON.stringify(outcome.result) ?? 'null';
  if (Buffer.byteLength(body) > shared.maxPayloadBytes) {
    headers['x-amz-function-error'] = 'Unhandled';
    const payload = { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${shared.maxPayloadBytes} bytes).` };
    return finish({ status: 200, headers, body: JSON.stringify(payload) }, { failure: 'response' });
  }
  return finish({ status: 200, headers, body });
}
