import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../app.ts';
import { parseConfig } from '../config.ts';
import type { EdgeBindings } from '../env.ts';

const env = { ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server' } as EdgeBindings;
const call = (path: string, init: RequestInit = {}) => app.request(`http://127.0.0.1:8787${path}`, init, env);

afterEach(() => vi.unstubAllGlobals());

describe('edge routes', () => {
  it('answers 405 per known path and 404 for unknown ones, in the envelope', async () => {
    for (const [method, path] of [['PATCH', '/api/boards/b/entries'], ['POST', '/api/boards/b/players/a/history'], ['POST', '/api/boards'], ['GET', '/api/boards/b/scores'], ['PUT', '/api/health'], ['POST', '/leaderboard']] as const) {
      const res = await call(path, { method });
      expect([method, path, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([method, path, 405, 'method_not_allowed']);
    }
    const res = await call('/api/nope');
    expect(res.status).toBe(404);
  });

  it('rejects invalid reads before any cache or origin is touched', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    // No caches global here: reaching the cache would throw a 500.
    for (const q of ['/api/boards/b/entries?limit=0', '/api/boards/b/entries?limit=abc', '/api/boards/b/entries?limit=10&limit=99', '/api/boards/B/entries', '/api/boards/b/entries?cursor=forged', '/api/boards/b/entries?period=2999-01-01', '/api/boards/b/players?ids=', '/api/boards/b/players/a/around?radius=51', '/api/boards/b/players/a/history?limit=101', '/api/boards/b/players/a/history?cursor=forged', '/leaderboard?count=0', '/api/boards/b?minSeq=x']) {
      const res = await call(q);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.headers.get('x-cache')).toBe('BYPASS');
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers /api/health without the origin, and keeps the deep check for the admin', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const res = await call('/api/health');
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok', edge: 'ok' }]);
    expect((await call('/api/health/deep', { headers: { authorization: 'Bearer server' } })).status).toBe(403);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('validates the board PUT body at the edge', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const res = await call('/api/boards/b', { method: 'PUT', headers: { authorization: 'Bearer admin', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', sort: 'sideways' }) });
    expect(res.status).toBe(400);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers 400 to a non-ASCII Idempotency-Key instead of a signature the origin would refuse', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const res = await call('/api/boards/b/scores', { method: 'POST', headers: { authorization: 'Bearer server', 'content-type': 'application/json', 'idempotency-key': 'cl\u00e9' }, body: JSON.stringify({ playerId: 'p', score: 1 }) });
    expect([res.status, ((await res.json()) as { error: { details: unknown } }).error.details]).toEqual([400, { 'Idempotency-Key': 'must be printable ASCII' }]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('edge config', () => {
  it('is strict: a malformed value names its variable', () => {
    expect(parseConfig(env).originTimeoutMs).toBe(5000);
    expect(() => parseConfig({ ...env, ORIGIN_TIMEOUT_MS: '10x' } as EdgeBindings)).toThrow(/ORIGIN_TIMEOUT_MS/);
    expect(() => parseConfig({ ...env, DEFAULT_CACHE_SECONDS: '0' } as EdgeBindings)).toThrow(/DEFAULT_CACHE_SECONDS/);
    expect(() => parseConfig({ ...env, ORIGIN_URL: 'not a url' } as EdgeBindings)).toThrow(/ORIGIN_URL/);
    expect(parseConfig({ ...env, CORS_ORIGINS: 'https://a.example, https://b.example' } as EdgeBindings).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});

describe('read validation, kept per URL', () => {
  /** A Cache API that never has a copy, and an origin that answers every read. */
  function stubEdge() {
    vi.stubGlobal('caches', { default: { match: async () => undefined, put: async () => undefined, delete: async () => false } });
    const fetchSpy = vi.fn(async () => Response.json({ entries: [] }, { headers: { 'cache-control': 'public, max-age=5', 'x-board-seq': '3' } }));
    vi.stubGlobal('fetch', fetchSpy);
    return fetchSpy;
  }
  const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
  const read = (path: string, headers: Record<string, string> = {}) => app.request(`http://127.0.0.1:8787${path}`, { headers }, env, ctx as never);

  it('checks the X-Min-Seq header on every read of a URL it has seen, and keeps refusing an invalid URL', async () => {
    const fetchSpy = stubEdge();
    expect((await read('/api/boards/kept/entries?limit=5')).status).toBe(200);
    expect((await read('/api/boards/kept/entries?limit=5', { 'x-min-seq': 'x' })).status).toBe(400);
    expect((await read('/api/boards/kept/entries?limit=5', { 'x-min-seq': '2' })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await read('/api/boards/kept/entries?limit=0')).status).toBe(400);
    // Each valid read went to the origin with the canonical query (no copy in this cache).
    expect(fetchSpy.mock.calls.map((args) => new URL((args as unknown as [Request])[0].url).search)).toEqual(['?limit=5', '?limit=5']);
  });
});
