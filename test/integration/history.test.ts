/**
 * GET /api/boards/{board}/players/{playerId}/history through the edge, on both Valkey modes
 * (docs/history.md): the player's score after each logged write, newest first, paged by cursor to
 * the end; periods; read-your-writes; erasure; moderation; validation; the ranks the rollover
 * copies from the live stream into the log.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHistoryCursor, type PlayerHistory } from '../../core/index.ts';
import { loadBoard } from '../../origin/leaderboard/boards.ts';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { copyPeriodRanks } from '../../origin/leaderboard/history-ranks.ts';
import type { RolloverReport } from '../../origin/leaderboard/rollover.ts';
import { ADMIN, api, createBoard, SERVER, submit, task, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

/** The history, or the error envelope. */
const history = (board: string, player: string, query = '') => api<PlayerHistory & { error: { code: string; message: string } }>('GET', `/api/boards/${board}/players/${player}/history${query ? `?${query}` : ''}`);

/** Every page of a player's history, following nextCursor. */
async function allPages(board: string, player: string, limit: number): Promise<PlayerHistory[]> {
  const pages: PlayerHistory[] = [];
  for (let cursor: string | null = null; ; ) {
    const res = await history(board, player, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    if (!cursor) return pages;
    expect(pages.length).toBeLessThan(20);
  }
}

const moderate = (method: 'PUT' | 'DELETE', board: string, player: string, action: string) =>
  api(method, `/api/boards/${board}/moderation/${player}`, { token: ADMIN(), body: { action, reason: 'test' } });

describe('player history', () => {
  it('lists the score after each change, newest first, paged to the end with nothing twice', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board, { operator: 'best' });
    // 40 is not better than 50: `best` keeps 50 and logs nothing for it.
    const scores = [10, 30, 50, 40, 70, 75, 90];
    for (const score of scores) expect((await submit(board, 'ana', score)).status).toBe(200);
    expect((await submit(board, 'ben', 5)).status).toBe(200);

    const pages = await allPages(board, 'ana', 2);
    expect(pages.map((p) => p.points.length)).toEqual([2, 2, 2]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const points = pages.flatMap((p) => p.points);
    expect(points.map((p) => p.score)).toEqual([90, 75, 70, 50, 30, 10]);
    const seqs = points.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(points.every((p) => !Number.isNaN(Date.parse(p.at)))).toBe(true);
    expect(pages[0]).toMatchObject({ board, playerId: 'ana', period: 'all' });

    // One page holds it all: no cursor.
    const whole = await history(board, 'ana', 'limit=100');
    expect(whole.body.points.map((p) => p.score)).toEqual([90, 75, 70, 50, 30, 10]);
    expect(whole.body.nextCursor).toBeNull();
    // The default page is 20.
    expect((await history(board, 'ben')).body.points).toEqual([expect.objectContaining({ score: 5 })]);
  });

  it('an increment board shows the running total; a read with the write\'s minSeq shows the write', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board, { operator: 'increment' });
    await submit(board, 'cy', 3);
    expect((await history(board, 'cy')).body.points.map((p) => p.score)).toEqual([3]);
    const write = await submit(board, 'cy', 4);
    const seq = write.headers.get('x-board-seq');
    expect(Number(seq)).toBeGreaterThan(0);
    const after = await history(board, 'cy', `minSeq=${seq}`);
    expect(after.body.points.map((p) => p.score)).toEqual([7, 3]);
    // The answer is certified with the period's version, so the same read is now a cache hit.
    expect(Number(after.headers.get('x-board-seq'))).toBeGreaterThanOrEqual(Number(seq));
    expect(['HIT', 'STALE']).toContain((await history(board, 'cy', `minSeq=${seq}`)).headers.get('x-cache'));
  });

  it('reads one period at a time (the current one by default), and a cursor keeps to its period', async () => {
    const clock = fixedClock(new Date(Date.now() - 86_400_000));
    const deps = originDeps(clock.now);
    const board = uniqueBoard('hist');
    await upsertBoard(deps, board, { name: board, sort: 'desc', operator: 'latest', reset: 'daily', writers: 'server' });
    const server = { kind: 'server', keyId: 't' } as const;
    await submitScore(deps, board, { playerId: 'dee', score: 1 }, server, null);
    await submitScore(deps, board, { playerId: 'dee', score: 2 }, server, null);
    clock.set(new Date());
    await submitScore(deps, board, { playerId: 'dee', score: 3 }, server, null);
    const [today, yesterday] = await deps.record.periods(board);

    expect((await history(board, 'dee')).body).toMatchObject({ period: today, points: [{ score: 3 }], nextCursor: null });
    // The board was made today with a test clock for yesterday's writes, so the API refuses
    // yesterday as a period the board did not exist in; the record's call shows what it would read.
    const old = await deps.record.playerHistory(board, yesterday!, 'dee', null, 10);
    expect(old.points.map((p) => p.score)).toEqual([2, 1]);
    expect((await deps.record.playerHistory(board, yesterday!, 'dee', old.points[0]!.seq, 10)).points.map((p) => p.score)).toEqual([1]);
    const mixed = await history(board, 'dee', `period=${today}&cursor=${encodeHistoryCursor(yesterday!, old.points[0]!.seq)}`);
    expect([mixed.status, mixed.body.error.code, mixed.body.error.message]).toEqual([400, 'invalid_request', 'The cursor belongs to another period']);
  });

  it('is erased with the player, cached copies included', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board);
    await submit(board, 'gone', 10);
    await submit(board, 'gone', 20);
    await submit(board, 'kept', 5);
    expect((await history(board, 'gone')).body.points).toHaveLength(2);
    expect(['HIT', 'STALE']).toContain((await history(board, 'gone')).headers.get('x-cache'));

    expect((await api('DELETE', `/api/boards/${board}/players/gone`, { token: ADMIN() })).status).toBe(204);
    const after = await history(board, 'gone');
    expect([after.status, after.body.error.code]).toEqual([404, 'player_not_found']);
    expect((await history(board, 'kept')).body.points).toHaveLength(1);
    // A new score after the erasure starts a new history.
    await submit(board, 'gone', 1);
    expect((await history(board, 'gone')).body.points.map((p) => p.score)).toEqual([1]);
  });

  it('follows moderation like the player view: hidden and shadowed players are not found', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board);
    await submit(board, 'eve', 10);
    await submit(board, 'sam', 12);
    expect((await history(board, 'eve')).status).toBe(200);

    expect((await moderate('PUT', board, 'eve', 'hide')).status).toBe(200);
    expect((await history(board, 'eve')).status).toBe(404);
    expect((await api('GET', `/api/boards/${board}/players/eve`)).status).toBe(404);
    expect((await moderate('DELETE', board, 'eve', 'hide')).status).toBe(200);
    expect((await history(board, 'eve')).body.points.map((p) => p.score)).toEqual([10]);

    expect((await moderate('PUT', board, 'sam', 'shadow')).status).toBe(200);
    expect((await history(board, 'sam')).status).toBe(404);
    // A ban changes no view.
    expect((await moderate('PUT', board, 'eve', 'ban')).status).toBe(200);
    expect((await history(board, 'eve')).status).toBe(200);
  });

  it('shows the rank each write replied with, once the rollover copied it from the live stream', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board, { operator: 'best' });
    // [player, score]: ana moves 3rd -> 2nd -> 1st, is passed by cy, then takes 1st back.
    const writes: [string, number][] = [['ben', 50], ['cy', 40], ['ana', 10], ['ana', 45], ['ana', 60], ['cy', 70], ['ana', 80]];
    const replied = new Map<string, number[]>();
    for (const [player, score] of writes) {
      const res = await submit(board, player, score);
      expect(res.status).toBe(200);
      replied.set(player, [(res.body as { entry: { rank: number } }).entry.rank, ...(replied.get(player) ?? [])]);
    }
    expect(replied.get('ana')).toEqual([1, 1, 2, 3]);

    // The step alone, as the rollover runs it for each hot period.
    const deps = originDeps(() => new Date());
    const b = await loadBoard(deps, board);
    const copied = await copyPeriodRanks(deps, b, (await deps.projection()).period(b, 'all'));
    // Other test files may run the rollover meanwhile (it copies every board's ranks): then it filled some first.
    expect(copied.missed).toBe(0);
    expect(copied.filled).toBeLessThanOrEqual(writes.length);

    for (const player of ['ana', 'ben', 'cy']) {
      const points = (await history(board, player)).body.points;
      expect([player, points.map((p) => p.rank)]).toEqual([player, replied.get(player)]);
    }
    // Again: nothing new in the stream, nothing written.
    expect(await copyPeriodRanks(deps, b, (await deps.projection()).period(b, 'all'))).toEqual({ events: 0, filled: 0, missed: 0 });

    // A new write gets its rank from the scheduled rollover task (every minute).
    const late = await submit(board, 'ben', 90);
    const run = await task<RolloverReport>('rollover');
    if (!run.ok) throw new Error(JSON.stringify(run.error));
    expect(run.result.ranks).toEqual(expect.objectContaining({ periods: expect.any(Number), filled: expect.any(Number), missed: expect.any(Number), failed: expect.any(Number) }));
    const after = await history(board, 'ben', `minSeq=${late.headers.get('x-board-seq')}&limit=5`);
    expect(after.body.points.map((p) => p.rank)).toEqual([(late.body as { entry: { rank: number } }).entry.rank, 1]);
  });

  it('keeps ordinal ranks on a board with a tie mode: the place after the write, ties in the order they were reached', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board, { rankMode: 'competition' });
    const first = await submit(board, 'tia', 10);
    const second = await submit(board, 'tom', 10);
    // The replies show the competition rank: both are 1st.
    expect([first.body, second.body].map((b) => (b as { entry: { rank: number } }).entry.rank)).toEqual([1, 1]);
    const deps = originDeps(() => new Date());
    const b = await loadBoard(deps, board);
    await copyPeriodRanks(deps, b, (await deps.projection()).period(b, 'all'));
    expect((await history(board, 'tia')).body.points.map((p) => p.rank)).toEqual([1]);
    expect((await history(board, 'tom')).body.points.map((p) => p.rank)).toEqual([2]);
  });

  it('refuses bad input with 400 and the error envelope; unknown boards and players are 404', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board);
    await submit(board, 'fay', 1);
    await submit(board, 'fay', 2);
    const cursor = (await history(board, 'fay', 'limit=1')).body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const entriesCursor = btoa('k1.all.00000000000000000000000001fay').replace(/=+$/, '');
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1&limit=2', 'cursor=not-a-cursor', `cursor=${entriesCursor}`, `cursor=${cursor}&cursor=${cursor}`, 'period=2026-13-99', `period=${'x'.repeat(20)}`]) {
      const res = await history(board, 'fay', q);
      expect([q, res.status, res.body?.error?.code]).toEqual([q, 400, 'invalid_request']);
    }
    expect((await api('GET', `/api/boards/${board}/players/${'x'.repeat(129)}/history`)).status).toBe(400);
    expect((await history(uniqueBoard('nope'), 'fay')).status).toBe(404);
    expect((await history(board, 'nobody')).body.error.code).toBe('player_not_found');
    expect((await api('POST', `/api/boards/${board}/players/fay/history`, { token: SERVER(), body: {} })).status).toBe(405);
  });
});
