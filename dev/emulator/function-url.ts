/**
 * The Function URL route: SigV4 check, v2 event, handler call, v2 result to HTTP answer.
 */
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer.ts';
import { functionErrorResponse } from './aws-errors.ts';
import { callerIdentity, lambdaContext } from './context.ts';
import { authenticate, describeError, startCall } from './shared.ts';
import type { EmulatorShared, RequestInfo } from './shared.ts';
import { toFunctionUrlEvent } from './event.ts';
import { toHttpResult } from './result.ts';
import type { InvokeOutcome } from './runtime.ts';

const FAILURE_TYPES: Record<Exclude<InvokeOutcome, { ok: true }>['kind'], string> = {
  init: 'Function.InitError',
  error: 'Function.Unhandled',
  timeout: 'Sandbox.Timedout',
};

/** Handles one Function URL call (any method, any path). */
export async function functionUrlCall(incoming: IncomingMessage, info: RequestInfo, shared: EmulatorShared): Promise<Answer> {
  const { requestId, finish } = startCall('url', info, shared);

  const auth = await authenticate(incoming, info, shared, requestId);
  if (!auth.ok) return finish(auth.answer, { rejected: auth.reason });

  const identity = callerIdentity(auth.accessKeyId, shared.fn.accountId, shared.principalArn);
  const domainName = info.headers.get('host') ?? info.url.host;
  const event = toFunctionUrlEvent(
    { method: info.method, url: info.url, headers: info.rawHeaders, body: auth.body },
    identity,
    { requestId, sourceIp: info.sourceIp, domainName },
  );
  shared.record(info.url.pathname);
  const context = lambdaContext(shared.fn, requestId, Date.now() + shared.timeoutMs);
  const outcome = await shared.runtime.invoke(event, context, shared.timeoutMs);
  if (!outcome.ok) {
    return finish(functionErrorResponse(FAILURE_TYPES[outcome.kind], requestId), { failure: outcome.kind, error: describeError(outcome.error) });
  }
  const http = toHttpResult(outcome.result, shared.maxPayloadBytes);
  if (!http.ok) return finish(functionErrorResponse(http.errorType, requestId), { failure: 'response', error: http.message });
  http.headers['x-amzn-requestid'] = requestId;
  http.headers['x-amzn-trace-id'] = event.headers['x-amzn-trace-id'] ?? '';
  return finish({ status: http.status, headers: http.headers, body: http.body });
}
