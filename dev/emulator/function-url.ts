/**
 * The Function URL route: SigV4 check, v2 event, handler call, v2 result to HTTP response.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { functionErrorResponse } from './aws-errors.ts';
import { callerIdentity, lambdaContext } from './context.ts';
import { authenticate, describeError, logBase, requestInfo } from './shared.ts';
import type { EmulatorShared } from './shared.ts';
import { toFunctionUrlEvent } from './event.ts';
import { toHttpResult } from './result.ts';
import type { InvokeOutcome } from './runtime.ts';

const FAILURE_TYPES: Record<Exclude<InvokeOutcome, { ok: true }>['kind'], string> = {
  init: 'Function.InitError',
  error: 'Function.Unhandled',
  timeout: 'Sandbox.Timedout',
};

/** Handles one Function URL call (any method, any path). */
export function functionUrlHandler(shared: EmulatorShared): (c: Context) => Promise<Response> {
  return async (c) => {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const info = requestInfo(c);
    const finish = (res: Response, extra: Record<string, unknown> = {}): Response => {
      shared.log({ ...logBase('url', info, requestId, startedAt), status: res.status, ...extra });
      return res;
    };

    const auth = await authenticate(c, info, shared, requestId);
    if (!auth.ok) return finish(auth.response, { rejected: auth.reason });

    const identity = callerIdentity(auth.accessKeyId, shared.fn.accountId, shared.principalArn);
    const domainName = info.headers.get('host') ?? info.url.host;
    const event = toFunctionUrlEvent(
      { method: info.method, url: info.url, headers: info.rawHeaders ?? info.headers, body: auth.body },
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
    http.headers.set('x-amzn-RequestId', requestId);
    http.headers.set('x-amzn-Trace-Id', event.headers['x-amzn-trace-id'] ?? '');
    return finish(new Response(http.body, { status: http.status, headers: http.headers }));
  };
}
