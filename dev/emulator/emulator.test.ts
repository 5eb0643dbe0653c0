import { request } from 'node:http';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator.ts';
import type { EmulatorOptions, RunningEmulator } from './emulator.ts';
import { handler } from './fixture-handler.ts';

const credentials = { accessKeyId: 'AKIALOCALEDGE0000000', secretAccessKey: 'local-edge-secret' };
const region = 'us-east-1';
const principalArn = 'arn:aws:iam::000000000000:user/leaderboard-edge';
const edge = new AwsClient({ ...credentials, service: 'lambda', region, retries: 0 });

function baseOptions(extra: Partial<EmulatorOptions> = {}): EmulatorOptions {
  return {
    credentials,
    region,
    accountId: '000000000000',
    principalArn,
    functionName: 'leaderboard-origin',
    loadHandler: async () => handler,
    ...extra,
  };
}

const amzNow = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString().replace(/[:-]|\.\d{3}/g, '');

describe('Function URL emulator', () => {
  let emu: RunningEmulator;
  const logs: Array<Record<string, unknown>> = [];
  let loads = 0;

  beforeAll(async () => {
    emu = await startEmulator({
      ...baseOptions({
        loadHandler: async () => {
          loads += 1;
          return handler;
        },
        log: (line) => logs.push(line),
        timeoutMs: 300,
        maxPayloadBytes: 64 * 1024,
      }),
      port: 0,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.resetStats();
    logs.length = 0;
  });

  it('answers a signed GET with the echo, percent-encoded player id and query intact', async () => {
    const res = await edge.fetch(`${emu.url}/api/boards/global/players/a%40b/around?radius=5&period=2026-W48`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ board: 'global', player: 'a@b', radius: '5', period: '2026-W48' });
  });

  it('passes path, query, JSON body and the caller ARN to the handler', async () => {
    const body = JSON.stringify({ player: 'a@b', score: 42, note: 'héllo' });
    const res = await edge.fetch(`${emu.url}/api/echo/a%40b?fields=rank,score&since=2026-11-23T10:00:00Z&x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lb-principal': 'server:game-1' },
      body,
    });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Record<string, unknown>;
    expect(echo).toMatchObject({
      method: 'POST',
      path: '/api/echo/a%40b',
      rawPath: '/api/echo/a%40b',
      rawQueryString: 'fields=rank,score&since=2026-11-23T10:00:00Z&x=1&x=2',
      query: { fields: ['rank,score'], since: ['2026-11-23T10:00:00Z'], x: ['1', '2'] },
      body,
      isBase64Encoded: false,
      userArn: principalArn,
      accessKey: credentials.accessKeyId,
      principal: 'server:game-1',
    });
    expect(echo['requestId']).toBe(res.headers.get('x-amzn-requestid'));
  });

  it('passes a binary body base64-encoded and returns cookies as Set-Cookie', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const res = await edge.fetch(`${emu.url}/bin`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect((await res.json()) as object).toMatchObject({ isBase64Encoded: true });
    const cookies = await edge.fetch(`${emu.url}/cookies`, { headers: { cookie: 'x=1; y=2' } });
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await cookies.json()).toEqual({ cookie: 'x=1; y=2' });
  });

  it('answers 200 JSON when the handler returns a value without statusCode', async () => {
    const res = await edge.fetch(`${emu.url}/__plain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ plain: true });
  });

  it('refuses an unsigned request with 403 {"Message":"Forbidden"}', async () => {
    const res = await fetch(`${emu.url}/api/boards/global/top`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ Message: 'Forbidden' });
  });

  it('refuses a wrong secret with the AWS signature-mismatch message', async () => {
    const wrong = new AwsClient({ ...credentials, secretAccessKey: 'wrong', service: 'lambda', region, retries: 0 });
    const res = await wrong.fetch(`${emu.url}/api/boards/global/top`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(await res.json()).toEqual({
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('refuses an unknown access key', async () => {
    const other = new AwsClient({ accessKeyId: 'AKIAOTHER', secretAccessKey: 'x', service: 'lambda', region, retries: 0 });
    const res = await other.fetch(`${emu.url}/p`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'The security token included in the request is invalid.' });
  });

  it('refuses tampered body, path, query and signed header', async () => {
    const signed = await edge.sign(`${emu.url}/api/boards/global/scores?mode=best`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lb-principal': 'user:1' },
      body: '{"score":1}',
    });
    const headers = new Headers(signed.headers);
    const replay = (url: string, h: Headers, body: string) => fetch(url, { method: 'POST', headers: h, body });
    const tamperedHeader = new Headers(headers);
    tamperedHeader.set('x-lb-principal', 'admin');
    const attempts = [
      replay(signed.url, headers, '{"score":999}'),
      replay(signed.url.replace('/scores', '/scorez'), headers, '{"score":1}'),
      replay(signed.url.replace('mode=best', 'mode=worst'), headers, '{"score":1}'),
      replay(signed.url, tamperedHeader, '{"score":1}'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    }
    // The untampered original still goes through.
    expect((await replay(signed.url, headers, '{"score":1}')).status).toBe(200);
    expect(emu.stats().invocations).toBe(1);
  });

  it('refuses an X-Amz-Date 6 minutes old', async () => {
    const res = await edge.fetch(`${emu.url}/p`, { aws: { datetime: amzNow(-6 * 60_000) } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('answers 502 when the handler throws, and logs the error', async () => {
    const res = await edge.fetch(`${emu.url}/__throw`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-amzn-errortype')).toBeTruthy();
    expect(await res.json()).toEqual({ Message: 'Internal Server Error' });
    expect(logs.at(-1)).toMatchObject({ status: 502, failure: 'error', error: { message: 'boom from fixture' } });
  });

  it('answers 502 when the handler exceeds its timeout', async () => {
    const res = await edge.fetch(`${emu.url}/sleep?ms=1000`);
    expect(res.status).toBe(502);
    expect(logs.at(-1)).toMatchObject({ failure: 'timeout' });
  });

  it('answers 413 for a body over the payload limit without invoking', async () => {
    const res = await edge.fetch(`${emu.url}/big`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expect(emu.stats().invocations).toBe(0);
  });

  it('answers 413 for a chunked body that grows over the limit, and closes the connection', async () => {
    const { status, connection } = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${emu.url}/big`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 x', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on('error', reject);
      // Sent in pieces of 16 KB, with no declared length, until the emulator answers.
      const piece = 'x'.repeat(16 * 1024);
      let sent = 0;
      const more = (): void => {
        if (sent++ < 8) req.write(piece, () => setImmediate(more));
        else req.end();
      };
      more();
    });
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect(emu.stats().invocations).toBe(0);
  });

  it('answers 502 Function.ResponseInvalid for a header value HTTP cannot carry', async () => {
    const res = await edge.fetch(`${emu.url}/__bad_header`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-amzn-errortype')).toBe('Function.ResponseInvalid');
    expect(logs.at(-1)).toMatchObject({ status: 502, failure: 'response' });
  });

  it('counts invocations by path but not rejected requests; loads the handler once; logs no secrets', async () => {
    await edge.fetch(`${emu.url}/a`);
    await edge.fetch(`${emu.url}/a`, { headers: { 'x-request-id': 'req-123' } });
    await edge.fetch(`${emu.url}/b?x=1`);
    await fetch(`${emu.url}/a`);
    await new AwsClient({ ...credentials, secretAccessKey: 'bad', service: 'lambda', region, retries: 0 }).fetch(`${emu.url}/a`);
    const stats = (await (await fetch(`${emu.url}/__emulator/stats`)).json()) as { invocations: number; byPath: Record<string, number> };
    expect(stats).toEqual({ invocations: 3, byPath: { '/a': 2, '/b': 1 } });
    expect(emu.stats()).toEqual(stats);
    expect((await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(emu.stats()).toEqual({ invocations: 0, byPath: {} });
    expect(loads).toBe(1);
    expect(logs).toHaveLength(5);
    expect(logs[1]).toMatchObject({ kind: 'url', method: 'GET', path: '/a', status: 200, xRequestId: 'req-123' });
    expect(logs[3]).toMatchObject({ status: 403, rejected: 'missing' });
    const text = JSON.stringify(logs);
    expect(text).not.toMatch(/AWS4-HMAC-SHA256|Signature=|local-edge-secret/);
  });
});

describe('Function URL emulator with a session token', () => {
  let emu: RunningEmulator;
  const withToken = { ...credentials, sessionToken: 'session-token-xyz' };
  beforeAll(async () => {
    emu = await startEmulator({ ...baseOptions({ credentials: withToken }), port: 0 });
  });
  afterAll(() => emu.stop());

  it('refuses a request without the token and accepts one with it', async () => {
    const noToken = await edge.fetch(`${emu.url}/p`);
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toEqual({ message: 'The security token included in the request is invalid.' });
    const ok = await new AwsClient({ ...withToken, service: 'lambda', region, retries: 0 }).fetch(`${emu.url}/p`);
    expect(ok.status).toBe(200);
    expect(emu.stats().invocations).toBe(1);
  });
});

describe('Function URL emulator handler loading', () => {
  it('answers 502 when the handler cannot be loaded, and retries the load next time', async () => {
    let attempts = 0;
    const emu = await startEmulator({
      ...baseOptions({
        loadHandler: async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('cannot import');
          return handler;
        },
      }),
      port: 0,
    });
    try {
      expect((await edge.fetch(`${emu.url}/x`)).status).toBe(502);
      expect((await edge.fetch(`${emu.url}/x`)).status).toBe(200);
      expect(attempts).toBe(2);
    } finally {
      await emu.stop();
    }
  });
});
