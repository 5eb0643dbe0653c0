/**
 * The edge cache keeps its promises, on the real Worker runtime (one test per finding of the
 * issue "Edge cache that keeps its promises"): exact keys, erased data not served, validation
 * before the cache, no cheap bypass to the origin, printable-ASCII headers, no internal headers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BoardVersion } from '../../origin/leaderboard/version.ts';
import { submitScore } from '../../origin/leaderboard/commands.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';
import { TEST_RATE_LIMIT_MISSES } from '../setup/global-stack.ts';
import { adminCli, ADMIN, api, createBoard, ensureOriginUp, failPurges, origin, originHits, purgeCalls, SERVER, submit, task, uniqueBoard, withinOneLimitWindow, type Res } from '../helpers.ts';

afterAll(closeValkey);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('1. exact cache keys', () => {
  it('never answers one player id with the entry of an id that differs only in case', async () => {
    const board = uniqueBoard('c');
    await createBoard(board);
    await submit(board, 'victim', 100);
    await submit(board, 'VICTIM', 999);
    const upper = await api('GET', `/api/boards/${board}/players/VICTIM`);
    expect([upper.headers.get('x-cache'), upper.body.entry.score]).toEqual(['MISS', 999]);
    for (const id of ['victim', 'Victim']) {
      const res = await api('GET', `/api/boards/${board}/players/${id}`);
      expect(res.headers.get('x-cache')).toBe('MISS');
      if (id === 'victim') expect(res.body.entry).toMatchObject({ playerId: 'victim', score: 100 });
      else expect(res.status).toBe(404);
    }
    const around = await api('GET', `/api/boards/${board}/players/VICTIM/around`);
    expect(around.body.entries.find((e: any) => e.playerId === 'VICTIM')).toBeTruthy();
    const aroundLower = await api('GET', `/api/boards/${board}/players/victim/around`);
    expect(aroundLower.headers.get('x-cache')).toBe('MISS');
  });

  it('shares one copy between spellings of the same query, and ignores unknown parameters', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'a', 1);
    expect((await api('GET', `/api/boards/${board}/entries?limit=10`)).headers.get('x-cache')).toBe('MISS');
    expect((await api('GET', `/api/boards/${board}/entries`)).headers.get('x-cache')).toBe('HIT');
    expect((await api('GET', `/api/boards/${board}/entries?utm=1&limit=10`)).headers.get('x-cache')).toBe('HIT');
  });
});

describe('2. erased and deleted data', () => {
  it('stops serving an erased player once a refresh is answered 404, however often it is read', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 1 });
    await submit(board, 'erase-me', 5, { metadata: { email: 'erase-me@example.com' } });
    const path = `/api/boards/${board}/players/erase-me`;
    expect((await api('GET', path)).status).toBe(200);
    const erased = await task('delete-player', { board, player: 'erase-me' });
    expect(erased.ok).toBe(true);
    await sleep(1100);
    // Stale for at most its window; the refresh that this read starts deletes the copy.
    const stale = await api('GET', path);
    expect([200, 404]).toContain(stale.status);
    await sleep(400);
    const gone = await api('GET', path);
    expect([gone.status, gone.headers.get('x-cache')]).toEqual([404, 'MISS']);
    expect(JSON.stringify(gone.body)).not.toContain('example.com');
  });

  it('gives a deleted board 404 at once at this location, and its views 404 after a refresh', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 1 });
    await submit(board, 'a', 1);
    expect((await api('GET', `/api/boards/${board}/entries`)).status).toBe(200);
    expect((await api('DELETE', `/api/boards/${board}`, { token: ADMIN() })).status).toBe(204);
    const after = await api('GET', `/api/boards/${board}/entries`);
    expect([after.status, after.body.error.code]).toEqual([404, 'board_not_found']);
  });
});

describe('staleness bounds', () => {
  it('states its windows, and never serves an answer older than cacheSeconds + staleSeconds while the origin answers', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 1 });
    await submit(board, 'a', 1);
    const path = `/api/boards/${board}/players/a`;
    const first = await api('GET', path);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1, stale-if-error=3600');
    const seen = new Set<string>();
    const until = Date.now() + 4500;
    while (Date.now() < until) {
      const res = await api('GET', path);
      seen.add(res.headers.get('x-cache')!);
      expect(Number(res.headers.get('age') ?? 0)).toBeLessThanOrEqual(2);
      await sleep(200);
    }
    expect(seen.has('HIT') && seen.has('STALE')).toBe(true);
  });

  it("keeps each board's own windows: with the origin down, STALE only until cacheSeconds + staleIfErrorSeconds, and never with 0", async () => {
    const small = uniqueBoard();
    const none = uniqueBoard();
    await createBoard(small, { cacheSeconds: 1, staleSeconds: 1, staleIfErrorSeconds: 4 });
    await createBoard(none, { cacheSeconds: 1, staleSeconds: 0, staleIfErrorSeconds: 0 });
    const view = await api('GET', `/api/boards/${small}`);
    expect(view.body).toMatchObject({ cacheSeconds: 1, staleSeconds: 1, staleIfErrorSeconds: 4 });
    // A PUT that leaves them out keeps them.
    await api('PUT', `/api/boards/${small}`, { token: ADMIN(), body: { name: 'renamed', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' } });
    expect((await api('GET', `/api/boards/${small}`)).body).toMatchObject({ name: 'renamed', staleSeconds: 1, staleIfErrorSeconds: 4 });
    for (const b of [small, none]) await submit(b, 'a', 1);
    const smallPath = `/api/boards/${small}/players/a`;
    const nonePath = `/api/boards/${none}/players/a`;
    expect((await api('GET', smallPath)).headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1, stale-if-error=4');
    expect((await api('GET', nonePath)).headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=0, stale-if-error=0');
    const storedAt = Date.now();
    await origin('stop');
    try {
      await sleep(2100);
      // Past cacheSeconds: the board without windows passes the failure on; the other covers it.
      const noneDown = await api('GET', nonePath);
      expect([noneDown.status, noneDown.body.error?.code]).toEqual([503, 'unavailable']);
      const smallDown = await api('GET', smallPath);
      expect([smallDown.status, smallDown.headers.get('x-cache'), smallDown.body.entry.score]).toEqual([200, 'STALE', 1]);
      expect(Number(smallDown.headers.get('age'))).toBeLessThanOrEqual(4);
      // Past cacheSeconds + staleIfErrorSeconds (5 s): no copy stands in any more.
      await sleep(Math.max(0, storedAt + 5600 - Date.now()));
      const gone = await api('GET', smallPath);
      expect([gone.status, gone.body.error?.code]).toEqual([503, 'unavailable']);
    } finally {
      await ensureOriginUp();
    }
  });
});

describe('3. validation before the cache', () => {
  it('answers 400 to invalid input whether or not a copy exists', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'a', 1);
    expect((await api('GET', `/api/boards/${board}/entries`)).status).toBe(200);
    expect((await api('GET', `/api/boards/${board}/entries`)).headers.get('x-cache')).toBe('HIT');
    for (const q of ['limit=0', 'limit=abc', 'limit=10&limit=99999', 'limit=101', 'period=2099-01-01', 'period=yesterday', 'minSeq=-1']) {
      const res = await api('GET', `/api/boards/${board}/entries?${q}`);
      expect([q, res.status, res.body.error.code]).toEqual([q, 400, 'invalid_request']);
    }
    const upper = await api('GET', `/api/boards/${board.toUpperCase()}/entries`);
    expect([upper.status, upper.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('4. no cheap way past the cache', () => {
  it('rejects forged cursors and impossible periods without an origin trip', async () => {
    const board = uniqueBoard();
    await createBoard(board, { reset: 'daily' });
    const path = `/api/boards/${board}/entries`;
    const before = await originHits(path);
    for (const q of ['cursor=forged', `cursor=${'A'.repeat(40)}`, 'period=2099-12-31', 'period=2026-13-01']) {
      expect((await api('GET', `${path}?${q}`)).status).toBe(400);
    }
    expect(await originHits(path)).toBe(before);
    // A well-formed period from before the board existed: the origin says 400, and it is not cached as 200.
    const old = await api('GET', `${path}?period=2020-01-01`);
    expect([old.status, old.body.error?.details?.period]).toEqual([400, 'the board did not exist in that period']);
  });

  it('answers /api/health at the edge alone; the deep check is the admin\'s, without raw error text', async () => {
    const before = await originHits('/api/health');
    const health = await api('GET', '/api/health');
    expect([health.status, health.body]).toEqual([200, { status: 'ok', edge: 'ok' }]);
    expect(await originHits('/api/health')).toBe(before);
    expect((await api('GET', '/api/health/deep')).status).toBe(401);
    const deep = await api('GET', '/api/health/deep', { token: ADMIN() });
    expect(deep.body).toEqual({ status: 'ok', edge: 'ok', origin: 'ok', valkey: 'ok', supabase: 'ok' });
  });

  it('limits cache misses per client IP with 429 and Retry-After, and keeps hits free', async () => {
    const board = uniqueBoard();
    // A long fresh time: the first copy is still a HIT after the burst, however slow the machine.
    await createBoard(board, { cacheSeconds: 300 });
    await submit(board, 'a', 1);
    const ip = `192.0.2.${1 + Math.floor(Math.random() * 250)}`;
    const headers = { 'cf-connecting-ip': ip };
    await withinOneLimitWindow(30);
    expect((await api('GET', `/api/boards/${board}/entries`, { headers })).status).toBe(200);
    const statuses: number[] = [];
    let limited: Res | undefined;
    for (let i = 11; i <= TEST_RATE_LIMIT_MISSES + 13; i++) {
      const res = await api('GET', `/api/boards/${board}/entries?limit=${i}`, { headers });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(TEST_RATE_LIMIT_MISSES - 1);
    expect(statuses.slice(TEST_RATE_LIMIT_MISSES - 1)).toEqual([429, 429, 429, 429]);
    expect(limited!.body.error.code).toBe('rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBe(60);
    const hit = await api('GET', `/api/boards/${board}/entries`, { headers });
    expect([hit.status, hit.headers.get('x-cache')]).toEqual([200, 'HIT']);
  });

  it('invalidates nothing for a write that changed nothing', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'a', 50);
    const path = `/api/boards/${board}/entries`;
    await api('GET', path);
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
    const same = await submit(board, 'a', 10);
    expect(same.body.updated).toBe(false);
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
    expect((await submit(board, 'a', 60)).body.updated).toBe(true);
    expect((await api('GET', path)).headers.get('x-cache')).toBe('MISS');
  });
});

describe('5. header values', () => {
  it('answers 400 to a non-ASCII Idempotency-Key and drops a non-ASCII Accept, never a false 503', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    const bad = await submit(board, 'a', 1, { key: 'clé-1' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    const accept = await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'a', score: 2 }, headers: { accept: 'application/json; q=0.9, té/x' } });
    expect(accept.status).toBe(200);
    const read = await api('GET', `/api/boards/${board}/entries`, { headers: { accept: 'tëxt/x' } });
    expect(read.status).toBe(200);
  });
});

describe('6. internal headers', () => {
  it('passes no x-amzn-* header to clients, on a miss, a hit or a write', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    const write = await submit(board, 'a', 1);
    const miss = await api('GET', `/api/boards/${board}/entries`);
    const hit = await api('GET', `/api/boards/${board}/entries`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    for (const r of [write, miss, hit]) expect([...r.headers.keys()].filter((k) => k.startsWith('x-amz'))).toEqual([]);
    expect(hit.headers.get('cache-tag')).toBeNull();
  });
});

describe('board versions', () => {
  it('carries X-Board-Seq, and a read with minSeq past the copy fetches a fresh one', async () => {
    const board = uniqueBoard();
    await createBoard(board, { cacheSeconds: 60 });
    const first = await submit(board, 'a', 1);
    const seq = Number(first.headers.get('x-board-seq'));
    expect(seq).toBeGreaterThan(0);
    const path = `/api/boards/${board}/entries`;
    // The version an answer carries is a lower bound: the origin reads it before it builds the answer.
    const miss = await api('GET', path);
    expect(Number(miss.headers.get('x-board-seq'))).toBeLessThanOrEqual(seq);
    expect(Number((await api('GET', `${path}?minSeq=${seq}`)).headers.get('x-board-seq'))).toBeGreaterThanOrEqual(seq);
    expect((await api('GET', `${path}?minSeq=${seq}`)).headers.get('x-cache')).toBe('HIT');
    // A write this location did not see (as if taken by another location): made at the origin directly.
    const version = new BoardVersion();
    await submitScore({ ...originDeps(() => new Date()), boardVersion: version }, board, { playerId: 'b', score: 2 }, { kind: 'server', keyId: 't' }, null);
    const need = version.value!;
    expect(need).toBeGreaterThan(seq);
    expect((await api('GET', path)).body.entries.map((e: any) => e.playerId)).toEqual(['a']); // the old copy, within its fresh time
    const fresh = await api('GET', `${path}?minSeq=${need}`);
    expect([fresh.headers.get('x-cache'), Number(fresh.headers.get('x-board-seq')) >= need]).toEqual(['MISS', true]);
    expect(fresh.body.entries.map((e: any) => e.playerId)).toEqual(['b', 'a']);
    const viaHeader = await api('GET', path, { headers: { 'x-min-seq': String(need) } });
    expect(viaHeader.headers.get('x-cache')).toBe('HIT');
  });
});

describe('erasure reaches every location (Cloudflare purge by tag, emulated in dev/cloudflare)', () => {
  const views = (board: string) => [`/api/boards/${board}/entries`, `/api/boards/${board}/entries?limit=3`, `/api/boards/${board}/players/erase-me`, `/api/boards/${board}/players/kept/around`, `/api/boards/${board}/players?ids=erase-me,kept`];

  it('purges every cached view of the board when a player is erased through the admin CLI path, and reports it', async () => {
    const board = uniqueBoard('er');
    await createBoard(board, { cacheSeconds: 300 });
    await submit(board, 'erase-me', 9, { metadata: { email: 'erase-me@example.com' } });
    await submit(board, 'kept', 5);
    for (const v of views(board)) expect((await api('GET', v)).status).toBe(200);
    for (const v of views(board)) expect((await api('GET', v)).headers.get('x-cache')).toBe('HIT');
    const before = (await purgeCalls()).length;

    // The admin CLI: not through this edge, as a change made anywhere else would be. It reports the purge.
    const run = await adminCli('delete-player', '--board', board, '--player', 'erase-me');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ purge: { status: 'done', attempts: 1 } });
    const calls = (await purgeCalls()).slice(before);
    expect(calls).toContainEqual(expect.objectContaining({ status: 200, body: { tags: [`lb-board-${board}`, 'lb-boards'] } }));
    expect(calls.find((c) => c.body?.tags?.includes(`lb-board-${board}`))!.cleared).toBeGreaterThanOrEqual(5);

    for (const v of views(board)) {
      const res = await api('GET', v);
      expect([v, res.headers.get('x-cache')]).toEqual([v, 'MISS']);
      expect(JSON.stringify(res.body)).not.toContain('example.com');
    }
    expect((await api('GET', `/api/boards/${board}/players/erase-me`)).status).toBe(404);
  });

  it('purges on board deletion and on a configuration change', async () => {
    const board = uniqueBoard('er');
    await createBoard(board, { cacheSeconds: 300 });
    await submit(board, 'a', 1);
    const path = `/api/boards/${board}`;
    await api('GET', path);
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
    const reply = await task('create-board', { board, config: { name: 'Renamed', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', cacheSeconds: 300 } });
    expect(reply).toMatchObject({ ok: true, result: { created: false, purge: { status: 'done' } } });
    const renamed = await api('GET', path);
    expect([renamed.headers.get('x-cache'), renamed.body.name]).toEqual(['MISS', 'Renamed']);

    await api('GET', `${path}/entries`);
    const del = await api('DELETE', path, { token: ADMIN() });
    expect([del.status, del.headers.get('x-purge-status')]).toEqual([204, 'done']);
    expect((await api('GET', `${path}/entries`)).status).toBe(404);
  });

  it('keeps a purge that Cloudflare refused, and the schedule retries it until it is done', async () => {
    const board = uniqueBoard('er');
    await createBoard(board, { cacheSeconds: 300 });
    await submit(board, 'erase-me', 1);
    const path = `/api/boards/${board}/players/erase-me`;
    await api('GET', path);
    await failPurges(1);
    const reply = await task('delete-player', { board, player: 'erase-me' });
    expect(reply).toMatchObject({ ok: true, result: { purge: { status: 'pending', attempts: 1, lastError: 'status 500 (codes 10001)' } } });
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT'); // still cached: the purge has not happened
    await sleep(5200); // the first retry is due 5 s after the failure
    const retried = await task('retry-purges');
    expect(retried.ok && retried.result.done).toBeGreaterThanOrEqual(1);
    expect((await api('GET', path)).status).toBe(404);
  });
});
