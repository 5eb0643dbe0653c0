/**
 * Period results (docs/results.md): closing a period stores its top N in the record, once, in the
 * board's rank mode; an erasure recomputes them; the edge serves them and caches them; a board
 * whose endsAt has passed closes its period too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { boardSchema, DEFAULT_STALE_IF_ERROR_SECONDS, MAX_FRESH_SECONDS, MAX_STALE_SECONDS, periodResultsSchema, resultsSettingsSchema } from '../../core/index.ts';
import { deletePlayer, submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { rollover } from '../../origin/leaderboard/rollover.ts';
import { periodResults } from '../../origin/results/results.ts';
import { ADMIN, api, createBoard, SERVER, submit, task, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const server = { kind: 'server', keyId: 'test' } as const;
const ranks = (list: { playerId: string; rank: number }[]) => list.map((e) => `${e.playerId}${e.rank}`).join(' ');

describe('results of a closed period (in process, fixed clock)', () => {
  it('stores the top resultsSize once when the rollover closes the period, numbered in the rank mode; an erasure recomputes them', async () => {
    const clock = fixedClock('2033-06-14T10:00:00.000Z');
    const deps = originDeps(clock.now);
    const id = uniqueBoard('res');
    const created = await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', rankMode: 'competition', resultsSize: 3 });
    expect(created.results).toEqual({ resultsSize: 3, webhook: null });
    for (const [p, s] of [['a', 50], ['b', 40], ['c', 40], ['d', 40], ['e', 30]] as const) {
      await submitScore(deps, id, { playerId: p, score: s, metadata: p === 'a' ? { team: 'red' } : null }, server, null);
      clock.set(new Date(clock.now().getTime() + 1000));
    }
    // Still open: no results yet; a key not of the board's form is a 400.
    await expect(periodResults(deps, id, '2033-06-14')).rejects.toMatchObject({ code: 'not_found' });
    await expect(periodResults(deps, id, '2033-W24')).rejects.toMatchObject({ code: 'invalid_request' });

    clock.set('2033-06-15T00:00:30.000Z');
    // Ended, but not closed by the rollover yet: not_found as well (and says so).
    await expect(periodResults(deps, id, '2033-06-14')).rejects.toMatchObject({ code: 'not_found', details: { state: 'closed' } });
    const [one, two] = await Promise.all([rollover(deps), rollover(deps)]);
    expect([...one.closed, ...two.closed].filter((c) => c.board === id)).toEqual([{ board: id, period: '2033-06-14' }]);

    const results = await periodResults(deps, id, '2033-06-14');
    expect(results).toMatchObject({
      board: id,
      period: '2033-06-14',
      start: '2033-06-14T00:00:00.000Z',
      end: '2033-06-15T00:00:00.000Z',
      entries: 5,
      rankMode: 'competition',
      size: 3,
    });
    expect(ranks(results.results)).toBe('a1 b2 c2');
    expect(results.results[0]).toEqual({ rank: 1, playerId: 'a', score: 50, achievedAt: '2033-06-14T10:00:00.000Z', metadata: { team: 'red' } });
    expect(Date.parse(results.closedAt)).not.toBeNaN();

    // Later settings do not change stored results; a later rollover stores nothing new.
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', rankMode: 'dense', resultsSize: 1 });
    await rollover(deps);
    expect(await periodResults(deps, id, '2033-06-14')).toEqual(results);

    // Erasing a player recomputes them without the player, with the same size and rank mode.
    await deletePlayer(deps, id, 'b');
    const after = await periodResults(deps, id, '2033-06-14');
    expect(ranks(after.results)).toBe('a1 c2 d2');
    expect(after).toMatchObject({ entries: 4, size: 3, rankMode: 'competition', closedAt: results.closedAt });
  });

  it('ordinal and dense numbering, an asc board, and an empty period (empty results)', async () => {
    const clock = fixedClock('2033-07-01T08:00:00.000Z');
    const deps = originDeps(clock.now);
    const dense = uniqueBoard('resd');
    const ordinal = uniqueBoard('reso');
    await upsertBoard(deps, dense, { name: dense, sort: 'asc', operator: 'best', reset: 'daily', writers: 'server', rankMode: 'dense' });
    await upsertBoard(deps, ordinal, { name: ordinal, sort: 'asc', operator: 'best', reset: 'daily', writers: 'server' });
    for (const [p, s] of [['x', 10], ['y', 10], ['z', 12], ['w', 13]] as const) {
      for (const b of [dense, ordinal]) await submitScore(deps, b, { playerId: p, score: s }, server, null);
      clock.set(new Date(clock.now().getTime() + 1000));
    }
    clock.set('2033-07-02T00:01:00.000Z');
    await rollover(deps);
    expect(ranks((await periodResults(deps, dense, '2033-07-01')).results)).toBe('x1 y1 z2 w3');
    expect(ranks((await periodResults(deps, ordinal, '2033-07-01')).results)).toBe('x1 y2 z3 w4');
    clock.set('2033-07-03T00:01:00.000Z');
    await rollover(deps);
    expect(await periodResults(deps, ordinal, '2033-07-02')).toMatchObject({ entries: 0, size: 100, results: [] });
  });
});

describe('periods the rollover missed', () => {
  it('a period that ended while no rollover ran is closed by the next one, with its results (a week back)', async () => {
    const clock = fixedClock('2033-08-01T10:00:00.000Z');
    const deps = originDeps(clock.now);
    const id = uniqueBoard('resm');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'every 6 hours from 2033-08-01T00:00 UTC', writers: 'server' });
    await submitScore(deps, id, { playerId: 'a', score: 1 }, server, null); // 2033-08-01T0600Z
    clock.set('2033-08-01T13:00:00.000Z');
    await submitScore(deps, id, { playerId: 'b', score: 2 }, server, null); // 2033-08-01T1200Z
    clock.set('2033-08-02T01:00:00.000Z'); // two periods later: lb_rollover closes only 2033-08-01T1800Z
    const report = await rollover(deps);
    const mine = report.closed.filter((c) => c.board === id).map((c) => c.period).sort();
    expect(mine).toEqual(['2033-08-01T0600Z', '2033-08-01T1200Z', '2033-08-01T1800Z']);
    expect(ranks((await periodResults(deps, id, '2033-08-01T0600Z')).results)).toBe('a1');
    expect(ranks((await periodResults(deps, id, '2033-08-01T1200Z')).results)).toBe('b1');
    expect((await rollover(deps)).closed.filter((c) => c.board === id)).toEqual([]);
  });
});

describe('results through the edge', () => {
  it('a board closed by endsAt gets its results from the scheduled task; the edge serves and caches them; bad input is a 4xx', async () => {
    const board = uniqueBoard('rese');
    await createBoard(board, { endsAt: new Date(Date.now() + 60_000).toISOString(), resultsSize: 2 });
    await submit(board, 'a', 1);
    await submit(board, 'b', 3);
    await submit(board, 'c', 2);
    const early = await api('GET', `/api/boards/${board}/periods/all/results`);
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('not_found');

    const put = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', endsAt: new Date(Date.now() - 1000).toISOString() } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: board, resultsSize: 2, webhook: null });
    const run = await task('rollover');
    expect(run.ok).toBe(true);
    expect(run.ok && run.result.closed).toContainEqual({ board, period: 'all' });

    const first = await api('GET', `/api/boards/${board}/periods/all/results`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ board, period: 'all', start: null, entries: 3, rankMode: 'ordinal', size: 2 });
    expect(first.body.end).toBe(put.body.endsAt);
    expect(ranks(first.body.results)).toBe('b1 c2');
    expect(periodResultsSchema.safeParse(first.body).error?.issues ?? []).toEqual([]);
    expect(boardSchema.extend(resultsSettingsSchema.shape).safeParse(put.body).error?.issues ?? []).toEqual([]);
    // Immutable at the origin; the edge keeps the copy within its bounds and says so.
    expect(first.headers.get('cache-control')).toBe(`public, max-age=${MAX_FRESH_SECONDS}, stale-while-revalidate=${MAX_STALE_SECONDS}, stale-if-error=${DEFAULT_STALE_IF_ERROR_SECONDS}`);
    const second = await api('GET', `/api/boards/${board}/periods/all/results`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);

    for (const [path, code] of [
      [`/api/boards/${board}/periods/2033-01-01/results`, 'invalid_request'],
      [`/api/boards/${board}/periods/no!pe/results`, 'invalid_request'],
      [`/api/boards/${uniqueBoard('none')}/periods/all/results`, 'board_not_found'],
    ] as const) {
      const res = await api('GET', path);
      expect(res.status, path).toBe(code === 'invalid_request' ? 400 : 404);
      expect(res.body.error.code, path).toBe(code);
    }
    expect((await api('POST', `/api/boards/${board}/periods/all/results`, { token: ADMIN(), body: {} })).status).toBe(405);
  });

  it('results carry display names, looked up when read', async () => {
    const board = uniqueBoard('resn');
    await createBoard(board, { endsAt: new Date(Date.now() + 60_000).toISOString() });
    const player = `named-${board}`;
    await submit(board, player, 5);
    await submit(board, `plain-${board}`, 1);
    expect((await api('PUT', `/api/players/${player}/profile`, { token: SERVER(), body: { displayName: 'Zoë' } })).status).toBe(200);
    const put = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', endsAt: new Date(Date.now() - 1000).toISOString() } });
    expect(put.status).toBe(200);
    expect((await task('rollover')).ok).toBe(true);
    const res = await api('GET', `/api/boards/${board}/periods/all/results`);
    expect(res.body.results.map((e: { playerId: string; displayName?: string }) => [e.playerId, e.displayName ?? null])).toEqual([
      [player, 'Zoë'],
      [`plain-${board}`, null],
    ]);
  });
});
