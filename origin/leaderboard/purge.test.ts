import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deps } from './deps.ts';
import { attemptPurge, boardTags, recordPurge, retryPurges } from './purge.ts';

afterEach(() => vi.unstubAllGlobals());

function fakeDeps(cloudflare: boolean) {
  const rows = new Map<number, { tags: string[]; attempts: number; done: boolean; lastError: string | null }>();
  let next = 1;
  const logs: unknown[] = [];
  const deps = {
    config: { cloudflare: cloudflare ? { apiBase: 'https://cf.example/client/v4', zoneId: 'z1', apiToken: 't', timeoutMs: 1000 } : null },
    record: {
      purgeRequest: async (tags: string[]) => (rows.set(next, { tags, attempts: 0, done: false, lastError: null }), next++),
      purgeResult: async (id: number, ok: boolean, error: string | null) => {
        const r = rows.get(id)!;
        r.attempts++;
        r.done = ok;
        r.lastError = error;
        return { id, status: ok ? 'done' : 'pending', attempts: r.attempts, lastError: error };
      },
      purgesDue: async () => [...rows].filter(([, r]) => !r.done).map(([id, r]) => ({ id, tags: r.tags, reason: 'x', attempts: r.attempts })),
    },
    log: (...a: unknown[]) => logs.push(a),
  } as unknown as Deps;
  return { deps, rows, logs };
}

describe('edge purges', () => {
  it("purges a board's tags through the zone purge API, and reports done", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => (calls.push({ url, init }), Response.json({ success: true, errors: [], messages: [], result: { id: 'x' } })));
    const { deps } = fakeDeps(true);
    const id = await recordPurge(deps, boardTags('b1'), 'player erased');
    expect(await attemptPurge(deps, id, boardTags('b1'))).toEqual({ status: 'done', id, attempts: 1, lastError: null });
    expect(calls[0]!.url).toBe('https://cf.example/client/v4/zones/z1/purge_cache');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ tags: ['lb-board-b1', 'lb-boards'] });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer t');
  });

  it('keeps a refused purge pending with a short reason, and retries it later', async () => {
    let answer = () => Response.json({ success: false, errors: [{ code: 971, message: 'slow down' }] }, { status: 429 });
    vi.stubGlobal('fetch', async () => answer());
    const { deps, rows } = fakeDeps(true);
    const id = await recordPurge(deps, boardTags('b1'), 'board deleted');
    expect(await attemptPurge(deps, id, boardTags('b1'))).toMatchObject({ status: 'pending', attempts: 1, lastError: 'status 429 (codes 971)' });
    vi.stubGlobal('fetch', async () => { throw new TypeError('fetch failed'); });
    expect(await retryPurges(deps)).toEqual({ done: 0, pending: 1 });
    expect(rows.get(id!)!.lastError).toBe('network error');
    answer = () => Response.json({ success: true, errors: [], messages: [], result: { id: 'y' } });
    vi.stubGlobal('fetch', async () => answer());
    expect(await retryPurges(deps)).toEqual({ done: 1, pending: 0 });
  });

  it('does nothing, and says so, when no zone is configured', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const { deps } = fakeDeps(false);
    const id = await recordPurge(deps, boardTags('b1'), 'x');
    expect(await attemptPurge(deps, id, boardTags('b1'))).toEqual({ status: 'not-configured' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
