/**
 * Error answers shaped like the ones AWS sends from Function URLs and the Lambda API.
 */
import { jsonAnswer, type Answer } from './answer.ts';
import type { VerifyFailureReason } from './sigv4-verify.ts';

/** A JSON answer with `x-amzn-ErrorType` and `x-amzn-RequestId`, as AWS front ends answer errors. */
export function awsErrorResponse(status: number, errorType: string, body: Record<string, unknown>, requestId: string): Answer {
  return jsonAnswer(status, body, { 'x-amzn-errortype': errorType, 'x-amzn-requestid': requestId });
}

const SIGNATURE_PROBLEMS = new Set<VerifyFailureReason>(['malformed', 'expired', 'signature_mismatch', 'body_hash_mismatch']);

/** The 403 answer for a request whose SigV4 check failed. */
export function authFailureResponse(reason: VerifyFailureReason, message: string, requestId: string): Answer {
  if (reason === 'missing') return awsErrorResponse(403, 'AccessDeniedException', { Message: 'Forbidden' }, requestId);
  const errorType = SIGNATURE_PROBLEMS.has(reason) ? 'InvalidSignatureException' : 'AccessDeniedException';
  return awsErrorResponse(403, errorType, { message }, requestId);
}

/** The 413 answer for a payload over the synchronous invocation limit; the rest of the body is not read, so the connection closes. */
export function tooLargeResponse(limit: number, requestId: string): Answer {
  const answer = awsErrorResponse(
    413,
    'RequestEntityTooLargeException',
    { Type: 'User', message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation` },
    requestId,
  );
  answer.headers['connection'] = 'close';
  return answer;
}

/** The 502 answer of a Function URL whose function failed. */
export function functionErrorResponse(errorType: string, requestId: string): Answer {
  return awsErrorResponse(502, errorType, { Message: 'Internal Server Error' }, requestId);
}
