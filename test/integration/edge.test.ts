/**
 * The edge's cache and write limits on the real Worker runtime, against the real origin path:
 * HIT → STALE after the board's cache time, stale-if-error and 503 with the origin stopped,
 * coalesced cold misses counted at the emulator, and 429 with Retry-After for player writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_RATE_LIMIT_WRITES } from '../setup/global-stack.ts';
import { api, createBoard, edge, ensureOriginUp, origin, originHits, playerToken, submit, uniqueBoard, withinOneLimitWindow, type Res } from '../helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The edge's JSON lines in edge.log, once one matches `until` (wrangler writes them a moment after the answer). */
async function edgeLogLines(until: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>[]> {
  for (let i = 0; ; i++) {
    const lines = readFileSync(join(process.env.LB_TEST_LOGS!, 'edge.log'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (lines.some(until) || i === 50) return lines;
    await sleep(100);
  }
}


afterEach(ensureOriginUp); // a failed test must not leave the origin down

describe('edge cache', () => {
  it('serves HIT within the cache time, then STALE while it refreshes, then the fresh copy', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 1 });
    await submit(board, 'a', 1);
    const path = `/api/boards/${board}/entries`;
    expect((await api('GET', path)).headers.get('x-cache')).toBe('MISS');
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
    await sleep(1300);
    const stale = await api('GET', path);
    expect(stale.headers.get('x-cache')).toBe('STALE');
    expect(stale.body.entries.map((e: any) => e.playerId)).toEqual(['a']);
    await sleep(300); // the background refresh lands
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
  });

  it('serves a cached board STALE with the origin stopped, and 503 for an uncached one; writes get 503', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 1 });
    await submit(board, 'a', 7);
    const cached = `/api/boards/${board}/entries`;
    expect((await api('GET', cached)).status).toBe(200);
    await origin('stop');
    await sleep(1200);
    const stale = await api('GET', cached, { headers: { 'x-request-id': `stale-${board}` } });
    expect([stale.status, stale.headers.get('x-cache'), stale.body.entries[0].score]).toEqual([200, 'STALE', 7]);
    const cold = await api('GET', `${cached}?limit=3`, { headers: { 'x-request-id': `cold-${board}` } });
    expect({ status: cold.status, body: cold.body }).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(cold.headers.get('retry-after')).toBeTruthy();
    // edge.log says what went wrong, on JSON lines that carry each request's id.
    // The stale copy was answered at once and refreshed in the background, where the origin failed.
    const lines = await edgeLogLines((l) => l.requestId === `cold-${board}` && l.message === 'request');
    const of = (id: string) => lines.filter((l) => l.requestId === id).map((l) => `${String(l.level)} ${String(l.message)}`).sort();
    expect(of(`stale-${board}`)).toEqual(['INFO request', 'WARN background revalidation failed', 'WARN origin did not answer']);
    expect(of(`cold-${board}`)).toEqual(['INFO request', 'WARN origin did not answer']);
    const write = await submit(board, 'b', 1);
    expect({ status: write.status, body: write.body }).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    await origin('start');
    expect((await submit(board, 'b', 1)).status).toBe(200);
  });

  it('sends 500 concurrent cold GETs for one key to the origin at most twice', async () => {
    const board = uniqueBoard();
    // Staleness is bounded (cacheSeconds + staleSeconds): a burst the local runtime takes longer than
    // that to answer would rightly refetch. A minute of fresh time keeps this about coalescing.
    await createBoard(board, { cacheSeconds: 60 });
    await submit(board, 'a', 1);
    const path = `/api/boards/${board}/players/a/around`;
    const before = await originHits(path);
    const one = () =>
      fetch(`${edge()}${path}?radius=2`, { signal: AbortSignal.timeout(45_000) })
        .then(async (r) => `${r.status}:${((await r.json()) as { entries?: unknown[] }).entries?.length}`)
        .catch((err: Error) => err.name);
    const results = await Promise.all(Array.from({ length: 500 }, one));
    const tally = results.reduce<Record<string, number>>((t, r) => ({ ...t, [r]: (t[r] ?? 0) + 1 }), {});
    expect(tally).toEqual({ '200:1': 500 });
    const hits = (await originHits(path)) - before;
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(hits).toBeLessThanOrEqual(2);
  }, 90_000);
});

describe('write rate limits', () => {
  it('answers 429 with Retry-After once a player or an IP passes its limit, and forwards nothing more', async () => {
    const board = uniqueBoard();
    await createBoard(board, { writers: 'players', operator: 'increment' });
    const token = await playerToken('speedy');
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    await withinOneLimitWindow(30);
    const statuses: number[] = [];
    let limited: Res | undefined;
    for (let i = 0; i < TEST_RATE_LIMIT_WRITES + 5; i++) {
      const res = await api('POST', `/api/boards/${board}/scores`, { token, body: { playerId: 'speedy', score: 1 }, headers: { 'cf-connecting-ip': ip } });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(TEST_RATE_LIMIT_WRITES);
    expect(statuses.slice(TEST_RATE_LIMIT_WRITES)).toEqual([429, 429, 429, 429, 429]);
    expect(limited!.body.error.code).toBe('rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBe(60);
    // Only the accepted writes reached the record.
    expect((await api('GET', `/api/boards/${board}/players/speedy`)).body.entry.score).toBe(TEST_RATE_LIMIT_WRITES);
    // Another player behind another address is not affected.
    const other = await api('POST', `/api/boards/${board}/scores`, { token: await playerToken('calm'), body: { playerId: 'calm', score: 1 }, headers: { 'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250)}` } });
    expect(other.status).toBe(200);
  });
});

describe('read your writes at this edge', () => {
  it('lists a board created a moment ago, and its new entry count', async () => {
    await api('GET', '/api/boards'); // cache the list
    expect((await api('GET', '/api/boards')).headers.get('x-cache')).toBe('HIT');
    const board = uniqueBoard();
    await createBoard(board);
    const list = await api('GET', '/api/boards');
    expect(list.body.boards.find((b: any) => b.id === board)).toMatchObject({ entries: 0 });
    await submit(board, 'a', 1);
    expect((await api('GET', '/api/boards')).body.boards.find((b: any) => b.id === board)).toMatchObject({ entries: 1 });
  });
});
