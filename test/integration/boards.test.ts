/** Board lifecycle through the edge: configuration conflicts, and deleting a board then creating the same id again. */
import { describe, expect, it } from 'vitest';
import { ADMIN, api, createBoard, rpc, submit, uniqueBoard, verifyBoard } from '../helpers.ts';

const config = (over: Record<string, unknown> = {}) => ({ name: 'b', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...over });
const put = (board: string, body: Record<string, unknown>) => api('PUT', `/api/boards/${board}`, { token: ADMIN(), body });

describe('board_conflict', () => {
  it('refuses to change sort, operator or reset once the board has entries, with 409 conflict, and changes nothing', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'a', 10);
    for (const change of [{ sort: 'asc' }, { operator: 'latest' }, { reset: 'daily' }]) {
      const res = await put(board, config(change));
      expect(res.status, JSON.stringify(change)).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('cannot change while the board has entries') });
      expect(typeof res.body.requestId).toBe('string');
    }
    const now = (await api('GET', `/api/boards/${board}`)).body;
    expect(now).toMatchObject({ sort: 'desc', operator: 'best', reset: 'never' });
    // The name and writers may change with entries in place.
    expect((await put(board, config({ name: 'renamed', writers: 'players' }))).status).toBe(200);
  });

  it('refuses bounds that existing entries fall outside of, and accepts bounds they fit', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'low', -5);
    await submit(board, 'high', 50);
    const tooHigh = await put(board, config({ minScore: 0 }));
    expect(tooHigh.status).toBe(409);
    expect(tooHigh.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('outside the new bounds') });
    expect((await put(board, config({ maxScore: 49 }))).status).toBe(409);
    const fits = await put(board, config({ minScore: -5, maxScore: 50 }));
    expect(fits.status).toBe(200);
    expect(fits.body).toMatchObject({ minScore: -5, maxScore: 50 });
  });

  it('lets an empty board change its sort and operator', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    const res = await put(board, config({ sort: 'asc', operator: 'increment' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sort: 'asc', operator: 'increment' });
  });
});

describe('deleting a board and creating the same id again', () => {
  it('starts the new board empty: no old entries, ranks, submissions, idempotency keys or cached pages', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'increment' });
    for (const [p, s] of [['ann', 30], ['bob', 20], ['cy', 10]] as const) await submit(board, p, s, { key: `k-${p}` });
    // Cache the old board's pages at the edge, and make sure the projection holds them.
    expect((await api('GET', `/api/boards/${board}/entries`)).body.total).toBe(3);
    expect((await api('GET', `/api/boards/${board}/players/ann`)).status).toBe(200);

    expect((await api('DELETE', `/api/boards/${board}`, { token: ADMIN() })).status).toBe(204);
    expect((await api('GET', `/api/boards/${board}/entries`)).status).toBe(404);
    expect((await submit(board, 'ann', 1)).status).toBe(404);

    // The same id, another configuration: nothing of the old board may show through.
    const created = await put(board, config({ sort: 'asc', operator: 'best' }));
    expect(created.status).toBe(201);
    const empty = await api('GET', `/api/boards/${board}/entries`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ total: 0, entries: [] });
    expect((await api('GET', `/api/boards/${board}/players/ann`)).status).toBe(404);
    expect(await rpc('lb_submissions', { p_board: board })).toEqual([]);

    // The old idempotency key is free again, and the new board's rules apply: asc, best.
    const again = await submit(board, 'ann', 7, { key: 'k-ann' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).not.toBe('true');
    expect(again.body.entry).toMatchObject({ playerId: 'ann', score: 7, rank: 1 });
    await submit(board, 'bob', 3);
    await submit(board, 'ann', 9);
    const top = await api('GET', `/api/boards/${board}/entries`);
    expect(top.body.total).toBe(2);
    expect(top.body.entries.map((e: any) => [e.playerId, e.score, e.rank])).toEqual([['bob', 3, 1], ['ann', 7, 2]]);
    // ann's 9 is no better on an asc board: a write that changes nothing leaves no log row.
    expect(await rpc('lb_submissions', { p_board: board })).toHaveLength(2);
    const report = await verifyBoard(board);
    expect(report.differences).toBe(0);
    expect(report.periods[0]).toMatchObject({ ready: true });
  });
});
