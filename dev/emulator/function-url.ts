/**
 * The Function URL route: SigV4 check, v2 event, handler call, v2 result to HTTP response.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { functionErrorResponse } from './aws-errors.ts';
import { callerIdentity, lambdaContext } from './context.ts';
import { authenticate, describeError, logBase, requestInfo } from './core.ts';
import type { EmulatorCore } from './core.ts';
import { toFunctionUrlEvent } from './event.ts';
import { toHttpResult } from './result.ts';
import type { InvokeOutcome } from './runtime.ts';

const FAILURE_TYPES: Record<Exclude<InvokeOutcome, { ok: true }>['kind'], string> = {
  init: 'Function.InitError',
  error: 'Function.Unhandled',
  timeout: 'Sandbox.Timedout',
};

/** Handles one Function URL call (any method, any path). */
export function functionUrlHandler(core: EmulatorCore): (c: Context) => Promise<Response> {
  return async (c) => {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const info = requestInfo(c);
    const finish = (res: Response, extra: Record<string, unknown> = {}): Response => {
      core.log({ ...logBase('url', info, requestId, startedAt), status: res.status, ...extra });
      return res;
    };

    const auth = await authenticate(c, info, core, requestId);
    if (!auth.ok) return finish(auth.response, { rejected: auth.reason });

    const identity = callerIdentity(auth.accessKeyId, core.fn.accountId, core.principalArn);
    const domainName = info.headers.get('host') ?? info.url.host;
    const event = toFunctionUrlEvent(
      { method: info.method, url: info.url, headers: info.rawHeaders ?? info.headers, body: auth.body },
      identity,
      { requestId, sourceIp: info.sourceIp, domainName },
    );
    core.record(info.url.pathname);
    const context = lambdaContext(core.fn, requestId, Date.now() + core.timeoutMs);
    const outcome = await core.runtime.invoke(event, context, core.timeoutMs);
    if (!outcome.ok) {
      return finish(functionErrorResponse(FAILURE_TYPES[outcome.kind], requestId), { failure: outcome.kind, error: describeError(outcome.error) });
    }
    const http = toHttpResult(outcome.result, core.maxPayloadBytes);
    if (!http.ok) return finish(functionErrorResponse(http.errorType, requestId), { failure: 'response', error: http.message });
    http.headers.set('x-amzn-RequestId', requestId);
    http.headers.set('x-amzn-Trace-Id', event.headers['x-amzn-trace-id'] ?? '');
    return finish(new Response(http.body, { status: http.status, headers: http.headers }));
  };
}
