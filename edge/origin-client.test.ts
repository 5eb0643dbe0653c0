import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../core/index.ts';
import type { EdgeBindings } from './env.ts';
import { forwardToOrigin, ORIGIN_REFUSED, WRITE_RETRIES } from './origin-client.ts';

const env = { ORIGIN_URL: 'https://origin.example', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' } as EdgeBindings;
const forward = () => forwardToOrigin(env, { method: 'GET', pathAndQuery: '/api/boards', headers: new Headers(), requestId: 'r1' });

afterEach(() => vi.unstubAllGlobals());

describe('forwardToOrigin', () => {
  it("turns AWS refusing the edge's signature into a 503 envelope, never the caller's 403", async () => {
    vi.stubGlobal('fetch', async () => new Response('{"Message":"Forbidden"}', { status: 403, headers: { 'x-amzn-ErrorType': 'AccessDeniedException' } }));
    const err = await forward().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'unavailable', message: ORIGIN_REFUSED });
  });

  it("passes the origin's own 403 envelope through", async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'forbidden', message: 'no' }, requestId: 'r1' }, { status: 403 }));
    expect((await forward()).status).toBe(403);
  });

  it('signs for lambda in the configured region, with the request id', async () => {
    let seen: Request | undefined;
    vi.stubGlobal('fetch', async (req: Request) => {
      seen = req;
      return Response.json({ boards: [] });
    });
    await forward();
    expect(seen!.headers.get('authorization')).toMatch(/Credential=AKIA\/\d{8}\/us-east-1\/lambda\/aws4_request/);
    expect(seen!.headers.get('x-request-id')).toBe('r1');
  });
});

describe('replay-safe writes', () => {
  /** Stubs fetch with answers in order; records every request the edge sends. */
  function origin(...statuses: number[]) {
    const seen: Request[] = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      seen.push(req);
      const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
      return Response.json(status < 300 ? { ok: true } : { error: { code: 'unavailable', message: 'x' } }, { status });
    });
    return seen;
  }
  const post = (o: { headers?: HeadersInit; replaySafe?: boolean; method?: string } = {}) =>
    forwardToOrigin(env, { method: o.method ?? 'POST', pathAndQuery: '/api/boards/b/scores', headers: new Headers(o.headers), body: new TextEncoder().encode('{"playerId":"a","score":1}').buffer, requestId: 'r1', ...(o.replaySafe === undefined ? {} : { replaySafe: o.replaySafe }) });
  const signedHeaders = (req: Request) => /SignedHeaders=([^,\s]+)/.exec(req.headers.get('authorization') ?? '')?.[1]?.split(';') ?? [];

  it('gives every write without an Idempotency-Key a new one, covered by the signature', async () => {
    const seen = origin(200);
    await post();
    await post({ method: 'PUT' });
    await post({ method: 'DELETE' });
    const keys = seen.map((r) => r.headers.get('idempotency-key'));
    for (const [i, k] of keys.entries()) {
      expect(k).toMatch(/^edge-[0-9a-f-]{36}$/);
      expect(signedHeaders(seen[i]!)).toContain('idempotency-key');
    }
    expect(new Set(keys).size).toBe(3);
  });

  it("keeps the caller's own key, and gives reads none", async () => {
    const seen = origin(200);
    await post({ headers: { 'idempotency-key': 'client-key-1' } });
    await forward();
    expect(seen[0]!.headers.get('idempotency-key')).toBe('client-key-1');
    expect(signedHeaders(seen[0]!)).toContain('idempotency-key');
    expect(seen[1]!.headers.has('idempotency-key')).toBe(false);
  });

  it(`retries a write after a 5xx or 429 at most ${WRITE_RETRIES} times, with the same key each time`, async () => {
    const seen = origin(503, 429, 200);
    expect((await post()).status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.headers.get('idempotency-key'))).size).toBe(1);

    const always = origin(500);
    expect((await post()).status).toBe(500);
    expect(always).toHaveLength(1 + WRITE_RETRIES);
  });

  it('sends a write that is not replay-safe once', async () => {
    const seen = origin(503, 200);
    expect((await post({ replaySafe: false })).status).toBe(503);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.get('idempotency-key')).toMatch(/^edge-/);
  });

  it('never retries a 4xx', async () => {
    const seen = origin(409, 200);
    expect((await post()).status).toBe(409);
    expect(seen).toHaveLength(1);
  });
});
