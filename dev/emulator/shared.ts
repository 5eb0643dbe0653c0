/**
 * State and helpers shared by the emulator's Function URL and Invoke API routes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer.ts';
import { authFailureResponse, tooLargeResponse } from './aws-errors.ts';
import { readBodyLimited } from './body.ts';
import type { FunctionInfo } from './context.ts';
import type { Runtime } from './runtime.ts';
import { verifySigV4 } from './sigv4-verify.ts';
import type { HeaderLookup, SigV4Credentials } from './sigv4-verify.ts';

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
  /** Header lookup by lower-case name; repeated headers are joined with ', ' as `Headers.get` does. */
  headers: HeaderLookup;
  /** Raw header pairs as received. */
  rawHeaders: Array<[string, string]>;
  sourceIp: string;
}

/** The parts of an incoming request the emulator needs, read from Node's request without building a web Request; throws on a Host that makes no URL. */
export function requestInfo(incoming: IncomingMessage): RequestInfo {
  const rawHeaders: Array<[string, string]> = [];
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) rawHeaders.push([incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!]);
  const peer = incoming.socket.remoteAddress ?? '127.0.0.1';
  const host = incoming.headers.host ?? '127.0.0.1';
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    // Concatenated, not resolved: a path starting with `//` stays a path.
    url: new URL(`http://${host}${incoming.url ?? '/'}`),
    headers: nodeHeaders(incoming),
    rawHeaders,
    sourceIp: peer.startsWith('::ffff:') ? peer.slice(7) : peer,
  };
}

function nodeHeaders(incoming: IncomingMessage): HeaderLookup {
  return {
    get(name) {
      const value = incoming.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** True when the peer is loopback. */
export function isLoopback(incoming: IncomingMessage): boolean {
  const peer = incoming.socket.remoteAddress;
  return peer === undefined || peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
}

export type AuthOutcome =
  | { ok: true; accessKeyId: string; body: Uint8Array }
  | { ok: false; answer: Answer; reason: string };

/** Reads the body (size-capped) and verifies SigV4; on failure gives the AWS-shaped error answer. */
export async function authenticate(incoming: IncomingMessage, info: RequestInfo, shared: EmulatorShared, requestId: string): Promise<AuthOutcome> {
  if (!info.headers.get('authorization')) {
    return { ok: false, reason: 'missing', answer: authFailureResponse('missing', 'Forbidden', requestId) };
  }
  const body = await readBodyLimited(incoming, shared.maxPayloadBytes);
  if (!body) return { ok: false, reason: 'too_large', answer: tooLargeResponse(shared.maxPayloadBytes, requestId) };
  const verified = await verifySigV4(
    { method: info.method, url: info.url, headers: info.headers, body },
    { credentials: shared.credentials, region: shared.fn.region, service: 'lambda' },
  );
  if (!verified.ok) {
    return { ok: false, reason: verified.reason, answer: authFailureResponse(verified.reason, verified.message, requestId) };
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

/** One call's request id and start, and `finish`, which writes the call's one log line with the answer's status. */
export interface Call {
  requestId: string;
  startedAt: number;
  finish(answer: Answer, extra?: Record<string, unknown>): Answer;
}

/** Starts one Function URL or Invoke API call. */
export function startCall(kind: 'url' | 'invoke', info: RequestInfo, shared: EmulatorShared): Call {
  const startedAt = performance.now();
  const requestId = randomUUID();
  return {
    requestId,
    startedAt,
    finish(answer, extra = {}) {
      shared.log({ ...logBase(kind, info, requestId, startedAt), status: answer.status, ...extra });
      return answer;
    },
  };
}
