import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from './app.ts';
import type { EdgeBindings } from './env.ts';
import { cacheStatusOf, type MetricsDataset } from './metrics.ts';
import { forwardToOrigin } from './origin-client.ts';

/** A dataset that keeps the points written to it. */
function dataset() {
  const points: { indexes?: unknown[]; blobs?: unknown[]; doubles?: number[] }[] = [];
  const ds: MetricsDataset = { writeDataPoint: (p) => void points.push(p ?? {}) };
  return { ds, points };
}

const base = { ORIGIN_URL: 'https://origin.example', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server' };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('edge metrics', () => {
  it('writes one request point with the cache status and the route, never an id', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { ds, points } = dataset();
    const res = await app.request('/api/nowhere', {}, { ...base, METRICS: ds } as EdgeBindings);
    expect(res.status).toBe(404);
    expect(points).toEqual([{ indexes: ['request'], blobs: ['request', 'GET', 'BYPASS', 'other', '4xx'], doubles: [404, expect.any(Number)] }]);
  });

  it('works without the binding', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    expect((await app.request('/api/nowhere', {}, base as EdgeBindings)).status).toBe(404);
  });

  it("records each origin call's outcome and latency, including one that never answered", async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ds, points } = dataset();
    const env = { ...base, METRICS: ds } as EdgeBindings;
    const forward = () => forwardToOrigin(env, { method: 'POST', pathAndQuery: '/api/boards/b/scores', headers: new Headers(), requestId: 'r1', replaySafe: false });
    vi.stubGlobal('fetch', async () => Response.json({ ok: true }, { status: 201 }));
    await forward();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(forward()).rejects.toMatchObject({ code: 'unavailable' });
    expect(points.map((p) => [p.blobs, p.doubles?.[0]])).toEqual([
      [['origin', 'POST', '2xx'], 201],
      [['origin', 'POST', 'timeout'], 0],
    ]);
    expect(points.every((p) => typeof p.doubles?.[1] === 'number')).toBe(true);
  });

  it('counts only the four cache statuses; anything else is NONE', () => {
    expect(['HIT', 'STALE', 'MISS', 'BYPASS', null, 'hit', 'X'].map(cacheStatusOf)).toEqual(['HIT', 'STALE', 'MISS', 'BYPASS', 'NONE', 'NONE', 'NONE']);
  });
});
