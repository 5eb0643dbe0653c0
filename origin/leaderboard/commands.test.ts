import { describe, expect, it } from 'vitest';
import type { Principal } from '../../core/index.ts';
import { deleteBoard, deletePlayer, submitBatch, submitScore } from './commands.ts';
import { memoryDeps, uniqueBoardId } from './testing/memory-deps.ts';
import { BoardVersion } from './version.ts';
import { recordBoard } from './testing/memory-record.ts';

const server: Principal = { kind: 'server', keyId: 't' };

/** The same stores, as a new request: its own answer version. */
const request = <D extends object>(deps: D) => ({ ...deps, boardVersion: new BoardVersion() });

/** A board whose projection is ready (as a created board's is). */
async function setup(o: Parameters<typeof recordBoard>[1] = {}) {
  const stores = memoryDeps();
  const board = stores.record.addBoard(recordBoard(uniqueBoardId('cmd'), o));
  const period = stores.projection.period(board, 'all');
  await period.finishRebuild(await period.beginRebuild());
  return { ...stores, board, state: stores.projection.state(board, 'all') };
}

describe('submitScore', () => {
  it('commits to the record, then mirrors: the rank and the version come from the projection', async () => {
    const { deps, board, state, record } = await setup();
    await submitScore(deps, board.id, { playerId: 'a', score: 10 }, server, null);
    const second = request(deps);
    const out = await submitScore(second, board.id, { playerId: 'b', score: 20 }, server, null);
    expect(out).toMatchObject({ updated: true, replayed: false, previous: null, entry: { playerId: 'b', score: 20, rank: 1 } });
    expect([...state.entries.keys()].sort()).toEqual(['a', 'b']);
    // The period's version after this write's mirror (the record's sequence number 2).
    expect(second.boardVersion.value).toBe(2);
    // The rank came from the projection: the record was not asked.
    expect(record.calls).not.toContain('readPlayers');

    const better = await submitScore(deps, board.id, { playerId: 'a', score: 30 }, server, null);
    expect(better).toMatchObject({ entry: { playerId: 'a', score: 30, rank: 1 }, previous: { score: 10, rank: 2 } });
  });

  it("hands the edge the write's live event, with the version before it, only when the mirror appended one", async () => {
    const { deps, board, state } = await setup();
    await submitScore(deps, board.id, { playerId: 'a', score: 10 }, server, null);
    const before = state.version;
    const out = await submitScore(deps, board.id, { playerId: 'b', score: 20, metadata: { displayName: 'Bea' } }, server, 'k1');
    expect(out.live).toEqual({ period: 'all', event: { seq: state.version, prev: before, playerId: 'b', displayName: 'Bea', score: 20, rank: 1, previousRank: null } });
    // The same event as the period's stream holds for the edge's pull.
    expect(state.live.at(-1)).toMatchObject({ version: out.live!.event.seq, prev: before, playerId: 'b', rank: 1, previousRank: null });
    // A write that changed nothing, and a replay, appended no event: the poke then pulls.
    expect((await submitScore(deps, board.id, { playerId: 'a', score: 5 }, server, null)).live).toBeNull();
    expect((await submitScore(deps, board.id, { playerId: 'b', score: 20, metadata: { displayName: 'Bea' } }, server, 'k1')).live).toBeNull();
  });

  it('acknowledges a committed write whose mirror failed: ranked by the record, the period marked stale and queued for repair, version 0', async () => {
    const { deps, board, state, record, projection } = await setup();
    await submitScore(deps, board.id, { playerId: 'a', score: 50 }, server, null);
    projection.failing.add('apply');
    const failed = request(deps);
    const out = await submitScore(failed, board.id, { playerId: 'b', score: 20 }, server, null);
    expect(out.entry).toMatchObject({ playerId: 'b', score: 20, rank: 2 });
    expect(record.calls).toContain('readPlayers');
    expect(state.ready).toBe(false);
    expect(record.pendingRepairs).toEqual([expect.objectContaining({ board: board.id, period: 'all' })]);
    expect(failed.boardVersion.value).toBe(0);
  });

  it('still acknowledges when Valkey is down altogether', async () => {
    const { deps, board, record, projection } = await setup();
    projection.down = true;
    const out = await submitScore(deps, board.id, { playerId: 'a', score: 5 }, server, null);
    expect(out.entry).toMatchObject({ playerId: 'a', rank: 1 });
    expect(record.pendingRepairs).toHaveLength(1);
  });

  it('refuses a player writing for another player before anything is written', async () => {
    const { deps, board, record } = await setup({ writers: 'players' });
    await expect(submitScore(deps, board.id, { playerId: 'b', score: 1 }, { kind: 'player', playerId: 'a' }, null)).rejects.toMatchObject({ code: 'forbidden' });
    expect(record.calls).not.toContain('submit');
  });

  it('numbers ranks in the board tie mode', async () => {
    const { deps, board } = await setup({ rankMode: 'competition' });
    await submitScore(deps, board.id, { playerId: 'a', score: 20 }, server, null);
    await submitScore(deps, board.id, { playerId: 'b', score: 10 }, server, null);
    const tied = await submitScore(deps, board.id, { playerId: 'c', score: 10 }, server, null);
    // Ordinal position 3, shown as 2 (1 + one better score).
    expect(tied.entry.rank).toBe(2);
  });
});

describe('submitBatch', () => {
  it('mirrors every entry in one apply per period and answers without ranks', async () => {
    const { deps, board, state, projection } = await setup();
    const out = await submitBatch(deps, board.id, [{ playerId: 'a', score: 1 }, { playerId: 'b', score: 2 }, { playerId: 'c', score: 3 }], server);
    expect(out.results.map((r) => [r.playerId, r.updated, r.entry.rank])).toEqual([['a', true, null], ['b', true, null], ['c', true, null]]);
    expect(projection.calls.filter((c) => c === 'apply all')).toHaveLength(1);
    expect([...state.entries.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(deps.boardVersion.value).toBe(3);
  });
});

describe('deletions', () => {
  it('erasing a player marks their periods stale; with Valkey down, queues them for repair', async () => {
    const { deps, board, state, record, projection } = await setup();
    await submitScore(deps, board.id, { playerId: 'a', score: 1 }, server, null);
    const out = await deletePlayer(deps, board.id, 'a');
    expect(out.periods).toEqual(['all']);
    expect(state.ready).toBe(false);
    expect(record.pendingRepairs).toEqual([]);

    await submitScore(deps, board.id, { playerId: 'b', score: 1 }, server, null);
    projection.down = true;
    await deletePlayer(deps, board.id, 'b');
    expect(record.pendingRepairs).toEqual([expect.objectContaining({ board: board.id, period: 'all' })]);
  });

  it("deleting a board drops its periods' projection", async () => {
    const { deps, board, projection } = await setup();
    await submitScore(deps, board.id, { playerId: 'a', score: 1 }, server, null);
    expect(projection.periods.size).toBe(1);
    await deleteBoard(deps, board.id);
    expect(projection.periods.size).toBe(0);
  });
});
