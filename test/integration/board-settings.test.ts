/**
 * Board settings: tie display (rankMode) in every view and from either store,
 * score formats, the open window (startsAt / endsAt) on every write path, and archives
 * (GET /periods, closed periods cacheable as immutable).
 */
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { scorePrefix, type BoardConfig } from '../../core/index.ts';
import { DEFAULT_STALE_IF_ERROR_SECONDS, MAX_FRESH_SECONDS, MAX_STALE_SECONDS } from '../../core/index.ts';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import type { Deps } from '../../origin/leaderboard/deps.ts';
import { aroundPlayer, listPeriods, playerEntry, someEntries, topEntries } from '../../origin/leaderboard/queries.ts';
import type { OriginEnv } from '../../origin/http/env.ts';
import { onError } from '../../origin/http/errors.ts';
import { edgeOnly, requestContext } from '../../origin/http/middleware.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';
import { boards as boardRoutes } from '../../origin/routes/boards.ts';
import { entries as entryRoutes } from '../../origin/routes/entries.ts';
import { ADMIN, adminCli, api, createBoard, entryPages, flushValkey, rpc, SERVER, submit, task, uniqueBoard, valkeyClient, verifyBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const server = { kind: 'server', keyId: 'test' } as const;
const batch = (board: string, entries: unknown[]) => api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } });
const ranks = (list: { playerId: string; rank: number }[]) => list.map((e) => `${e.playerId}${e.rank}`).join(' ');

// Scores in submission order: b, c, d tie on 40 (b reached it first), e and f on 30.
const SCORES: [string, number][] = [['a', 50], ['b', 40], ['c', 40], ['d', 40], ['e', 30], ['f', 30], ['g', 20]];
const EXPECTED = {
  ordinal: 'a1 b2 c3 d4 e5 f6 g7',
  competition: 'a1 b2 c2 d2 e5 f5 g7',
  dense: 'a1 b2 c2 d2 e3 f3 g4',
} as const;
type Mode = keyof typeof EXPECTED;
const shown = (mode: Mode, player: string) => Number(EXPECTED[mode].split(' ').find((x) => x[0] === player)!.slice(1));

async function tiedBoard(mode: Mode | undefined) {
  const board = uniqueBoard('tie');
  await createBoard(board, mode ? { rankMode: mode } : {});
  for (const [p, s] of SCORES) expect((await submit(board, p, s)).status).toBe(200);
  return board;
}

describe('rankMode through the edge', () => {
  for (const mode of ['ordinal', 'competition', 'dense'] as const) {
    it(`${mode}: top pages, player, around, friends and write replies show the same numbers, in the same order`, async () => {
      const board = await tiedBoard(mode === 'ordinal' ? undefined : mode);
      expect((await api('GET', `/api/boards/${board}`)).body).toMatchObject({ rankMode: mode, scoreFormat: 'integer', startsAt: null, endsAt: null });

      // Pages of 3 split the tie groups; every page numbers its entries as the whole board does.
      const pages = await entryPages(board, 3);
      expect(pages.map((p) => p.body.entries.length)).toEqual([3, 3, 1]);
      expect(ranks(pages.flatMap((p) => p.body.entries))).toBe(EXPECTED[mode]);

      const c = await api('GET', `/api/boards/${board}/players/c`);
      expect(c.body.entry.rank).toBe(shown(mode, 'c'));
      const e = await api('GET', `/api/boards/${board}/players/e`);
      expect(e.body).toMatchObject({ entry: { rank: shown(mode, 'e') }, total: 7 });

      const around = await api('GET', `/api/boards/${board}/players/e/around?radius=1`);
      expect(ranks(around.body.entries)).toBe(['d', 'e', 'f'].map((p) => `${p}${shown(mode, p)}`).join(' '));
      const aroundTop = await api('GET', `/api/boards/${board}/players/b/around?radius=2`);
      expect(ranks(aroundTop.body.entries)).toBe(['a', 'b', 'c', 'd'].map((p) => `${p}${shown(mode, p)}`).join(' '));

      const friends = await api('GET', `/api/boards/${board}/players?ids=g,d,f,a`);
      expect(ranks(friends.body.entries)).toBe(['a', 'd', 'f', 'g'].map((p) => `${p}${shown(mode, p)}`).join(' '));

      // A new tie on 40 and a move from 30 to 45 (above the 40s).
      const h = await submit(board, 'h', 40);
      expect(h.body.entry.rank).toBe(mode === 'ordinal' ? 5 : 2);
      const moved = await submit(board, 'f', 45);
      expect(moved.body.previous.rank).toBe({ ordinal: 7, competition: 6, dense: 3 }[mode]);
      expect(moved.body.entry.rank).toBe(2);
      expect(ranks((await api('GET', `/api/boards/${board}/entries?limit=20`)).body.entries)).toBe(
        { ordinal: 'a1 f2 b3 c4 d5 h6 e7 g8', competition: 'a1 f2 b3 c3 d3 h3 e7 g8', dense: 'a1 f2 b3 c3 d3 h3 e4 g5' }[mode],
      );
      expect((await verifyBoard(board)).differences).toBe(0);
    });
  }

  it('refuses an unknown rank mode with the error envelope', async () => {
    const board = uniqueBoard('tie');
    const res = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: 'x', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', rankMode: 'olympic' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { rankMode: expect.any(String) } });
  });
});

/** Origin services in this process, with the projection unreachable: every read falls back to the record. */
const recordOnly = (deps: Deps): Deps => ({ ...deps, projection: () => Promise.reject(new Error('Valkey is down (test)')) });

describe('rankMode from the record', () => {
  for (const mode of ['competition', 'dense'] as const) {
    for (const sort of ['desc', 'asc'] as const) {
      it(`${mode}, ${sort}: the record fallback gives the same numbers as the projection in every view`, async () => {
        const deps = originDeps(() => new Date());
        const id = uniqueBoard('tie');
        await upsertBoard(deps, id, { name: id, sort, operator: 'best', reset: 'never', writers: 'server', rankMode: mode });
        const scores = [5, 3, 3, 0, -2, -2, -2, 7, 3, 9007199254740991, -9007199254740991];
        for (const [i, s] of scores.entries()) await submitScore(deps, id, { playerId: `p${i}`, score: s }, server, null);
        const down = recordOnly(deps);
        for (const d of [deps, down]) expect((await topEntries(d, id, { limit: 100 })).entries).toHaveLength(scores.length);

        const page = async (d: Deps, limit: number) => {
          const out = [];
          let cursor: string | undefined;
          do {
            const p = await topEntries(d, id, { limit, cursor });
            out.push(...p.entries);
            cursor = p.nextCursor ?? undefined;
          } while (cursor);
          return out;
        };
        const all = await page(deps, 100);
        // The numbers themselves, computed here: 1 + strictly better entries / distinct scores.
        const better = (s: number) => scores.filter((o) => (sort === 'desc' ? o > s : o < s));
        expect(all.map((e) => e.rank)).toEqual(all.map((e) => 1 + (mode === 'competition' ? better(e.score).length : new Set(better(e.score)).size)));
        for (const limit of [1, 2, 4]) {
          expect(await page(deps, limit)).toEqual(all);
          expect(await page(down, limit)).toEqual(all);
        }
        for (const player of ['p1', 'p4', 'p6', 'p10']) {
          expect(await playerEntry(down, id, player, {})).toEqual(await playerEntry(deps, id, player, {}));
          expect(await aroundPlayer(down, id, player, { radius: 2 })).toEqual(await aroundPlayer(deps, id, player, { radius: 2 }));
        }
        const ids = ['p8', 'p2', 'p5', 'p0', 'nobody'];
        expect(await someEntries(down, id, { ids })).toEqual(await someEntries(deps, id, { ids }));
        // Write replies from the record when Valkey is down: the same number the projection gives.
        const reply = await submitScore(down, id, { playerId: 'late', score: 3 }, server, null);
        expect(reply.entry.rank).toBe(all.find((e) => e.score === 3)!.rank);
      });
    }
  }
});

/** The verify report of a never board's one period, with the distinct-score check. */
async function verifyPeriod(board: string): Promise<any> {
  return ((await verifyBoard(board)) as { periods: unknown[] }).periods[0];
}

describe('rankMode on snapshot walks', () => {
  for (const mode of ['competition', 'dense'] as const) {
    it(`${mode}: every page of a walk numbers its entries as the snapshot stood, whatever is written during the walk`, async () => {
      const deps = originDeps(() => new Date());
      const id = uniqueBoard('tie');
      await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', rankMode: mode });
      for (const [p, s] of SCORES) await submitScore(deps, id, { playerId: p, score: s }, server, null);
      const first = await topEntries(deps, id, { limit: 2 });
      expect(first.snapshot).not.toBeNull();
      // During the walk: a new leader, a new tie on 40, and the leader of the 30s moving up.
      await submitScore(deps, id, { playerId: 'z', score: 99 }, server, null);
      await submitScore(deps, id, { playerId: 'y', score: 40 }, server, null);
      await submitScore(deps, id, { playerId: 'e', score: 45 }, server, null);
      const walked = [...first.entries];
      for (let cursor = first.nextCursor; cursor; ) {
        const p = await topEntries(deps, id, { limit: 2, cursor });
        expect(p.snapshot).toEqual(first.snapshot);
        walked.push(...p.entries);
        cursor = p.nextCursor;
      }
      expect(ranks(walked)).toBe(EXPECTED[mode]);
      // A new walk sees the writes.
      const now = await topEntries(deps, id, { limit: 20 });
      expect(ranks(now.entries)).toBe({ competition: 'z1 a2 e3 b4 c4 d4 y4 f8 g9', dense: 'z1 a2 e3 b4 c4 d4 y4 f5 g6' }[mode]);
    });
  }
});

describe('rankMode and the projection structures', () => {
  it('dense ranks survive a flush, a projection built without them, and corruption that verify finds and rebuild repairs', async () => {
    const board = await tiedBoard('dense');
    const b = await rpc('lb_board', { p_id: board });
    const k = periodKeys(boardSpace(b), 'all');
    const dense = async () => ranks((await api('GET', `/api/boards/${board}/entries?limit=20`)).body.entries);
    expect(await verifyPeriod(board)).toMatchObject({ ready: true, differences: 0, scoreCounts: { covered: true, distinct: 4, differences: 0 } });

    await flushValkey();
    expect(await dense()).toBe(EXPECTED.dense);
    expect((await verifyPeriod(board))).toMatchObject({ differences: 0, scoreCounts: { covered: true, distinct: 4 } });

    const client = await valkeyClient();
    try {
      // A period built before the structures existed: not covered. A first page starts at 1 and needs no
      // lookup, so it is still right; the first dense lookup (here a player's view) rebuilds the period.
      await client.hdel(k.meta, ['ties']);
      await client.del([k.d, k.n]);
      expect((await verifyPeriod(board))).toMatchObject({ differences: 0, scoreCounts: { covered: false } });
      await submit(board, 'z', 1);
      expect(await dense()).toBe(`${EXPECTED.dense} z5`);
      expect((await verifyPeriod(board))).toMatchObject({ differences: 0, scoreCounts: { covered: false } });
      expect((await api('GET', `/api/boards/${board}/players/e`)).body.entry.rank).toBe(3);
      expect((await verifyPeriod(board))).toMatchObject({ differences: 0, scoreCounts: { covered: true, distinct: 5 } });

      // Corrupt the per-score counts and the distinct set.
      await client.hincrBy(k.n, scorePrefix('desc', 40), 1);
      await client.zrem(k.d, [scorePrefix('desc', 30)]);
      const bad = (await verifyPeriod(board));
      expect(bad.scoreCounts.differences).toBeGreaterThanOrEqual(2);
      expect(bad.differences).toBe(bad.scoreCounts.differences);
      expect(await client.zcard(k.d)).toBe(4);
    } finally {
      client.close();
    }
    expect(await task('rebuild', { board })).toMatchObject({ ok: true });
    expect((await verifyPeriod(board))).toMatchObject({ differences: 0, scoreCounts: { covered: true, distinct: 5, differences: 0 } });
    expect(await dense()).toBe(`${EXPECTED.dense} z5`);
  });
});

describe('scoreFormat', () => {
  it('is stored with the board and shown in its view, while scores stay exact integers', async () => {
    const board = uniqueBoard('fmt');
    await createBoard(board, { scoreFormat: 'fixed:2' });
    expect((await api('GET', `/api/boards/${board}`)).body.scoreFormat).toBe('fixed:2');
    await submit(board, 'a', 9007199254740991);
    expect((await api('GET', `/api/boards/${board}/entries`)).body.entries[0].score).toBe(9007199254740991);
    const update = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', scoreFormat: 'duration_ms' } });
    expect(update.status).toBe(200);
    expect(update.body.scoreFormat).toBe('duration_ms');
    // Left out, it is kept (like cacheSeconds), so a client that doesn't know the setting can't reset it.
    const kept = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: 'renamed', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' } });
    expect(kept.body).toMatchObject({ name: 'renamed', scoreFormat: 'duration_ms', rankMode: 'ordinal' });
    for (const scoreFormat of ['fixed:9', 'money', 3]) {
      const res = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', scoreFormat } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { scoreFormat: expect.any(String) } });
    }
  });
});

describe('startsAt and endsAt', () => {
  const hour = 3600_000;
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  it('refuses writes before the board opens with 409 not_open, single and batch, and writes nothing', async () => {
    const board = uniqueBoard('win');
    await createBoard(board, { startsAt: at(hour) });
    const one = await submit(board, 'a', 1);
    expect(one.status).toBe(409);
    expect(one.body.error).toMatchObject({ code: 'not_open' });
    const many = await batch(board, [{ playerId: 'a', score: 1 }, { playerId: 'b', score: 2 }]);
    expect(many.status).toBe(409);
    expect(many.body.error.code).toBe('not_open');
    const read = await api('GET', `/api/boards/${board}/entries`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ total: 0, entries: [] });
    expect(await rpc('lb_submissions', { p_board: board })).toEqual([]);
  });

  it('accepts writes inside the window and refuses them after it closes with 409 closed; reads keep working', async () => {
    const board = uniqueBoard('win');
    const cfg = { startsAt: at(-hour), endsAt: at(hour) };
    await createBoard(board, cfg);
    expect((await submit(board, 'a', 5)).status).toBe(200);
    expect((await batch(board, [{ playerId: 'b', score: 7 }])).status).toBe(200);

    const close = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...cfg, endsAt: at(-1000) } });
    expect(close.status).toBe(200);
    const one = await submit(board, 'a', 9);
    expect(one.status).toBe(409);
    expect(one.body.error).toMatchObject({ code: 'closed', details: { endsAt: close.body.endsAt } });
    const many = await batch(board, [{ playerId: 'c', score: 1 }, { playerId: 'a', score: 100 }]);
    expect(many.status).toBe(409);
    expect(many.body.error.code).toBe('closed');
    const read = await api('GET', `/api/boards/${board}/entries`);
    expect(read.status).toBe(200);
    expect(read.body.entries.map((e: { playerId: string; score: number }) => `${e.playerId}${e.score}`)).toEqual(['b7', 'a5']);
    expect((await rpc<unknown[]>('lb_submissions', { p_board: board })).length).toBe(2);
  });

  it('refuses a window that ends before it starts, also when only one bound changes; null clears a bound, omission keeps it', async () => {
    const board = uniqueBoard('win');
    const put = (extra: Record<string, unknown>) => api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: 'w', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...extra } });
    const inverted = await put({ startsAt: at(hour), endsAt: at(0) });
    expect(inverted.status).toBe(400);
    expect(inverted.body.error).toMatchObject({ code: 'invalid_request', details: { startsAt: expect.any(String) } });
    const created = await put({ endsAt: at(hour) });
    expect(created.status).toBe(201);
    const half = await put({ startsAt: at(2 * hour) });
    expect(half.status).toBe(400);
    expect(half.body.error).toMatchObject({ code: 'invalid_request', details: { startsAt: expect.any(String) } });
    expect((await put({ startsAt: at(-hour) })).body).toMatchObject({ startsAt: expect.any(String), endsAt: created.body.endsAt });
    expect((await put({ endsAt: null })).body).toMatchObject({ startsAt: expect.any(String), endsAt: null });
    expect((await put({})).body).toMatchObject({ startsAt: expect.any(String), endsAt: null });
  });
});

describe('archives', () => {
  it('lists periods newest first with cursor paging, entry counts and state', async () => {
    const clock = fixedClock('2031-03-01T10:00:00.000Z');
    const deps = originDeps(clock.now);
    const id = uniqueBoard('arc');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server' } as BoardConfig);
    const put = (p: string) => submitScore(deps, id, { playerId: p, score: 1 }, server, null);
    await put('a');
    await put('b');
    clock.set('2031-03-02T10:00:00.000Z');
    await put('a');
    clock.set('2031-03-05T10:00:00.000Z');
    await put('c');
    clock.set('2031-03-07T00:00:00.000Z');

    const first = await listPeriods(deps, id, { limit: 2 });
    expect(first.periods).toEqual([
      { key: '2031-03-07', start: '2031-03-07T00:00:00.000Z', end: '2031-03-08T00:00:00.000Z', entries: 0, state: 'open' },
      { key: '2031-03-05', start: '2031-03-05T00:00:00.000Z', end: '2031-03-06T00:00:00.000Z', entries: 1, state: 'closed' },
    ]);
    const second = await listPeriods(deps, id, { limit: 2, cursor: first.nextCursor! });
    expect(second.periods.map((p) => [p.key, p.entries, p.state])).toEqual([['2031-03-02', 1, 'closed'], ['2031-03-01', 2, 'closed']]);
    expect(second.nextCursor).toBeNull();
    expect((await listPeriods(deps, id, { limit: 100 })).periods.map((p) => p.key)).toEqual(['2031-03-07', '2031-03-05', '2031-03-02', '2031-03-01']);
    await expect(listPeriods(deps, id, { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'invalid_request' });

    // The origin marks a closed period's pages immutable; the running period keeps the board's cache time.
    const origin = new Hono<OriginEnv>().use(requestContext(() => deps)).use(edgeOnly(() => null)).route('/api/boards', boardRoutes).route('/api/boards', entryRoutes).onError(onError);
    const closed = await origin.request(`/api/boards/${id}/entries?period=2031-03-02`);
    expect(closed.status).toBe(200);
    expect(closed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await origin.request(`/api/boards/${id}/players/a?period=2031-03-01`)).headers.get('cache-control')).toContain('immutable');
    const live = 'public, max-age=5, stale-while-revalidate=5, stale-if-error=3600';
    expect((await origin.request(`/api/boards/${id}/entries`)).headers.get('cache-control')).toBe(live);
    expect((await origin.request(`/api/boards/${id}/entries?period=2031-03-07`)).headers.get('cache-control')).toBe(live);
    const list = await origin.request(`/api/boards/${id}/periods?limit=1`);
    expect(list.headers.get('cache-control')).toBe(live);
    expect(((await list.json()) as { periods: unknown[] }).periods).toHaveLength(1);
  });

  it('through the edge: a board that closed at endsAt has one closed period, cached for a year; bad input is a 4xx', async () => {
    const board = uniqueBoard('arc');
    await createBoard(board, { endsAt: new Date(Date.now() + 60_000).toISOString() });
    // Before any valid read is cached (the edge normalises limit into its cache key).
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%2F%2F', 'cursor=bm9wZQ']) {
      const res = await api('GET', `/api/boards/${board}/periods?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    await submit(board, 'a', 1);
    await submit(board, 'b', 2);
    const open = await api('GET', `/api/boards/${board}/periods`);
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ board, periods: [{ key: 'all', start: null, end: open.body.periods[0].end, entries: 2, state: 'open' }], nextCursor: null });

    await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', endsAt: new Date(Date.now() - 1000).toISOString() } });
    const closed = await api('GET', `/api/boards/${board}/periods`);
    expect(closed.body.periods[0]).toMatchObject({ key: 'all', entries: 2, state: 'closed' });
    const page = await api('GET', `/api/boards/${board}/entries?period=all`);
    expect(page.status).toBe(200);
    // The origin says immutable for a year; the edge keeps the copy within its bounds (an hour fresh, then its
    // stale windows) and states them (docs/edge-cache.md).
    expect(page.headers.get('cache-control')).toBe(`public, max-age=${MAX_FRESH_SECONDS}, stale-while-revalidate=${MAX_STALE_SECONDS}, stale-if-error=${DEFAULT_STALE_IF_ERROR_SECONDS}`);

    expect((await api('GET', `/api/boards/${uniqueBoard('none')}/periods`)).body.error.code).toBe('board_not_found');
  });
});

describe('admin CLI', () => {
  it('create-board sets rankMode, scoreFormat, startsAt and endsAt, and refuses bad values naming the flag', async () => {
    const board = uniqueBoard('cli');
    const ok = await adminCli('create-board', '--board', board, '--name', 'CLI', '--rank-mode', 'dense', '--score-format', 'fixed:3', '--starts-at', '2020-01-01T00:00:00Z', '--ends-at', '2099-01-01T00:00:00+02:00');
    expect(ok.code, ok.err).toBe(0);
    expect((await api('GET', `/api/boards/${board}`)).body).toMatchObject({ rankMode: 'dense', scoreFormat: 'fixed:3', startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2098-12-31T22:00:00.000Z' });
    const bad = await adminCli('create-board', '--board', board, '--name', 'CLI', '--rank-mode', 'olympic', '--starts-at', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--rank-mode');
    expect(bad.err).toContain('--starts-at');
  });
});
