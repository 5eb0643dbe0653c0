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

  it("gives the poke's event the tier a pulled event gets: by the position among the period's total then", async () => {
    const tiers = { by: 'percentile' as const, tiers: [{ name: 'top50', top: 50 }, { name: 'rest', top: 100 }] };
    const { deps, board } = await setup({ tiers });
    await submitScore(deps, board.id, { playerId: 'a', score: 10 }, server, null);
    await submitScore(deps, board.id, { playerId: 'b', score: 5 }, server, null);
    await submitScore(deps, board.id, { playerId: 'c', score: 1 }, server, null);
    // d, 1st of 4, is in the top 50% (positions 1-2); e, 5th of 5, is past it (positions 1-3).
    const out = await submitScore(deps, board.id, { playerId: 'd', score: 20 }, server, null);
    expect(out.live?.event).toMatchObject({ playerId: 'd', rank: 1, tier: 'top50' });
    expect((await submitScore(deps, board.id, { playerId: 'e', score: 0 }, server, null)).live?.event).toMatchObject({ rank: 5, tier: 'rest' });
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

describe('tiers in write replies', () => {
  const percentile = { by: 'percentile' as const, tiers: [{ name: 'top25', top: 25 }, { name: 'top50', top: 50 }] };

  it('tags the entry and the previous one by position among the total the projection counted them in', async () => {
    const { deps, board } = await setup({ tiers: percentile });
    for (const [p, s] of [['a', 40], ['b', 30], ['c', 20]] as const) await submitScore(deps, board.id, { playerId: p, score: s }, server, null);
    // 4 entries: top25 is position 1, top50 position 2, past that none.
    const d = await submitScore(deps, board.id, { playerId: 'd', score: 10 }, server, null);
    expect(d.entry).toMatchObject({ rank: 4, tier: null });
    const up = await submitScore(deps, board.id, { playerId: 'd', score: 35 }, server, null);
    expect(up.entry).toMatchObject({ rank: 2, tier: 'top50' });
    expect(up.previous).toMatchObject({ rank: 4, tier: null });
    const top = await submitScore(deps, board.id, { playerId: 'c', score: 50 }, server, null);
    expect(top.entry).toMatchObject({ rank: 1, tier: 'top25' });
    expect(top.previous).toMatchObject({ rank: 4, tier: null });
    // 5 entries: ceil(5 × 25 %) = 2, ceil(5 × 50 %) = 3.
    const e = await submitScore(deps, board.id, { playerId: 'e', score: 45 }, server, null);
    expect(e.entry).toMatchObject({ rank: 2, tier: 'top25' });
  });

  it('tags from the record when the mirror failed, and leaves the tier out where no position is known', async () => {
    const { deps, board, projection } = await setup({ tiers: percentile });
    for (const [p, s] of [['a', 40], ['b', 30], ['c', 20], ['d', 10]] as const) await submitScore(deps, board.id, { playerId: p, score: s }, server, null);
    projection.failing.add('apply');
    const out = await submitScore(deps, board.id, { playerId: 'd', score: 35 }, server, null);
    expect(out.entry).toMatchObject({ rank: 2, tier: 'top50' });
    // The previous position went with the failed mirror: no rank, so no percentile tier either.
    expect(out.previous).toMatchObject({ rank: null });
    expect(out.previous).not.toHaveProperty('tier');
  });

  it('tags score tiers by the score alone, in single and batch replies; a board without tiers has none', async () => {
    const { deps, board } = await setup({ tiers: { by: 'score', tiers: [{ name: 'gold', score: 100 }, { name: 'silver', score: 50 }] } });
    const one = await submitScore(deps, board.id, { playerId: 'a', score: 60 }, server, null);
    expect(one.entry.tier).toBe('silver');
    const batch = await submitBatch(deps, board.id, [{ playerId: 'b', score: 100 }, { playerId: 'c', score: 49 }], server);
    expect(batch.results.map((r) => r.entry.tier)).toEqual(['gold', null]);
    const pct = await setup({ tiers: percentile });
    const unranked = await submitBatch(pct.deps, pct.board.id, [{ playerId: 'a', score: 1 }], server);
    expect(unranked.results[0]!.entry).not.toHaveProperty('tier');
    const plain = await setup();
    expect((await submitScore(plain.deps, plain.board.id, { playerId: 'a', score: 1 }, server, null)).entry).not.toHaveProperty('tier');
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
