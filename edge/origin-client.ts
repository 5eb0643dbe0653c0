/** Signed forwarding to the origin Function URL (SigV4 with aws4fetch, service "lambda"). */
import { AwsClient } from 'aws4fetch';
import { ApiError, formatPrincipal, PRINCIPAL_HEADER, type Principal } from '../core/index.ts';
import { edgeConfig } from './config.ts';
import type { EdgeBindings } from './env.ts';
import { forwardableHeaders } from './http/headers.ts';
import { errorFields, requestLog, type RequestLog } from './logger.ts';
import { recordOriginCall, statusClass } from './metrics.ts';

/** Headers from the client that may travel to the origin. Everything else is dropped. */
const ALLOWED_HEADERS = ['content-type', 'accept', 'idempotency-key'];

let client: { key: string; aws: AwsClient; writer: AwsClient } | undefined;

function clients(env: EdgeBindings) {
  const key = `${env.AWS_ACCESS_KEY_ID}|${env.AWS_REGION}|${env.AWS_SESSION_TOKEN ?? ''}`;
  if (client?.key !== key) {
    // One cache of the day's signing key for both clients (aws4fetch derives it with four HMACs).
    const base = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN, service: 'lambda', region: env.AWS_REGION, cache: new Map<string, ArrayBuffer>() };
    // Reads and replay-safe writes retry 5xx and 429 twice; other writes never. aws4fetch's default
    // is 10 retries of any method, so `retries` is always set.
    client = { key, aws: new AwsClient({ ...base, retries: WRITE_RETRIES, initRetryMs: 50 }), writer: new AwsClient({ ...base, retries: 0 }) };
  }
  return client;
}

export interface ForwardOptions {
  method: string;
  pathAndQuery: string;
  headers: Headers;
  body?: ArrayBuffer | null;
  principal?: Principal | null;
  requestId: string;
  /**
   * False for a write that must be sent once: deleting a board, whose retry after a lost answer
   * would say 404. Reads, score submissions and batches (replays answered from the stored result),
   * board updates (the same upsert again) and player erasure (erasing nothing the second time) are retried.
   */
  replaySafe?: boolean;
  /** Headers the edge itself adds (never a client's), e.g. the lowest board version a read needs. */
  extraHeaders?: Record<string, string>;
  /** The request's log: the call's status and time go onto its request line (without one, or once that line is out, onto an `origin call` line). */
  log?: RequestLog;
}

/** Retries of a read or a replay-safe write after a 5xx or 429 from the origin. */
export const WRITE_RETRIES = 2;

/**
 * An Idempotency-Key for a write that came without one: new for each request the edge takes, and
 * signed with the rest of the request (SigV4 covers every header sent). A captured request replayed
 * within the signature's 5 minutes, or the edge's own retry, carries the same key, so the origin
 * answers it as a replay instead of applying the write again.
 */
export function edgeIdempotencyKey(): string {
  return `edge-${crypto.randomUUID()}`;
}

/**
 * Builds a fresh request from the allowlist plus the request id and principal, signs it and sends
 * it. Network failures, timeouts and AWS refusing the signature become 503 `unavailable`.
 */
export async function forwardToOrigin(env: EdgeBindings, o: ForwardOptions): Promise<Response> {
  const cfg = edgeConfig(env);
  const headers = forwardableHeaders(o.headers, ALLOWED_HEADERS);
  for (const [k, v] of Object.entries(o.extraHeaders ?? {})) headers.set(k, v);
  headers.set('x-request-id', o.requestId);
  if (o.principal) headers.set(PRINCIPAL_HEADER, formatPrincipal(o.principal));
  const isWrite = o.method !== 'GET' && o.method !== 'HEAD';
  if (isWrite && !headers.has('idempotency-key')) headers.set('idempotency-key', edgeIdempotencyKey());
  const { aws, writer } = clients(env);
  const signer = isWrite && o.replaySafe === false ? writer : aws;
  let res: Response;
  const started = Date.now();
  try {
    res = await signer.fetch(new URL(o.pathAndQuery, cfg.originUrl).toString(), {
      method: o.method,
      headers,
      body: o.body && o.body.byteLength > 0 ? o.body : null,
      signal: AbortSignal.timeout(cfg.originTimeoutMs),
    });
  } catch (err) {
    recordOriginCall(env.METRICS, { method: o.method, outcome: 'timeout', status: 0, ms: Date.now() - started });
    requestLog(o.requestId, cfg.devMode)('warn', 'origin did not answer', { method: o.method, path: o.pathAndQuery.split('?')[0], timeoutMs: cfg.originTimeoutMs, ...errorFields(err) });
    throw new ApiError('unavailable', 'The origin did not answer', undefined, 2);
  }
  // An error from AWS's front end (not the origin's own envelope): the edge's identity was refused.
  const refused = res.headers.has('x-amzn-errortype') && (res.status === 401 || res.status === 403);
  const ms = Date.now() - started;
  recordOriginCall(env.METRICS, { method: o.method, outcome: refused ? 'refused' : statusClass(res.status), status: res.status, ms });
  if (!o.log?.note({ originStatus: res.status, originMs: ms })) requestLog(o.requestId, cfg.devMode)('info', 'origin call', { method: o.method, path: o.pathAndQuery.split('?')[0], status: res.status, ms });
  if (refused) {
    requestLog(o.requestId, cfg.devMode)('error', 'origin refused the edge credentials', { status: res.status, errorType: res.headers.get('x-amzn-errortype') });
    await res.body?.cancel();
    throw new ApiError('unavailable', ORIGIN_REFUSED, undefined, 30);
  }
  return res;
}

/** The message when AWS refuses the edge's signature: a deployment problem, never the caller's. */
export const ORIGIN_REFUSED = "The origin refused the edge's credentials";
