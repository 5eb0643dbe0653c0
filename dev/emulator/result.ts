/**
 * Turns a handler's return value into the HTTP response a Function URL sends (payload format 2.0).
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { AnswerHeaders } from './answer.ts';

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const DROPPED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export type HttpResult =
  | { ok: true; status: number; headers: AnswerHeaders; body: Uint8Array | string | null }
  | { ok: false; errorType: string; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Interprets a v2 result: `{statusCode, headers, cookies, body, isBase64Encoded}`, or any other value as a 200 JSON body. */
export function toHttpResult(result: unknown, maxBytes: number): HttpResult {
  const headers: AnswerHeaders = {};
  let status = 200;
  let body: Uint8Array | string;
  if (isRecord(result) && 'statusCode' in result) {
    status = Number(result['statusCode']);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      return { ok: false, errorType: 'Function.ResponseInvalid', message: `Invalid statusCode: ${String(result['statusCode'])}` };
    }
    if (isRecord(result['headers'])) {
      for (const [name, value] of Object.entries(result['headers'])) {
        if (value === undefined || value === null || DROPPED_HEADERS.has(name.toLowerCase())) continue;
        try {
          validateHeaderName(name);
          validateHeaderValue(name, String(value));
        } catch (error) {
          return { ok: false, errorType: 'Function.ResponseInvalid', message: error instanceof Error ? error.message : String(error) };
        }
        headers[name.toLowerCase()] = String(value);
      }
    }
    if (Array.isArray(result['cookies']) && result['cookies'].length > 0) {
      headers['set-cookie'] = result['cookies'].map(String);
    }
    const raw = result['body'];
    const text = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
    body = result['isBase64Encoded'] === true ? Buffer.from(text, 'base64') : text;
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(result) ?? 'null';
  }
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (size > maxBytes) {
    return { ok: false, errorType: 'Function.ResponseSizeTooLarge', message: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${maxBytes} bytes).` };
  }
  return { ok: true, status, headers, body: NULL_BODY_STATUS.has(status) ? null : body };
}
