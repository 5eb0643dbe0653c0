import { describe, expect, it } from 'vitest';
import { signedPrincipal } from './middleware.ts';

const auth = (signed: string) => `AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/lambda/aws4_request, SignedHeaders=${signed}, Signature=abc`;

describe('signedPrincipal', () => {
  it('trusts the principal header only when the signature covers it', () => {
    expect(signedPrincipal('admin', auth('content-type;host;x-amz-date;x-lb-principal;x-request-id'))).toBe('admin');
    // Regression: a principal added to a request signed without one was trusted.
    expect(signedPrincipal('admin', auth('content-type;host;x-amz-date;x-request-id'))).toBeUndefined();
    expect(signedPrincipal('admin', auth('host;x-amz-date;x-lb-principal-x'))).toBeUndefined();
  });

  it('takes the header as is when there is no SigV4 Authorization header', () => {
    expect(signedPrincipal('server:0', undefined)).toBe('server:0');
    expect(signedPrincipal(undefined, auth('host;x-lb-principal'))).toBeUndefined();
  });
});
