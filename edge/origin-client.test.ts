import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../core/index.ts';
import type { EdgeBindings } from './env.ts';
import { forwardToOrigin, ORIGIN_REFUSED } from './origin-client.ts';

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
