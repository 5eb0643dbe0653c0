/** Live rank updates (docs/live.md): GET /api/boards/{board}/stream through the edge and the board's Durable Object. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { submitBatch, submitScore } from '../../origin/leaderboard/commands.ts';
import { ADMIN, api, createBoard, edge, SERVER, submit, uniqueBoard } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';
import { TEST_LIVE_MAX_PER_BOARD, TEST_LIVE_MAX_PER_IP, TEST_LIVE_RETAIN_EVENTS } from '../setup/global-stack.ts';
import { openSse, type SseEvent, type SseStream } from '../sse.ts';

afterAll(closeValkey);

const open: SseStream[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function watch(board: string, view = 'top:100', headers: Record<string, string> = {}): Promise<SseStream> {
  const s = await openSse(`${edge()}/api/boards/${board}/stream?view=${encodeURIComponent(view)}`, headers);
  open.push(s);
  return s;
}

const entries = (events: SseEvent[]) => events.filter((e) => e.event === 'entry');
const seqOf = (res: { headers: Headers }) => Number(res.headers.get('x-board-seq'));
const server = { kind: 'server', keyId: 't' } as const;

describe('live stream', () => {
  it('sends every write as an entry event whose id is the seq the write answered, in order', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const s = await watch(board);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toContain('text/event-stream');
    const written: number[] = [];
    for (const [player, score] of [['a', 10], ['b', 20], ['c', 5], ['a', 30], ['c', 40], ['b', 1]] as const) {
      const res = await submit(board, player, score);
      expect(res.status).toBe(200);
      if (res.body.updated) written.push(seqOf(res));
    }
    expect(written).toHaveLength(5); // b's 1 is not its best: nothing changed
    const got = entries(await s.until((ev) => entries(ev).length >= written.length, 15_000, 'five entries'));
    expect(got.map((e) => Number(e.id))).toEqual(written);
    expect(got.map((e) => e.data.seq)).toEqual(written);
    // c climbs from 3rd to 1st with 40.
    expect(got[4]!.data).toMatchObject({ playerId: 'c', score: 40, rank: 1, previousRank: 3 });
    expect(got[0]!.data).toMatchObject({ playerId: 'a', score: 10, rank: 1, previousRank: null });
  });

  it('replays what a reconnecting watcher missed after its Last-Event-ID, in order', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const first = await watch(board);
    const before = [];
    for (let i = 0; i < 3; i++) before.push(seqOf(await submit(board, `p${i}`, i + 1)));
    await first.until((ev) => entries(ev).length >= 3, 15_000, 'three entries');
    first.close();
    // Someone keeps watching, so the board's object keeps pulling while the first is away.
    const other = await watch(board, 'top:1');
    const missed = [];
    for (let i = 3; i < 6; i++) missed.push(seqOf(await submit(board, `p${i}`, i + 1)));
    await other.until((ev) => entries(ev).length >= 3, 15_000, 'the new leaders');
    const again = await watch(board, 'top:100', { 'last-event-id': String(before[2]) });
    const got = entries(await again.until((ev) => entries(ev).length >= 3, 15_000, 'the missed entries'));
    expect(got.map((e) => Number(e.id))).toEqual(missed);
  });

  it('sends reset when the watcher is further behind than the retained events', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const s = await watch(board);
    const seqs = [];
    for (let i = 0; i < TEST_LIVE_RETAIN_EVENTS + 5; i++) seqs.push(seqOf(await submit(board, `p${i}`, i)));
    await s.until((ev) => entries(ev).length >= seqs.length, 20_000, 'every entry');
    const late = await watch(board, 'top:100', { 'last-event-id': String(seqs[0]) });
    const [reset] = await late.until((ev) => ev.length >= 1, 10_000, 'a reset');
    expect(reset).toMatchObject({ event: 'reset', data: { reason: 'behind' } });
    expect(Number(reset!.id)).toBe(seqs.at(-1));
    // Within retention, the same board replays.
    const near = await watch(board, 'top:100', { 'last-event-id': String(seqs.at(-3)) });
    expect(entries(await near.until((ev) => entries(ev).length >= 2, 10_000, 'two entries')).map((e) => Number(e.id))).toEqual(seqs.slice(-2));
  });

  it('delivers batch imports, writes by other paths, and an erasure as a reset', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const s = await watch(board);
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'x', score: 3 }, { playerId: 'y', score: 2 }, { playerId: 'z', score: 1 }] } });
    expect(batch.status).toBe(200);
    const got = entries(await s.until((ev) => entries(ev).length >= 3, 15_000, 'the batch'));
    expect(got.map((e) => e.data.playerId)).toEqual(['x', 'y', 'z']);
    expect(Number(got[2]!.id)).toBe(seqOf(batch));
    expect(got.map((e) => Number(e.id))).toEqual([...got.map((e) => Number(e.id))].sort((a, b) => a - b));

    // Writes that never pass the edge (source sync, the admin CLI's tasks, batch jobs) reach watchers by the object's pull.
    const deps = originDeps(() => new Date());
    const direct = await submitScore(deps, board, { playerId: 'w', score: 9 }, server, null);
    await submitBatch(deps, board, [{ playerId: 'v', score: 8 }], server);
    const more = entries(await s.until((ev) => entries(ev).length >= 5, 15_000, 'the direct writes'));
    expect(more.slice(3).map((e) => [e.data.playerId, e.data.rank])).toEqual([['w', 1], ['v', 2]]);
    expect(more[3]!.data.score).toBe(direct.entry.score);

    // The admin erases a player: ranks change without an entry event, so watchers are told to refetch.
    expect((await api('DELETE', `/api/boards/${board}/players/x`, { token: ADMIN() })).status).toBe(204);
    const [reset] = (await s.until((ev) => ev.some((e) => e.event === 'reset'), 15_000, 'a reset')).filter((e) => e.event === 'reset');
    expect(reset!.data).toEqual({ reason: 'changed' });

    // Deleting the board ends the stream.
    expect((await api('DELETE', `/api/boards/${board}`, { token: ADMIN() })).status).toBe(204);
    const gone = await s.until((ev) => ev.some((e) => e.event === 'reset' && e.data.reason === 'deleted'), 15_000, 'the deletion');
    expect(gone.at(-1)!.data).toEqual({ reason: 'deleted' });
    await s.closed;
  });

  it('tells a watched player who overtook them, and filters by view', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    await submit(board, 'alice', 50);
    await submit(board, 'bob', 10);
    const mine = await watch(board, 'ids:alice');
    const top1 = await watch(board, 'top:1');
    await submit(board, 'carol', 5); // third: neither view
    await submit(board, 'bob', 60, { metadata: { displayName: 'Bobby' } });
    const [over] = (await mine.until((ev) => ev.some((e) => e.event === 'overtaken'), 15_000, 'overtaken')).filter((e) => e.event === 'overtaken');
    expect(over!.data).toMatchObject({ playerId: 'alice', by: 'bob', byDisplayName: 'Bobby', rank: 2 });
    expect(entries(mine.events)).toEqual([]); // bob's entry is not alice's
    const lead = entries(await top1.until((ev) => entries(ev).length >= 1, 15_000, 'the new leader'));
    expect(lead.map((e) => [e.data.playerId, e.data.rank, e.data.previousRank, e.data.displayName])).toEqual([['bob', 1, 2, 'Bobby']]);
  });

  it('keeps the connection alive with heartbeats', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const s = await watch(board);
    const deadline = Date.now() + 10_000;
    while (!s.comments.some((c) => c.startsWith('heartbeat')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(s.comments.some((c) => c.startsWith('heartbeat'))).toBe(true);
  });

  it('limits connections per client IP and per board with a 429 envelope', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const ip = (n: number) => ({ 'cf-connecting-ip': `198.51.100.${n}` });
    for (let i = 0; i < TEST_LIVE_MAX_PER_IP; i++) expect((await watch(board, 'top:10', ip(1))).status).toBe(200);
    const over = await watch(board, 'top:10', ip(1));
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'rate_limited', details: { scope: 'ip', limit: TEST_LIVE_MAX_PER_IP } });
    expect(over.headers.get('retry-after')).toBeTruthy();
    for (let i = TEST_LIVE_MAX_PER_IP; i < TEST_LIVE_MAX_PER_BOARD; i++) expect((await watch(board, 'top:10', ip(10 + i))).status).toBe(200);
    const full = await watch(board, 'top:10', ip(99));
    expect([full.status, full.body.error.details.scope]).toEqual([429, 'board']);
    // A closed stream frees its place.
    open[0]!.close();
    await open[0]!.closed;
    const deadline = Date.now() + 10_000;
    let again = await watch(board, 'top:10', ip(98));
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      again = await watch(board, 'top:10', ip(98));
    }
    expect(again.status).toBe(200);
  });

  it('refuses bad views, bad Last-Event-IDs and unknown boards before streaming', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    for (const view of ['top:0', 'top:1001', 'around:', 'ids:', 'middle:3', 'ids:a,b c']) {
      const res = await api('GET', `/api/boards/${board}/stream?view=${encodeURIComponent(view)}`);
      expect([view, res.status, res.body.error.code]).toEqual([view, 400, 'invalid_request']);
    }
    expect((await api('GET', `/api/boards/${board}/stream`, { headers: { 'last-event-id': 'abc' } })).status).toBe(400);
    const missing = await api('GET', `/api/boards/${uniqueBoard('none')}/stream`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'board_not_found']);
    expect((await api('POST', `/api/boards/${board}/stream`)).status).toBe(405);
  });
});
