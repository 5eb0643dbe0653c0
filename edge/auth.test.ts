import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, expectedIssuer, sameDigest, sha256 } from './auth.ts';
import type { EdgeBindings } from './env.ts';

const env = { ADMIN_API_KEY: 'admin-key-123', SERVER_API_KEYS: 'server-a, server-b' } as EdgeBindings;

describe('sameDigest', () => {
  it('is equality of the strings digested, for equal and unequal lengths', async () => {
    const same = async (a: string, b: string) => sameDigest(await sha256(a), await sha256(b));
    expect(await same('abc', 'abc')).toBe(true);
    expect(await same('abc', 'abd')).toBe(false);
    expect(await same('abc', 'abcd')).toBe(false);
    expect(await same('', '')).toBe(true);
    expect(await same('a'.repeat(5000), `${'a'.repeat(4999)}b`)).toBe(false);
    expect(sameDigest(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describe('authenticate', () => {
  it('maps the admin key and each server key, and refuses near misses', async () => {
    expect(await authenticate('Bearer admin-key-123', env)).toEqual({ kind: 'admin' });
    expect(await authenticate('Bearer server-b', env)).toEqual({ kind: 'server', keyId: '1' });
    for (const h of ['Bearer admin-key-12', 'Bearer admin-key-1234', 'Bearer server-', 'Bearer SERVER-A', undefined, 'Basic admin-key-123']) {
      await expect(authenticate(h, env), String(h)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });

  it('compares keys only as digests, through sameDigest', () => {
    const source = readFileSync(new URL('./auth.ts', import.meta.url), 'utf8');
    // The token's digest is compared with each configured key's digest through sameDigest ...
    expect(source).toMatch(/sameDigest\(digest, keys\.admin\)/);
    expect(source).toMatch(/keys\.servers\.map\(\(k\) => sameDigest\(digest, k\)\)/);
    // ... and no key or token is compared with ===, !==, == or startsWith/includes.
    for (const line of source.split('\n')) {
      if (/ADMIN_API_KEY|SERVER_API_KEYS|serverKeys|\btoken\b/.test(line)) expect(line, line).not.toMatch(/[!=]==?\s*(token|k|env\.ADMIN_API_KEY)\b|\b(token|k)\s*[!=]==?|\.(startsWith|includes|indexOf)\(token/);
    }
  });
});

describe('player tokens', () => {
  const SECRET = 'unit-test-secret-at-least-32-characters';
  const PROJECT = 'https://abcdefghijklmnop.supabase.co';
  const ISSUER = `${PROJECT}/auth/v1`;
  const hsEnv = { ...env, SUPABASE_JWT_SECRET: SECRET, SUPABASE_URL: PROJECT } as EdgeBindings;
  type Claims = { sub?: string; iss?: string; aud?: string; role?: unknown; exp?: number | null };
  const now = () => Math.floor(Date.now() / 1000);
  /** A token like Supabase Auth's, with any claim replaced or (as undefined / null for exp) left out. */
  function hsToken(o: Claims = {}, secret = SECRET) {
    const claims: Record<string, unknown> = { role: 'authenticated', aud: 'authenticated', iss: ISSUER, sub: 'alice', iat: now(), exp: now() + 300 };
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined || v === null) delete claims[k];
      else claims[k] = v;
    }
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
  }
  const refused = async (token: string, e: EdgeBindings = hsEnv) => expect(authenticate(`Bearer ${token}`, e)).rejects.toMatchObject({ code: 'unauthorized', status: 401 });

  it('accepts a token of the configured project with role authenticated', async () => {
    expect(await authenticate(`Bearer ${await hsToken()}`, hsEnv)).toEqual({ kind: 'player', playerId: 'alice' });
    // A trailing slash on the configured URL changes nothing.
    expect(await authenticate(`Bearer ${await hsToken()}`, { ...hsEnv, SUPABASE_URL: `${PROJECT}/` })).toEqual({ kind: 'player', playerId: 'alice' });
  });

  it('refuses a token without exp', async () => refused(await hsToken({ exp: null })));
  it('refuses an expired token', async () => refused(await hsToken({ exp: now() - 60 })));
  it('refuses a token without sub', async () => refused(await hsToken({ sub: undefined })));
  it('refuses a token without iss', async () => refused(await hsToken({ iss: undefined })));
  it('refuses a token of another Supabase project', async () => refused(await hsToken({ iss: 'https://otherproject00000.supabase.co/auth/v1' })));
  it('refuses the anon and service_role roles, and a token with no role', async () => {
    await refused(await hsToken({ role: 'anon' }));
    await refused(await hsToken({ role: 'service_role' }));
    await refused(await hsToken({ role: undefined }));
    await refused(await hsToken({ role: ['authenticated'] }));
  });
  it('refuses another audience', async () => refused(await hsToken({ aud: 'anon' })));
  it('refuses a token signed with another secret', async () => refused(await hsToken({}, 'another-secret-at-least-32-characters-long')));
  it('refuses every token when no Supabase project is configured', async () => {
    await refused(await hsToken(), { ...hsEnv, SUPABASE_URL: undefined });
  });

  it('derives the issuer from SUPABASE_URL, or from a JWKS URL of the project form', () => {
    expect(expectedIssuer({ SUPABASE_URL: PROJECT })).toBe(ISSUER);
    expect(expectedIssuer({ SUPABASE_JWKS_URL: `${ISSUER}/.well-known/jwks.json` })).toBe(ISSUER);
    expect(expectedIssuer({ SUPABASE_JWKS_URL: 'https://keys.example.com/jwks.json' })).toBeNull();
    expect(expectedIssuer({})).toBeNull();
  });

  describe('verified against a JWKS', () => {
    let server: Server;
    let jwksUrl: string;
    let key: CryptoKey;
    let other: CryptoKey;
    let fetches = 0;
    beforeAll(async () => {
      const pair = await generateKeyPair('ES256', { extractable: true });
      key = pair.privateKey;
      other = (await generateKeyPair('ES256')).privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      server = createServer((req, res) => {
        fetches++;
        if (req.url !== '/auth/v1/.well-known/jwks.json') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const esToken = (o: Claims = {}, signer?: CryptoKey) => {
      const claims: Record<string, unknown> = { role: 'authenticated', aud: 'authenticated', iss: jwksUrl.replace('/.well-known/jwks.json', ''), sub: 'bob', iat: now(), exp: now() + 300 };
      for (const [k, v] of Object.entries(o)) {
        if (v === undefined || v === null) delete claims[k];
        else claims[k] = v;
      }
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' }).sign(signer ?? key);
    };
    // No SUPABASE_URL: the issuer comes from the JWKS URL. No HS256 secret either.
    const jwksEnv = () => ({ ...env, SUPABASE_JWKS_URL: jwksUrl }) as EdgeBindings;

    it("accepts a token signed with the project's key, fetched from the JWKS URL", async () => {
      expect(await authenticate(`Bearer ${await esToken()}`, jwksEnv())).toEqual({ kind: 'player', playerId: 'bob' });
      expect(fetches).toBeGreaterThan(0);
    });
    it('refuses a token signed with a key the JWKS does not hold', async () => refused(await esToken({}, other), jwksEnv()));
    it('refuses an HS256 token when a JWKS is configured', async () => refused(await hsToken({ iss: jwksUrl.replace('/.well-known/jwks.json', '') }), jwksEnv()));
    it('refuses a JWKS-signed token without exp, without sub, of another issuer, or of another role', async () => {
      await refused(await esToken({ exp: null }), jwksEnv());
      await refused(await esToken({ sub: undefined }), jwksEnv());
      await refused(await esToken({ iss: ISSUER }), jwksEnv());
      await refused(await esToken({ role: 'service_role' }), jwksEnv());
    });
  });
});
