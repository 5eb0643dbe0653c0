/**
 * Builds the payload-format-2.0 event that a Lambda Function URL (AuthType AWS_IAM) hands to the function.
 */
import { randomBytes } from 'node:crypto';
import type {
  APIGatewayEventRequestContextIAMAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithIAMAuthorizer,
} from 'aws-lambda';

export interface CallerIdentity {
  accessKeyId: string;
  accountId: string;
  principalArn: string;
  userId: string;
}

export interface EventRequest {
  method: string;
  url: URL;
  /** A Headers object, or raw name/value pairs (repeated names are then joined with ',' as AWS does). */
  headers: Headers | ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
}

export interface EventOptions {
  requestId: string;
  sourceIp: string;
  domainName: string;
  now?: Date;
}

type IamIdentity = Omit<APIGatewayEventRequestContextIAMAuthorizer['iam'], 'principalOrgId'> & { principalOrgId: string | null };

/** The v2 event with the IAM authorizer block exactly as Function URLs send it (`principalOrgId` and `authentication` are null). */
export type FunctionUrlEvent = Omit<APIGatewayProxyEventV2WithIAMAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayEventRequestContextV2, 'authentication'> & {
    authentication: null;
    authorizer: { iam: IamIdentity };
  };
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TEXT_TYPE_RE = /^(?:text\/|application\/(?:json|xml|javascript|ecmascript|x-javascript|graphql|ld\+json)\b)|\+(?:json|xml)\b/i;

/** Formats a time like API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export function formatRequestTime(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

/** True when Function URLs pass a body of this content type as text rather than base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  return !!contentType && TEXT_TYPE_RE.test(contentType.trim());
}

/** An X-Ray style trace id, as Function URLs add in `x-amzn-trace-id`. */
export function newTraceId(now: Date = new Date()): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

function lowerCasedHeaders(headers: EventRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name] = name === 'set-cookie' ? headers.getSetCookie().join(',') : value;
    });
    return out;
  }
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    const prev = out[name];
    out[name] = prev === undefined ? value : `${prev},${value}`;
  }
  return out;
}

function queryParameters(url: URL): Record<string, string> | undefined {
  if (!url.search || url.search === '?') return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    const prev = out[key];
    out[key] = prev === undefined ? value : `${prev},${value}`;
  }
  return out;
}

/** Builds the Function URL v2 event for a verified request and its IAM caller. */
export function toFunctionUrlEvent(req: EventRequest, identity: CallerIdentity, opts: EventOptions): FunctionUrlEvent {
  const now = opts.now ?? new Date();
  const headers = lowerCasedHeaders(req.headers);
  const cookieHeader = headers['cookie'];
  delete headers['cookie'];
  const cookies = cookieHeader?.split(/;\s*/).filter((c) => c.length > 0);
  headers['x-amzn-trace-id'] ??= newTraceId(now);
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${opts.sourceIp}` : opts.sourceIp;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-port'] = '443';

  const rawPath = req.url.pathname;
  const rawQueryString = req.url.search.startsWith('?') ? req.url.search.slice(1) : req.url.search;
  const queryStringParameters = queryParameters(req.url);
  const isBase64Encoded = req.body.byteLength > 0 && !isTextContentType(headers['content-type']);
  const body = req.body.byteLength === 0
    ? undefined
    : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength).toString(isBase64Encoded ? 'base64' : 'utf8');
  const domainPrefix = opts.domainName.split('.')[0] ?? opts.domainName;

  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: identity.accountId,
      apiId: domainPrefix,
      authentication: null,
      authorizer: {
        iam: {
          accessKey: identity.accessKeyId,
          accountId: identity.accountId,
          callerId: identity.userId,
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: identity.principalArn,
          userId: identity.userId,
        },
      },
      domainName: opts.domainName,
      domainPrefix,
      http: {
        method: req.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: opts.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: opts.requestId,
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
  };
}
