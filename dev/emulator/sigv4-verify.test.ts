import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MISMATCH_MESSAGE, verifySigV4 } from './sigv4-verify.ts';
import type { SigV4Credentials, SignedRequest, VerifyOptions } from './sigv4-verify.ts';

const creds: SigV4Credentials = { accessKeyId: 'AKIATESTKEY000000000', secretAccessKey: 'test-secret' };
const region = 'us-east-1';
const NOW = new Date('2026-11-23T12:00:00Z');
const DATETIME = '20261123T120000Z';
const BASE = 'http://127.0.0.1:3101';

const client = (c: SigV4Credentials = creds) => new AwsClient({ ...c, service: 'lambda', region, retries: 0 });
const opts = (o: Partial<VerifyOptions> = {}): VerifyOptions => ({ credentials: creds, region, service: 'lambda', now: NOW, ...o });

/** A signed request whose headers are a `Headers` object, so a test can copy and alter them. */
type TestRequest = SignedRequest & { headers: Headers };

async function toSigned(req: Request): Promise<TestRequest> {
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  headers.set('host', url.host);
  return { method: req.method, url, headers, body: new Uint8Array(await req.arrayBuffer()) };
}

async function sign(path: string, init: RequestInit = {}, c?: SigV4Credentials, datetime = DATETIME): Promise<TestRequest> {
  return toSigned(await client(c).sign(`${BASE}${path}`, { ...init, aws: { datetime } }));
}

describe('verifySigV4 with aws4fetch-signed requests', () => {
  const paths = [
    '/api/boards/global/players/a%40b/around?radius=5&period=2026-W48',
    '/api/boards/global/top?fields=rank,score&since=2026-11-23T10:00:00Z',
    '/api/boards/b1/players/x%2Fy/around?q=a+b&q=%2B1&z=~*()!%27',
    '/api/boards/%E2%9C%93/players/%C3%A9?name=%E2%9C%93&empty=&flag',
    '/api//double//slash/?b=2&a=1&a=0',
    '/api/players/a@b:c,d;e=f/~x?k%20y=v%20w&%E2%82%AC=1',
    // Regression: parameters named like Object.prototype members were refused.
    '/api/boards/b/entries?constructor=Y%40s.%5B&toString=1&hasOwnProperty=&valueOf=a&valueOf=b',
    '/',
  ];
  for (const path of paths) {
    it(`accepts GET ${path}`, async () => {
      expect(await verifySigV4(await sign(path), opts())).toEqual({ ok: true, accessKeyId: creds.accessKeyId });
    });
  }

  it('accepts a POST with a JSON body and extra signed headers', async () => {
    const req = await sign('/api/boards/global/scores', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lb-principal': 'server:game-1', 'x-request-id': 'r-1' },
      body: JSON.stringify({ player: 'a@b', score: 42 }),
    });
    expect((await verifySigV4(req, opts())).ok).toBe(true);
  });

  it('accepts a body with x-amz-content-sha256 and UNSIGNED-PAYLOAD', async () => {
    const body = '{"x":1}';
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString('hex');
    expect((await verifySigV4(await sign('/p', { method: 'POST', body, headers: { 'x-amz-content-sha256': hash } }), opts())).ok).toBe(true);
    expect((await verifySigV4(await sign('/p', { method: 'POST', body, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), opts())).ok).toBe(true);
  });

  it('rejects a body that does not match x-amz-content-sha256', async () => {
    const req = await sign('/p', { method: 'POST', body: 'a', headers: { 'x-amz-content-sha256': '0'.repeat(64) } });
    expect(await verifySigV4(req, opts())).toMatchObject({ ok: false, reason: 'body_hash_mismatch' });
  });

  it('rejects missing, malformed and unknown-key authorization', async () => {
    const req = await sign('/p');
    const noAuth = { ...req, headers: new Headers(req.headers) };
    noAuth.headers.delete('authorization');
    expect(await verifySigV4(noAuth, opts())).toMatchObject({ ok: false, reason: 'missing' });
    const bad = { ...req, headers: new Headers(req.headers) };
    bad.headers.set('authorization', 'Bearer abc');
    expect(await verifySigV4(bad, opts())).toMatchObject({ ok: false, reason: 'malformed' });
    const other = await sign('/p', {}, { ...creds, accessKeyId: 'AKIAOTHER' });
    expect(await verifySigV4(other, opts())).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('rejects a wrong secret, a tampered path, query, header or body', async () => {
    const wrong = await sign('/p', {}, { ...creds, secretAccessKey: 'nope' });
    expect(await verifySigV4(wrong, opts())).toEqual({ ok: false, reason: 'signature_mismatch', message: SIGNATURE_MISMATCH_MESSAGE });

    const base = await sign('/api/boards/global/players/a%40b/around?radius=5', {
      method: 'POST',
      headers: { 'x-lb-principal': 'user:1' },
      body: '{"score":1}',
    });
    const variants: SignedRequest[] = [
      { ...base, url: new URL(`${BASE}/api/boards/global/players/a%40c/around?radius=5`) },
      { ...base, url: new URL(`${BASE}/api/boards/global/players/a%40b/around?radius=6`) },
      { ...base, headers: new Headers([...base.headers, ['x-lb-principal', 'admin']]) },
      { ...base, body: new TextEncoder().encode('{"score":9}') },
      { ...base, method: 'PUT' },
    ];
    for (const v of variants) expect(await verifySigV4(v, opts())).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('rejects signatures older or newer than 5 minutes, accepts within', async () => {
    const old = await sign('/p', {}, creds, '20261123T115400Z');
    const res = await verifySigV4(old, opts());
    expect(res).toMatchObject({ ok: false, reason: 'expired' });
    expect(res.ok ? '' : res.message).toMatch(/^Signature expired: 20261123T115400Z is now earlier than 20261123T115500Z/);
    expect(await verifySigV4(await sign('/p', {}, creds, '20261123T120600Z'), opts())).toMatchObject({ ok: false, reason: 'expired' });
    expect((await verifySigV4(await sign('/p', {}, creds, '20261123T115600Z'), opts())).ok).toBe(true);
  });

  it('rejects the wrong region or service in the credential scope', async () => {
    const eu = toSigned(await new AwsClient({ ...creds, service: 'lambda', region: 'eu-west-1' }).sign(`${BASE}/p`, { aws: { datetime: DATETIME } }));
    expect(await verifySigV4(await eu, opts())).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    const s3 = toSigned(await new AwsClient({ ...creds, service: 'execute-api', region }).sign(`${BASE}/p`, { aws: { datetime: DATETIME } }));
    expect(await verifySigV4(await s3, opts())).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('checks the session token when one is configured', async () => {
    const withToken = { ...creds, sessionToken: 'session-token-1' };
    expect((await verifySigV4(await sign('/p', {}, withToken), opts({ credentials: withToken }))).ok).toBe(true);
    expect(await verifySigV4(await sign('/p'), opts({ credentials: withToken }))).toMatchObject({ ok: false, reason: 'missing_token' });
    const other = await sign('/p', {}, { ...creds, sessionToken: 'other' });
    expect(await verifySigV4(other, opts({ credentials: withToken }))).toMatchObject({ ok: false, reason: 'bad_token' });
  });
});

describe('verifySigV4 with SDK-signed requests', () => {
  it('accepts a request signed by @smithy/signature-v4 with encoded path and repeated query keys', async () => {
    const signer = new SignatureV4({ credentials: creds, region, service: 'lambda', sha256: Sha256 });
    const body = new TextEncoder().encode('{"a":1}');
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 3101,
        path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations',
        query: { Qualifier: '$LATEST', tag: ['b', 'a'] },
        headers: { host: '127.0.0.1:3101', 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body,
      }),
      { signingDate: NOW },
    );
    const url = new URL(`${BASE}${signed.path}?Qualifier=%24LATEST&tag=b&tag=a`);
    const headers = new Headers(signed.headers as Record<string, string>);
    expect(await verifySigV4({ method: 'POST', url, headers, body }, opts())).toEqual({ ok: true, accessKeyId: creds.accessKeyId });
  });
});
