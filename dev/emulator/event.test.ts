import { describe, expect, it } from 'vitest';
import { uniqueIdFor } from './context.ts';
import { formatRequestTime, toFunctionUrlEvent } from './event.ts';

const identity = {
  accessKeyId: 'AKIALOCALEDGE0000000',
  accountId: '000000000000',
  principalArn: 'arn:aws:iam::000000000000:user/leaderboard-edge',
  userId: uniqueIdFor('arn:aws:iam::000000000000:user/leaderboard-edge'),
};
const opts = { requestId: 'req-1', sourceIp: '127.0.0.1', domainName: 'abc123.lambda-url.us-east-1.on.aws', now: new Date('2026-03-12T19:03:58.390Z') };

describe('toFunctionUrlEvent', () => {
  it('builds a payload 2.0 event like a Function URL with IAM auth', () => {
    const event = toFunctionUrlEvent(
      {
        method: 'post',
        url: new URL('https://abc123.lambda-url.us-east-1.on.aws/api/players/a%40b?x=1&x=2&y=%3A,'),
        headers: [
          ['Host', 'abc123.lambda-url.us-east-1.on.aws'],
          ['Content-Type', 'application/json'],
          ['X-Multi', 'a'],
          ['x-multi', 'b'],
          ['Cookie', 's=1; t=2'],
          ['User-Agent', 'edge/1'],
        ],
        body: new TextEncoder().encode('{"a":"é"}'),
      },
      identity,
      opts,
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/players/a%40b',
      rawQueryString: 'x=1&x=2&y=%3A,',
      cookies: ['s=1', 't=2'],
      queryStringParameters: { x: '1,2', y: ':,' },
      body: '{"a":"é"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'abc123',
        authentication: null,
        authorizer: {
          iam: {
            accessKey: identity.accessKeyId,
            accountId: '000000000000',
            callerId: identity.userId,
            cognitoIdentity: null,
            principalOrgId: null,
            userArn: identity.principalArn,
            userId: identity.userId,
          },
        },
        domainName: opts.domainName,
        domainPrefix: 'abc123',
        http: { method: 'POST', path: '/api/players/a%40b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'edge/1' },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: opts.now.getTime(),
      },
    });
    expect(event.headers).toMatchObject({ host: opts.domainName, 'content-type': 'application/json', 'x-multi': 'a,b', 'x-forwarded-for': '127.0.0.1' });
    expect(event.headers['cookie']).toBeUndefined();
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(identity.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('omits body, cookies and query parameters when absent; base64-encodes binary bodies', () => {
    const get = toFunctionUrlEvent({ method: 'GET', url: new URL('http://h/'), headers: new Headers(), body: new Uint8Array() }, identity, opts);
    expect(get).not.toHaveProperty('body');
    expect(get).not.toHaveProperty('cookies');
    expect(get).not.toHaveProperty('queryStringParameters');
    expect(get.rawQueryString).toBe('');
    const bin = toFunctionUrlEvent(
      { method: 'PUT', url: new URL('http://h/b'), headers: new Headers({ 'content-type': 'image/png' }), body: new Uint8Array([0, 255]) },
      identity,
      opts,
    );
    expect(bin).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(formatRequestTime(new Date('2020-03-02T09:03:05Z'))).toBe('02/Mar/2020:09:03:05 +0000');
  });
});
