import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../core/index.ts';
import { cachedRead, cacheKey, markBoardWritten, policyOf, publicHeaders, worstCaseAgeMs, type CacheLike, type CachedReadOptions } from './cache.ts';

/** A Cache API stand-in: a map of key to stored response, counting lookups. */
class FakeCache implements CacheLike {
  store = new Map<string, Response>();
  lookups = 0;
  async match(key: string) {
    this.lookups++;
    return this.store.get(key)?.clone();
  }
  async put(key: string, res: Response) {
    this.store.set(key, res);
  }
  async delete(key: string) {
    return this.store.delete(key);
  }
}

let cache: FakeCache;
let clock: number;
let originCalls: number;
let answer: () => Response | Promise<Response>;
let background: Promise<unknown>[];

const origin = (body: unknown, o: { status?: number; seq?: number; cc?: string; headers?: Record<string, string> } = {}) => () =>
  new Response(JSON.stringify(body), {
    status: o.status ?? 200,
    headers: { 'content-type': 'application/json', 'cache-control': o.cc ?? 'public, max-age=5, stale-while-revalidate=5, stale-if-error=60', ...(o.seq !== undefined ? { 'x-board-seq': String(o.seq) } : {}), ...o.headers },
  });

const read = (extra: Partial<CachedReadOptions> = {}) =>
  cachedRead({
    cache,
    key: cacheKey('/api/boards/b/entries', [['limit', '10']]),
    board: `b-${boardSuffix}`,
    minSeq: null,
    tags: ['lb-board-b'],
    ifNoneMatch: null,
    defaultCacheSeconds: 5,
    fetchOrigin: async () => {
      originCalls++;
      return answer();
    },
    waitUntil: (p) => background.push(p),
    now: () => clock,
    ...extra,
  });
const settle = () => Promise.all(background.splice(0));
let boardSuffix = 0;

beforeEach(() => {
  cache = new FakeCache();
  clock = 1_000_000;
  originCalls = 0;
  background = [];
  boardSuffix++;
  answer = origin({ n: 1 }, { seq: 1 });
});

describe('cache keys', () => {
  it('keep the exact path: ids differing only in case are different keys', () => {
    expect(cacheKey('/api/boards/c/players/VICTIM', [])).not.toBe(cacheKey('/api/boards/c/players/victim', []));
    expect(cacheKey('/api/boards/c/entries', [['cursor', 'x'], ['limit', '10']])).toBe('https://leaderboard-cache.internal/api/boards/c/entries?cursor=x&limit=10');
  });
});

describe('freshness and stale-while-revalidate', () => {
  it('serves MISS, then HIT with one lookup, then STALE inside the window, then refetches past it', async () => {
    expect((await read()).headers.get('x-cache')).toBe('MISS');
    cache.lookups = 0;
    clock += 4000;
    const hit = await read();
    expect([hit.headers.get('x-cache'), hit.headers.get('age'), cache.lookups]).toEqual(['HIT', '4', 1]);
    clock += 2000; // 6 s: stale, inside the 5 s window
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    await settle();
    expect(originCalls).toBe(2);
    clock += 11_000; // the refreshed copy is now 11 s old: past fresh + stale
    answer = origin({ n: 2 }, { seq: 2 });
    const miss = await read();
    expect([miss.headers.get('x-cache'), await miss.json()]).toEqual(['MISS', { n: 2 }]);
  });

  it('bounds what the origin asks for', () => {
    expect(policyOf('max-age=999999, stale-while-revalidate=999999, stale-if-error=9999999', 5)).toEqual({ freshMs: 3600_000, staleMs: 3600_000, staleIfErrorMs: 86_400_000 });
    expect(policyOf(null, 5)).toEqual({ freshMs: 5000, staleMs: 5000, staleIfErrorMs: 3600_000 });
    expect(policyOf('max-age=2, stale-if-error=0', 5)).toEqual({ freshMs: 2000, staleMs: 2000, staleIfErrorMs: 0 });
    expect(worstCaseAgeMs(policyOf('max-age=2, stale-while-revalidate=3, stale-if-error=10', 5))).toBe(12_000);
  });

  it('serves a copy for stale-if-error only on 5xx or failure, only inside its window', async () => {
    await read();
    clock += 20_000; // past fresh + stale (10 s), inside fresh + stale-if-error (65 s)
    answer = origin({ error: {} }, { status: 502 });
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    answer = () => Promise.reject(new ApiError('unavailable', 'down'));
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    clock += 60_000; // past 65 s
    await expect(read()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('deletes the copy when a refresh is answered 404 or 410', async () => {
    for (const status of [404, 410]) {
      cache = new FakeCache();
      answer = origin({ n: 1 }, { seq: 1 });
      await read();
      clock += 6000;
      answer = origin({ error: { code: 'player_not_found' } }, { status });
      expect((await read()).headers.get('x-cache')).toBe('STALE'); // the refresh starts
      await settle();
      expect(cache.store.size).toBe(0);
      const after = await read();
      expect([after.status, after.headers.get('x-cache')]).toEqual([status, 'MISS']);
    }
  });
});

describe("a board's own windows (Cache-Control from the origin)", () => {
  const policy = (cc: string) => ({ answer: origin({ n: 1 }, { seq: 1, cc }) });
  const failing = () => origin({ error: {} }, { status: 502 });

  it('staleSeconds 0: no stale answer once the fresh time is over, the read waits for the origin', async () => {
    answer = policy('public, max-age=2, stale-while-revalidate=0, stale-if-error=60').answer;
    await read();
    clock += 2000;
    const next = await read();
    expect([next.headers.get('x-cache'), originCalls]).toEqual(['MISS', 2]);
  });

  it('staleIfErrorSeconds 0: an origin failure past the fresh time is passed on, not covered by the copy', async () => {
    answer = policy('public, max-age=2, stale-while-revalidate=0, stale-if-error=0').answer;
    await read();
    clock += 2000;
    answer = failing();
    const next = await read();
    expect([next.status, next.headers.get('x-cache')]).toEqual([502, 'MISS']);
    answer = () => Promise.reject(new ApiError('unavailable', 'down'));
    await expect(read()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('small windows: STALE until cacheSeconds + staleSeconds, then only on failure until cacheSeconds + staleIfErrorSeconds, then never', async () => {
    answer = policy('public, max-age=1, stale-while-revalidate=2, stale-if-error=4').answer;
    await read();
    answer = failing(); // every refresh fails from now on, so the first copy stays
    clock += 2999;
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    await settle();
    clock += 1; // 3 s = 1 + 2: past stale-while-revalidate
    const onError = await read();
    expect([onError.status, onError.headers.get('x-cache'), onError.headers.get('age')]).toEqual([200, 'STALE', '3']);
    clock += 2000; // 5 s = 1 + 4: past stale-if-error
    const gone = await read();
    expect([gone.status, gone.headers.get('x-cache')]).toEqual([502, 'MISS']);
  });

  it('upper bounds: whatever the origin asks, no copy is served past 3600 s + 3600 s, or 3600 s + 86400 s while the origin fails', async () => {
    answer = policy('public, max-age=999999, stale-while-revalidate=999999, stale-if-error=9999999').answer;
    await read();
    clock += 3600_000 - 1;
    expect((await read()).headers.get('x-cache')).toBe('HIT');
    answer = failing();
    clock += 3600_000; // just under 7200 s
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    await settle();
    clock += 1; // 7200 s: only an origin failure is covered, until 3600 + 86400 s
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    clock += 86_400_000 - 3600_000 - 1; // just under 90000 s
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    clock += 1;
    const gone = await read();
    expect([gone.status, gone.headers.get('x-cache')]).toEqual([502, 'MISS']);
    expect(worstCaseAgeMs(policyOf('max-age=999999, stale-while-revalidate=999999, stale-if-error=9999999', 5))).toBe(90_000_000);
  });
});

describe('board versions', () => {
  it('treats a copy older than minSeq as a miss, and a copy at or past it as a hit', async () => {
    await read();
    answer = origin({ n: 2 }, { seq: 5 });
    expect((await read({ minSeq: 1 })).headers.get('x-cache')).toBe('HIT');
    const fresh = await read({ minSeq: 5 });
    expect([fresh.headers.get('x-cache'), fresh.headers.get('x-board-seq')]).toEqual(['MISS', '5']);
    expect((await read({ minSeq: 5 })).headers.get('x-cache')).toBe('HIT');
  });

  it('makes copies stored before a write through this isolate misses', async () => {
    await read();
    clock += 10;
    markBoardWritten(`b-${boardSuffix}`, clock);
    clock += 10;
    expect((await read()).headers.get('x-cache')).toBe('MISS');
    expect((await read()).headers.get('x-cache')).toBe('HIT');
  });
});

describe('coalescing and headers', () => {
  it('sends concurrent misses for one key to the origin once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    answer = async () => {
      await gate;
      return origin({ n: 1 }, { seq: 1 })();
    };
    const all = Promise.all(Array.from({ length: 20 }, () => read()));
    await new Promise((r) => setTimeout(r, 5));
    release();
    expect((await all).every((r) => r.status === 200)).toBe(true);
    expect(originCalls).toBe(1);
  });

  it("passes no write's live event (X-Live-Event, for the board's object) to the client", () => {
    const kept = publicHeaders(new Headers({ 'x-live-event': '%7B%7D', 'x-board-seq': '7', 'content-type': 'application/json' }));
    expect(kept.map(([k]) => k).sort()).toEqual(['content-type', 'x-board-seq']);
  });

  it("passes no x-amzn-* header to the client or the stored copy", async () => {
    answer = origin({ n: 1 }, { seq: 1, headers: { 'x-amzn-requestid': 'r', 'x-amzn-trace-id': 't' } });
    const miss = await read();
    const hit = await read();
    for (const r of [miss, hit]) expect([...r.headers.keys()].filter((k) => k.startsWith('x-amz'))).toEqual([]);
    expect(hit.headers.get('cache-tag')).toBeNull();
  });

  it('counts a miss against the limiter only for a new foreground origin request, and lets its 429 through', async () => {
    let trips = 0;
    const limited = { beforeOriginTrip: async () => void trips++ };
    await Promise.all([read(limited), read(limited)]); // the second joins the first
    await read(limited); // a hit
    clock += 6000;
    await read(limited); // stale: refreshed in the background
    await settle();
    expect(trips).toBe(1);
    clock += 60_000;
    const refuse = { beforeOriginTrip: () => Promise.reject(new ApiError('rate_limited', 'slow down', undefined, 3)) };
    await expect(read(refuse)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it("does not pass one caller's 429 to a miss that joined its request: that miss makes its own", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const refused = read({ beforeOriginTrip: () => gate.then(() => Promise.reject(new ApiError('rate_limited', 'slow down', undefined, 60))) });
    const joined = read({ beforeOriginTrip: async () => undefined });
    await new Promise((r) => setTimeout(r, 5));
    release();
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' });
    const own = await joined;
    expect([own.status, own.headers.get('x-cache'), originCalls]).toEqual([200, 'MISS', 1]);
  });
});

describe('coalescing with background refreshes', () => {
  it('does not make a waiting miss join a refresh started in the background by an answered request', async () => {
    let release!: () => void;
    await read();
    clock += 6000; // stale: this read answers at once and refreshes in the background
    answer = () => new Promise<Response>((r) => (release = () => r(origin({ n: 2 }, { seq: 2 })())));
    expect((await read()).headers.get('x-cache')).toBe('STALE');
    expect(originCalls).toBe(2);
    clock += 10_000; // past the stale window: a miss that waits for its own request
    answer = origin({ n: 3 }, { seq: 3 });
    const miss = await read();
    expect([miss.headers.get('x-cache'), await miss.json()]).toEqual(['MISS', { n: 3 }]);
    expect(originCalls).toBe(3);
    release();
    await settle();
  });
});
