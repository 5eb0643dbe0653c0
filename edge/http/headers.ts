/** Header rules at the edge: only printable-ASCII values travel to the origin. */
import { ApiError } from '../../core/index.ts';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** True when every character of the value is printable ASCII (space through tilde). */
export const isPrintableAscii = (value: string): boolean => PRINTABLE_ASCII.test(value);

/**
 * The client headers that may travel to the origin, checked. A value outside printable ASCII would
 * be signed one way and sent another, and AWS would refuse the signature: an `Idempotency-Key`
 * like that is the caller's error (400), and any other header like that is dropped.
 */
export function forwardableHeaders(from: Headers, allowed: readonly string[]): Headers {
  const headers = new Headers();
  for (const name of allowed) {
    const v = from.get(name);
    if (v === null) continue;
    if (isPrintableAscii(v)) headers.set(name, v);
    else if (name === 'idempotency-key') throw new ApiError('invalid_request', 'Invalid Idempotency-Key', { 'Idempotency-Key': 'must be printable ASCII' });
  }
  return headers;
}
