import { describe, expect, it } from 'vitest';
import { createPurgeApi } from './purge-api.ts';

const setup = (bucket?: { size: number; perSecond: number }) => {
  const cleared: unknown[] = [];
  let now = 0;
  const api = createPurgeApi({ zoneId: 'zone1', apiToken: 'tok', clearLocal: async (p) => (cleared.push(p), 3), ...(bucket ? { bucket } : {}), now: () => now });
  const purge = (body: unknown, o: { token?: string; zone?: string } = {}) =>
    api.app.request(`/client/v4/zones/${o.zone ?? 'zone1'}/purge_cache`, { method: 'POST', headers: { authorization: `Bearer ${o.token ?? 'tok'}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { api, cleared, purge, tick: (ms: number) => (now += ms) };
};

describe('the local Cloudflare purge API', () => {
  it("accepts a purge by tags in Cloudflare's envelope, clears the local cache and records the call", async () => {
    const { api, cleared, purge } = setup();
    const res = await purge({ tags: ['lb-board-A', 'lb-boards'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, errors: [], messages: [], result: { id: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(cleared).toEqual([{ tags: ['lb-board-a', 'lb-boards'] }]);
    expect(api.purges).toEqual([expect.objectContaining({ zoneId: 'zone1', status: 200, cleared: 3, body: { tags: ['lb-board-A', 'lb-boards'] } })]);
  });

  it('refuses what Cloudflare refuses: a wrong token, a wrong zone, a malformed body, too many operations', async () => {
    const { purge, cleared } = setup();
    const codes = async (r: Response) => [r.status, ((await r.json()) as { errors: { code: number }[] }).errors[0]!.code];
    expect(await codes(await purge({ tags: ['a'] }, { token: 'nope' }))).toEqual([403, 10000]);
    expect(await codes(await purge({ tags: ['a'] }, { zone: 'other' }))).toEqual([400, 7003]);
    for (const body of [{}, { tags: [] }, { tags: ['a'], prefixes: ['x/'] }, { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, { purge_everything: false }]) {
      expect(await codes(await purge(body))).toEqual([400, 1012]);
    }
    expect(cleared).toEqual([]);
  });

  it('rate-limits with a token bucket, and fails on demand for retry tests', async () => {
    const { api, purge, tick } = setup({ size: 2, perSecond: 1 });
    expect((await purge({ tags: ['a'] })).status).toBe(200);
    expect((await purge({ tags: ['a'] })).status).toBe(200);
    expect((await purge({ tags: ['a'] })).status).toBe(429);
    tick(1000);
    await api.app.request('/__cloudflare/fail', { method: 'POST', body: JSON.stringify({ count: 1 }) });
    expect((await purge({ tags: ['a'] })).status).toBe(500);
    tick(1000);
    expect((await purge({ tags: ['a'] })).status).toBe(200);
  });
});
