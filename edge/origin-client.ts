/** Signed forwarding to the origin Function URL (SigV4 with aws4fetch, service "lambda"). */
import { AwsClient } from 'aws4fetch';
import { ApiError, formatPrincipal, PRINCIPAL_HEADER, type Principal } from '../core/index.ts';
import { edgeConfig } from './config.ts';
import type { EdgeBindings } from './env.ts';
import { forwardableHeaders } from './http/headers.ts';

/** Headers from the client that may travel to the origin. Everything else is dropped. */
const ALLOWED_HEADERS = ['content-type', 'accept', 'idempotency-key'];

let client: { key: string; aws: AwsClient; writer: AwsClient } | undefined;

function clients(env: EdgeBindings) {
  const key = `${env.AWS_ACCESS_KEY_ID}|${env.AWS_REGION}|${env.AWS_SESSION_TOKEN ?? ''}`;
  if (client?.key !== key) {
    const base = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN, service: 'lambda', region: env.AWS_REGION };
    // Reads and idempotent writes may retry 5xx; other writes never (aws4fetch retries POSTs by default).
    client = { key, aws: new AwsClient({ ...base, retries: 2, initRetryMs: 50 }), writer: new AwsClient({ ...base, retries: 0 }) };
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
  /** Headers the edge itself adds (never a client's), e.g. the lowest board version a read needs. */
  extraHeaders?: Record<string, string>;
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
  const { aws, writer } = clients(env);
  const signer = isWrite && !headers.has('idempotency-key') ? writer : aws;
  let res: Response;
  try {
    res = await signer.fetch(new URL(o.pathAndQuery, cfg.originUrl).toString(), {
      method: o.method,
      headers,
      body: o.body && o.body.byteLength > 0 ? o.body : null,
      signal: AbortSignal.timeout(cfg.originTimeoutMs),
    });
  } catch {
    throw new ApiError('unavailable', 'The origin did not answer', undefined, 2);
  }
  // An error from AWS's front end (not the origin's own envelope): the edge's identity was refused.
  if (res.headers.has('x-amzn-errortype') && (res.status === 401 || res.status === 403)) {
    await res.body?.cancel();
    throw new ApiError('unavailable', ORIGIN_REFUSED, undefined, 30);
  }
  return res;
}

/** The message when AWS refuses the edge's signature: a deployment problem, never the caller's. */
export const ORIGIN_REFUSED = "The origin refused the edge's credentials";
