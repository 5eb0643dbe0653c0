/**
 * The live stream with both kinds of writes mixed (docs/live.md, "Under load"): writes through the
 * edge (the board's object is poked) and writes by other paths (the object's alarm pulls them)
 * reach every watcher in write order, other-path writes keep arriving after a run of edge writes,
 * and a watcher that reads nothing holds no one back and loses nothing within its buffer.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { submitScore } from '../../origin/leaderboard/commands.ts';
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
});
