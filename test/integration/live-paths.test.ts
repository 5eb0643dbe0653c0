/**
 * The live stream with both kinds of writes mixed (docs/live.md, "Under load"): writes through the
 * edge (the board's object is poked) and writes by other paths (the object's alarm pulls them)
 * reach every watcher in write order, other-path writes keep arriving after a run of edge writes,
 * and a watcher that reads nothing holds no one back and loses nothing within its buffer. An edge
 * write's poke carries its event; when that event does not follow the object's last one (a gap),
 * the object pulls instead, so the events in between, or a reset, come first.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deletePlayer, submitScore } from '../../origin/leaderboard/commands.ts';
import { createBoard, edge, submit, uniqueBoard } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';
import { sseEvents } from '../../client/src/index.ts';
import { openSse, type SseEvent, type SseStream } from '../sse.ts';

afterAll(closeValkey);

const open: SseStream[] = [];
const stalled: AbortController[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const a of stalled.splice(0)) a.abort();
});

const url = (board: string) => `${edge()}/api/boards/${board}/stream?view=top:100`;
const entries = (events: SseEvent[]) => events.filter((e) => e.event === 'entry');
const server = { kind: 'server', keyId: 't' } as const;

async function watch(board: string): Promise<SseStream> {
  const s = await openSse(url(board));
  expect(s.status).toBe(200);
  open.push(s);
  return s;
}

describe('live stream with writes from every path', () => {
  it('delivers edge and other-path writes in write order to every watcher while one watcher reads nothing', async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const readers = [await watch(board), await watch(board), await watch(board)];
    // A watcher whose body is never read: its frames queue up for it alone.
    const abort = new AbortController();
    stalled.push(abort);
    const idle = await fetch(url(board), { headers: { accept: 'text/event-stream' }, signal: abort.signal });
    expect(idle.status).toBe(200);

    const deps = originDeps(() => new Date());
    const players: string[] = [];
    const edgeSeqs = new Map<string, number>();
    const viaEdge = async (player: string, score: number) => {
      const res = await submit(board, player, score);
      expect(res.status).toBe(200);
      edgeSeqs.set(player, Number(res.headers.get('x-board-seq')));
      players.push(player);
    };
    const viaOrigin = async (player: string, score: number) => {
      await submitScore(deps, board, { playerId: player, score }, server, null);
      players.push(player);
    };
    // Interleaved, then a run of edge writes followed by a run of other-path writes: the pulls
    // that find the other-path writes must keep going after the pokes stop.
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? viaEdge(`m${i}`, 100 + i) : viaOrigin(`m${i}`, 100 + i));
    for (let i = 0; i < 6; i++) await viaEdge(`e${i}`, 200 + i);
    for (let i = 0; i < 6; i++) await viaOrigin(`o${i}`, 300 + i);

    for (const s of readers) {
      const got = entries(await s.until((ev) => entries(ev).length >= players.length, 30_000, `all ${players.length} entries`));
      expect(got.map((e) => e.data.playerId)).toEqual(players);
      const seqs = got.map((e) => Number(e.id));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      for (const e of got) if (edgeSeqs.has(e.data.playerId)) expect(Number(e.id)).toBe(edgeSeqs.get(e.data.playerId));
    }

    // The watcher that read nothing was kept (within its buffer) and gets the same events once it reads.
    const late: string[] = [];
    const reading = (async () => {
      for await (const e of sseEvents(idle.body!)) {
        if (e.event === 'entry') late.push((e.data as { playerId: string }).playerId);
        if (late.length >= players.length) return;
      }
    })();
    await Promise.race([reading, new Promise((r) => setTimeout(r, 30_000))]);
    expect(late).toEqual(players);
  });

  it("applies an edge write's event after the events in between when it does not follow the last one, and after a reset", async () => {
    const board = uniqueBoard('live');
    await createBoard(board);
    const s = await watch(board);
    const deps = originDeps(() => new Date());
    const acks: [string, number][] = [];
    const viaEdge = async (player: string, score: number) => {
      const res = await submit(board, player, score);
      expect(res.status).toBe(200);
      // The event the origin handed the edge for the poke is not passed on to the client.
      expect(res.headers.get('x-live-event')).toBeNull();
      acks.push([player, Number(res.headers.get('x-board-seq'))]);
    };

    await viaEdge('a', 10);
    await s.until((ev) => entries(ev).length >= 1, 15_000, 'the first edge write');
    // A write by another path the object has not pulled yet, then at once an edge write: the
    // edge write's event follows the other one, so the object pulls both, in order.
    const other = await submitScore(deps, board, { playerId: 'b', score: 20 }, server, null);
    acks.push(['b', 0]);
    await viaEdge('c', 30);
    // An erasure by another path moves the version without an event: the next edge write's event
    // no longer follows the object's last one, and its watchers are told to refetch before it.
    await deletePlayer(deps, board, 'a');
    await viaEdge('d', 40);

    const got = await s.until((ev) => entries(ev).some((e) => e.data.playerId === 'd'), 15_000, 'the last edge write');
    const kinds = got.map((e) => (e.event === 'entry' ? (e.data as { playerId: string }).playerId : e.event));
    expect(kinds).toEqual(['a', 'b', 'c', 'reset', 'd']);
    expect(got[3]!.data).toEqual({ reason: 'changed' });
    const seqs = got.map((e) => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    for (const [player, seq] of acks) if (seq > 0) expect(Number(entries(got).find((e) => e.data.playerId === player)!.id)).toBe(seq);
    expect(entries(got).find((e) => e.data.playerId === 'b')!.data.score).toBe(other.entry.score);
  });
});
