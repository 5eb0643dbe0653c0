/**
 * SigV4 header-auth verification for the local Function URL emulator.
 * The signature is recomputed with the AWS SDK's own signer (@smithy/signature-v4).
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Header lookup by name, as `Headers.get` (repeated headers joined with ', '). */
export type HeaderLookup = Pick<Headers, 'get'>;

export interface SignedRequest {
  method: string;
  url: URL;
  headers: HeaderLookup;
  body: Uint8Array;
}

export interface VerifyOptions {
  credentials: SigV4Credentials;
  region: string;
  service: 'lambda';
  now?: Date;
  /** Allowed clock skew either way; 5 minutes like AWS. */
  maxSkewMs?: number;
}

export type VerifyFailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown_key'
  | 'expired'
  | 'signature_mismatch'
  | 'missing_token'
  | 'bad_token'
  | 'body_hash_mismatch';

export type VerifyResult =
  | { ok: true; accessKeyId: string }
  | { ok: false; reason: VerifyFailureReason; message: string };

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_SKEW_MS = 5 * 60_000;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const fail = (reason: VerifyFailureReason, message: string): VerifyResult => ({ ok: false, reason, message });

/** Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`; null when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) return null;
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return null;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return null;
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(scopeDate) || !region || !service) return null;
  if (!/^[0-9a-f]{64}$/.test(signature)) return null;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Parses a basic ISO-8601 `YYYYMMDDTHHMMSSZ` timestamp; null when invalid. */
export function parseAmzDate(value: string): Date | null {
  const m = AMZ_DATE_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) || formatAmzDate(date) !== value ? null : date;
}

/** Formats a date as `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function checkSkew(signed: Date, amzDate: string, now: Date, skewMs: number): VerifyResult | null {
  const minutes = Math.round(skewMs / 60_000);
  if (signed.getTime() < now.getTime() - skewMs) {
    const limit = formatAmzDate(new Date(now.getTime() - skewMs));
    return fail('expired', `Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - ${minutes} min.)`);
  }
  if (signed.getTime() > now.getTime() + skewMs) {
    const limit = formatAmzDate(new Date(now.getTime() + skewMs));
    return fail('expired', `Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + ${minutes} min.)`);
  }
  return null;
}

/** Query as the SDK signer wants it: decoded keys and values, repeated keys as arrays, empty keys dropped (as aws4fetch does). */
function queryOf(url: URL): Record<string, string | string[]> {
  // No prototype, so a parameter named like an Object.prototype member (constructor, toString) starts empty.
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of url.searchParams) {
    if (!key) continue;
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): Buffer | string =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape @smithy/signature-v4 takes (a third of the pure-JS hash's CPU). */
class NodeSha256 {
  private hash!: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.reset();
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

/** One signer per credentials, region and service: it caches the day's signing key. */
const signers = new Map<string, SignatureV4>();
function signerFor(opts: VerifyOptions): SignatureV4 {
  const c = opts.credentials;
  const key = [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? '', opts.region, opts.service].join('\n');
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({ credentials: opts.credentials, region: opts.region, service: opts.service, sha256: NodeSha256, applyChecksum: false, uriEscapePath: true });
    signers.set(key, signer);
  }
  return signer;
}

/** Recomputes the signature of `req` with the SDK signer, over exactly the headers the caller signed. */
async function expectedSignature(req: SignedRequest, parsed: ParsedAuthorization, signingDate: Date, opts: VerifyOptions): Promise<string | null> {
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    headers[name] = name === 'host' ? (req.headers.get('host') ?? req.url.host) : (req.headers.get(name) ?? '');
  }
  // Headers the SDK signer adds or reads on its own; keep them out of the canonical request when the caller did not sign them.
  const unsignable = new Set<string>();
  for (const name of ['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) {
    if (parsed.signedHeaders.includes(name)) continue;
    unsignable.add(name);
    const value = req.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const request = new HttpRequest({
    method: req.method.toUpperCase(),
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    ...(req.url.port ? { port: Number(req.url.port) } : {}),
    path: req.url.pathname,
    query: queryOf(req.url),
    headers,
    body: req.body,
  });
  const signed = await signerFor(opts).sign(request, {
    signingDate,
    signableHeaders: new Set(parsed.signedHeaders),
    unsignableHeaders: unsignable,
  });
  const auth = signed.headers['authorization'] ?? '';
  return /Signature=([0-9a-f]{64})$/.exec(auth)?.[1] ?? null;
}

/** Verifies a SigV4 header-signed request against one set of credentials, the way a Lambda Function URL with AuthType AWS_IAM does. */
export async function verifySigV4(req: SignedRequest, opts: VerifyOptions): Promise<VerifyResult> {
  const authorization = req.headers.get('authorization');
  if (!authorization) return fail('missing', 'Missing Authentication Token');
  const parsed = parseAuthorization(authorization);
  if (!parsed) {
    return fail('malformed', "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters (AWS4-HMAC-SHA256).");
  }
  if (parsed.accessKeyId !== opts.credentials.accessKeyId) return fail('unknown_key', INVALID_TOKEN_MESSAGE);
  if (parsed.region !== opts.region) return fail('signature_mismatch', `Credential should be scoped to a valid region, not '${parsed.region}'.`);
  if (parsed.service !== opts.service) return fail('signature_mismatch', `Credential should be scoped to correct service: '${opts.service}'.`);
  if (!parsed.signedHeaders.includes('host')) return fail('malformed', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

  const amzDate = req.headers.get('x-amz-date');
  if (!amzDate) return fail('malformed', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return fail('malformed', `Invalid X-Amz-Date: '${amzDate}'.`);
  if (parsed.scopeDate !== amzDate.slice(0, 8)) {
    return fail('signature_mismatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  const skew = checkSkew(signingDate, amzDate, opts.now ?? new Date(), opts.maxSkewMs ?? DEFAULT_SKEW_MS);
  if (skew) return skew;

  const token = req.headers.get('x-amz-security-token');
  const expectedToken = opts.credentials.sessionToken;
  if (expectedToken) {
    if (!token) return fail('missing_token', INVALID_TOKEN_MESSAGE);
    if (!safeEqual(token, expectedToken)) return fail('bad_token', INVALID_TOKEN_MESSAGE);
  } else if (token) {
    return fail('bad_token', INVALID_TOKEN_MESSAGE);
  }

  const contentSha = req.headers.get('x-amz-content-sha256');
  if (contentSha !== null && contentSha !== 'UNSIGNED-PAYLOAD') {
    if (!/^[0-9a-fA-F]{64}$/.test(contentSha)) return fail('malformed', `x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest, not '${contentSha}'.`);
    const actual = createHash('sha256').update(req.body).digest('hex');
    if (!safeEqual(actual, contentSha.toLowerCase())) {
      return fail('body_hash_mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }

  const expected = await expectedSignature(req, parsed, signingDate, opts);
  if (!expected || !safeEqual(expected, parsed.signature)) return fail('signature_mismatch', SIGNATURE_MISMATCH_MESSAGE);
  return { ok: true, accessKeyId: parsed.accessKeyId };
}
