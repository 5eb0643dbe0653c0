/** Bearer authentication at the edge: admin key, server keys, or a Supabase Auth player JWT. */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiError, isPlayerId, type Principal } from '../core/index.ts';
import type { EdgeBindings } from './env.ts';

const encoder = new TextEncoder();

/** Compares two strings in time independent of where they differ (SHA-256 both, then XOR). */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(a)), crypto.subtle.digest('SHA-256', encoder.encode(b))]);
  const x = new Uint8Array(ha);
  const y = new Uint8Array(hb);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
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
async function verifyPlayerToken(token: string, env: EdgeBindings): Promise<Principal> {
  const issuer = expectedIssuer(env);
  let payload;
  try {
    if (!issuer) throw new Error('no Supabase project configured (SUPABASE_URL)');
    const checks = { audience: 'authenticated', issuer, requiredClaims: ['exp', 'sub'] };
    if (env.SUPABASE_JWKS_URL) {
      if (jwks?.url !== env.SUPABASE_JWKS_URL) jwks = { url: env.SUPABASE_JWKS_URL, get: createRemoteJWKSet(new URL(env.SUPABASE_JWKS_URL)) };
      ({ payload } = await jwtVerify(token, jwks.get, { ...checks, algorithms: ['ES256', 'RS256'] }));
    } else if (env.SUPABASE_JWT_SECRET) {
      ({ payload } = await jwtVerify(token, encoder.encode(env.SUPABASE_JWT_SECRET), { ...checks, algorithms: ['HS256'] }));
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
  if (env.ADMIN_API_KEY && (await constantTimeEqual(token, env.ADMIN_API_KEY))) return { kind: 'admin' };
  const serverKeys = (env.SERVER_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  // Compare against every key, so timing does not reveal which one matched.
  const matches = await Promise.all(serverKeys.map((k) => constantTimeEqual(token, k)));
  const index = matches.indexOf(true);
  if (index >= 0) return { kind: 'server', keyId: String(index) };
  if (token.split('.').length === 3) return verifyPlayerToken(token, env);
  throw new ApiError('unauthorized', 'Invalid credentials');
}
