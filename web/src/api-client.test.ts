import { afterEach, describe, expect, it, vi } from 'vitest';
import { callApi, conditionalGet, paths } from './api-client.ts';

afterEach(() => vi.unstubAllGlobals());

describe('read-your-writes with board versions', () => {
  it("sends a write's X-Board-Seq as X-Min-Seq on later reads of that board only", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push({ url, headers: (init.headers ?? {}) as Record<string, string> });
      return Response.json({ entries: [], updated: true }, { headers: url.endsWith('/scores') ? { 'x-board-seq': '42' } : {} });
    });
    await callApi(paths.entries('b1', 10, null));
    await callApi(paths.scores('b1'), { method: 'POST', body: '{}' });
    await callApi(paths.entries('b1', 10, null));
    await conditionalGet(paths.player('b1', 'p'), '"e"');
    await callApi(paths.entries('b2', 10, null));
    expect(seen.map((s) => s.headers['X-Min-Seq'] ?? null)).toEqual([null, null, '42', '42', null]);
    expect(seen[3]!.headers['If-None-Match']).toBe('"e"');
  });
});
