import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { app } from '../app.ts';
import { authenticate } from '../auth.ts';
import type { EdgeBindings } from '../env.ts';

const SECRET = 'unit-test-secret-at-least-32-characters';
const base: EdgeBindings = { ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server', SUPABASE_JWT_SECRET: SECRET, SUPABASE_URL: 'http://127.0.0.1:54321' };
const devEnv: EdgeBindings = { ...base, DEV_MODE: 'true' };

const mint = (env: EdgeBindings, body: unknown = { playerId: 'alice' }, url = 'http://127.0.0.1:8787/api/dev/token', headers: Record<string, string> = {}) =>
  app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, env);

describe('dev-only token minting', () => {
  it('mints a player token the edge accepts, for that player only', async () => {
    const res = await mint(devEnv);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; playerId: string; expiresAt: string };
    expect(body.playerId).toBe('alice');
    const { payload } = await jwtVerify(body.token, new TextEncoder().encode(SECRET), { audience: 'authenticated' });
    expect(payload.sub).toBe('alice');
    expect(payload.exp! * 1000).toBe(Date.parse(body.expiresAt));
    expect(await authenticate(`Bearer ${body.token}`, devEnv)).toEqual({ kind: 'player', playerId: 'alice' });
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('tells the page it is in dev mode', async () => {
    const res = await app.request('http://localhost:8787/api/dev', {}, devEnv);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ devMode: true });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await app.request('https://leaderboard.example.com/api/dev', {}, devEnv)).status).toBe(404);
  });

  it('does not exist without DEV_MODE=true (production config)', async () => {
    for (const env of [base, { ...base, DEV_MODE: 'false' }]) {
      expect((await mint(env)).status).toBe(404);
      const info = await app.request('http://127.0.0.1:8787/api/dev', {}, env);
      expect(info.status).toBe(404);
      expect(((await info.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('does not exist on a non-loopback host, or when tokens are verified with JWKS', async () => {
    expect((await mint(devEnv, undefined, 'https://leaderboard.example.com/api/dev/token')).status).toBe(404);
    expect((await mint({ ...devEnv, SUPABASE_JWKS_URL: 'https://example.com/jwks' })).status).toBe(404);
    expect((await mint({ ...devEnv, SUPABASE_JWT_SECRET: undefined })).status).toBe(404);
  });

  it('refuses other sites and bad player ids', async () => {
    expect((await mint(devEnv, undefined, undefined, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await mint(devEnv, undefined, undefined, { origin: 'http://127.0.0.1:8787' })).status).toBe(200);
    const bad = await mint(devEnv, { playerId: 'no spaces' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: unknown } }).error.details).toHaveProperty('playerId');
  });
});
