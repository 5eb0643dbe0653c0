/**
 * State and helpers shared by the emulator's Function URL and Invoke API routes.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { authFailureResponse, tooLargeResponse } from './aws-errors.ts';
import { readBodyLimited } from './body.ts';
import type { FunctionInfo } from './context.ts';
import type { Runtime } from './runtime.ts';
import { verifySigV4 } from './sigv4-verify.ts';
import type { SigV4Credentials } from './sigv4-verify.ts';

export interface EmulatorShared {
  fn: FunctionInfo;
  credentials: SigV4Credentials;
  principalArn: string;
  runtime: Runtime;
  timeoutMs: number;
  maxPayloadBytes: number;
  /** Counts one handler invocation for `path`. */
  record(path: string): void;
  log(line: Record<string, unknown>): void;
}

export interface RequestInfo {
  method: string;
  url: URL;
  headers: Headers;
  /** Raw header pairs as received, when the request came over a socket. */
  rawHeaders: Array<[string, string]> | null;
  sourceIp: string;
}

/** The parts of an incoming request the emulator needs, including the peer address when served by @hono/node-server. */
export function requestInfo(c: Context): RequestInfo {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  let rawHeaders: Array<[string, string]> | null = null;
  if (incoming?.rawHeaders) {
    rawHeaders = [];
    for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
      rawHeaders.push([incoming.rawHeaders[i] ?? '', incoming.rawHeaders[i + 1] ?? '']);
    }
  }
  const peer = incoming?.socket?.remoteAddress ?? '127.0.0.1';
  return {
    method: c.req.method.toUpperCase(),
    url: new URL(c.req.url),
    headers: c.req.raw.headers,
    rawHeaders,
    sourceIp: peer.startsWith('::ffff:') ? peer.slice(7) : peer,
  };
}

/** True when the peer is loopback (or unknown, i.e. an in-process `app.request`). */
export function isLoopback(c: Context): boolean {
  const peer = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress;
  return peer === undefined || peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
}

/**
 * True for a request read from a socket with neither Content-Length nor Transfer-Encoding, which
 * in HTTP/1.1 has no body (RFC 9112 §6.3), so there is nothing to read, and no stream to build
 * for it. (A GET's path, the origin's reads, comes this way.)
 */
function arrivedWithoutBody(c: Context): boolean {
  const headers = (c.env as Partial<HttpBindings> | undefined)?.incoming?.headers;
  return headers !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined;
}

export type AuthOutcome =
  | { ok: true; accessKeyId: string; body: Uint8Array }
  | { ok: false; response: Response; reason: string };

/** Reads the body (size-capped) and verifies SigV4; on failure gives the AWS-shaped error response. */
export async function authenticate(c: Context, info: RequestInfo, shared: EmulatorShared, requestId: string): Promise<AuthOutcome> {
  if (!info.headers.get('authorization')) {
    return { ok: false, reason: 'missing', response: authFailureResponse('missing', 'Forbidden', requestId) };
  }
  const body = arrivedWithoutBody(c) ? new Uint8Array(0) : await readBodyLimited(c.req.raw, shared.maxPayloadBytes);
  if (!body) return { ok: false, reason: 'too_large', response: tooLargeResponse(shared.maxPayloadBytes, requestId) };
  const verified = await verifySigV4(
    { method: info.method, url: info.url, headers: info.headers, body },
    { credentials: shared.credentials, region: shared.fn.region, service: 'lambda' },
  );
  if (!verified.ok) {
    return { ok: false, reason: verified.reason, response: authFailureResponse(verified.reason, verified.message, requestId) };
  }
  return { ok: true, accessKeyId: verified.accessKeyId, body };
}

/** A loggable description of a thrown value (never includes request headers). */
export function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: typeof error, message: String(error) };
}

/** Base fields of the one JSON log line written per request. */
export function logBase(kind: 'url' | 'invoke', info: RequestInfo, requestId: string, startedAt: number): Record<string, unknown> {
  const xRequestId = info.headers.get('x-request-id');
  return {
    msg: 'emulator',
    kind,
    method: info.method,
    path: info.url.pathname,
    ms: Math.round((performance.now() - startedAt) * 10) / 10,
    requestId,
    ...(xRequestId ? { xRequestId } : {}),
  };
}
