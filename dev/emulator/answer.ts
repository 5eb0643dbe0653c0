/**
 * The emulator's answers, written straight to Node's ServerResponse: no web Request or Response
 * is built on either side of the function, so the emulator's own cost per call stays small next
 * to the function's (docs/performance.md, "origin reads over HTTP").
 */
import type { ServerResponse } from 'node:http';

/** Header names are lower-case; a repeated header (set-cookie) is an array. */
export type AnswerHeaders = Record<string, string | string[]>;

export interface Answer {
  status: number;
  headers: AnswerHeaders;
  /** null for a status that carries no body (204, 304). */
  body: Uint8Array | string | null;
}

/** A JSON answer. */
export function jsonAnswer(status: number, body: unknown, headers: AnswerHeaders = {}): Answer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Writes an answer in one go, with its Content-Length. */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  const headers: AnswerHeaders = { ...answer.headers };
  if (answer.body !== null) {
    const length = typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.byteLength;
    headers['content-length'] = String(length);
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}
