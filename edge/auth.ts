/** Bearer authentication at the edge: admin key, server keys, or a Supabase Auth player JWT. */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiError, isPlayerId, type Principal } from '../core/index.ts';
import type { EdgeBindings } from './env.ts';

const encoder = new TextEncoder();

/** The SHA-256 digest of a string. */
export const sha256 = async (s: string): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));

/** Compares two digests in time independent of where they differ (XOR), so neither length nor content of a key leaks. */
export function sameDigest(x: Uint8Array, y: Uint8Array): boolean {
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Per-isolate work done once per set of bindings (the same object for the life of an isolate):
 * the digests of the configured keys, and the HS256 key imported for verifying player tokens.
 */
interface Keys {
  admin: Uint8Array | null;
  servers: Uint8Array[];
  jwtSecret: Promise<CryptoKey> | null;
}
const prepared = new WeakMap<object, Promise<Keys>>();

async function prepareKeys(env: EdgeBindings): Promise<Keys> {
  const serverKeys = (env.SERVER_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  return {
    admin: env.ADMIN_API_KEY ? await sha256(env.ADMIN_API_KEY) : null,
    servers: await Promise.all(serverKeys.map(sha256)),
    jwtSecret: env.SUPABASE_JWT_SECRET ? crypto.subtle.importKey('raw', encoder.encode(env.SUPABASE_JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']) : null,
  };
}

function keysOf(env: EdgeBindings): Promise<Keys> {
  let keys = prepared.get(env);
  if (!keys) {
    keys = prepareKeys(env);
    prepared.set(env, keys);
  }
  return keys;
}

let jwks: { url: string; get: JWTVerifyGetKey } | undefined;

/**
 * The issuer Supabase Auth writes into its tokens: `<project URL>/auth/v1`. Taken from SUPABASE_URL,
 * or else from a JWKS URL of the project's form `<project URL>/auth/v1/.well-known/jwks.json`.
 * Null when neither is set: then no player token is accepted.
 */
export function expectedIssuer(env: Pick<EdgeBindings, 'SUPABASE_URL' | 'SUPABASE_JWKS_URL'>): string | null {
  if (env.SUPABASE_URL) return `${env.SUPABASE_URL.replace(/\/+$/, '')}/auth/v1`;
  const m = /^(https?:\/\/[^/]+\/auth\/v1)\/\.well-known\/jwks\.json$/.exec(env.SUPABASE_JWKS_URL ?? '');
  return m?.[1] ?? null;
}

/**
 * Verifies a Supabase Auth access token: signature (HS256 secret or the project's JWKS), audience and
 * role `authenticated` (never `anon` or `service_role`), the project's issuer, and both `exp` and `sub`
 * present. Every refusal is the same 401 to the caller.
 */
async function verifyPlayerToken(token: string, env: EdgeBindings, keys: Keys): Promise<Principal> {
  const issuer = expectedIssuer(env);
  let payload;
  try {
    if (!issuer) throw new Error('no Supabase project configured (SUPABASE_URL)');
    const checks = { audience: 'authenticated', issuer, requiredClaims: ['exp', 'sub'] };
    if (env.SUPABASE_JWKS_URL) {
      if (jwks?.url !== env.SUPABASE_JWKS_URL) jwks = { url: env.SUPABASE_JWKS_URL, get: createRemoteJWKSet(new URL(env.SUPABASE_JWKS_URL)) };
      ({ payload } = await jwtVerify(token, jwks.get, { ...checks, algorithms: ['ES256', 'RS256'] }));
    } else if (keys.jwtSecret) {
      ({ payload } = await jwtVerify(token, await keys.jwtSecret, { ...checks, algorithms: ['HS256'] }));
    } else {
      throw new Error('no JWT verification configured');
    }
  } catch {
    throw new ApiError('unauthorized', 'Invalid or expired token');
  }
  if (payload.role !== 'authenticated') throw new ApiError('unauthorized', 'Only signed-in players may use a token');
  if (typeof payload.sub !== 'string' || !isPlayerId(payload.sub)) throw new ApiError('unauthorized', 'The token has no usable subject');
  return { kind: 'player', playerId: payload.sub };
}

/** Authenticates the Authorization header; throws 401 when missing or invalid. */
export async function authenticate(header: string | undefined, env: EdgeBindings): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) throw new ApiError('unauthorized', 'Missing bearer token');
  const token = match[1];
  const keys = await keysOf(env);
  // The token is hashed once and compared with the configured keys' digests only.
  const digest = await sha256(token);
  if (keys.admin && sameDigest(digest, keys.admin)) return { kind: 'admin' };
  // Compare against every key, so timing does not reveal which one matched.
  const matches = keys.servers.map((k) => sameDigest(digest, k));
  const index = matches.indexOf(true);
  if (index >= 0) return { kind: 'server', keyId: String(index) };
  if (token.split('.').length === 3) return verifyPlayerToken(token, env, keys);
  throw new ApiError('unauthorized', 'Invalid credentials');
}
