/** Request reading shared by the edge and the origin, on the Fetch API only: every failure becomes an ApiError. */
import type { ZodType } from 'zod';
import { ApiError } from './errors.ts';
import { issuesToDetails } from './schemas.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_BATCH_BODY_BYTES = 1024 * 1024;

/** Parses `value` with `schema`, or throws invalid_request naming each bad field. */
export function parseWith<T>(schema: ZodType<T>, value: unknown, what = 'request'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('invalid_request', `Invalid ${what}`, issuesToDetails(result.error.issues));
  return result.data;
}

/**
 * Reads a JSON request body: 415 unless JSON, 413 over `maxBytes`, 400 when it does not parse
 * or does not match `schema`. Keys such as __proto__ are plain data after JSON.parse.
 */
export async function readJsonBody<T>(req: Pick<Request, 'headers' | 'arrayBuffer'>, schema: ZodType<T>, maxBytes = MAX_BODY_BYTES): Promise<T> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'The request body must be JSON (Content-Type: application/json)');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ApiError('payload_too_large', `The request body must be at most ${maxBytes} bytes`);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new ApiError('payload_too_large', `The request body must be at most ${maxBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ApiError('invalid_request', 'The request body is not valid JSON', { body: 'must be valid JSON' });
  }
  return parseWith(schema, parsed, 'body');
}

/** A request id from the client if it is sane, otherwise a new one. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : crypto.randomUUID();
}
