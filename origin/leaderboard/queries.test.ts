import { describe, expect, it } from 'vitest';
import { parseCursor } from '../../core/index.ts';
import { submitScore } from './commands.ts';
import { aroundPlayer, getBoard, playerEntry, someEntries, topEntries, topEntriesPage } from './queries.ts';
import { memoryDeps, uniqueBoardId } from './testing/memory-deps.ts';
import { recordBoard } from './testing/memory-record.ts';

/** A board with entries `scores` (player p<i> has scores[i]), in the record only. */
async function setup(scores: number[], o: Parameters<typeof recordBoard>[1] = {}) {
  const stores = memoryDeps({ config: { snapshot: { topK: 4, ttlSeconds: 60, shareMs: 0 } } });
  const board = stores.record.addBoard(recordBoard(uniqueBoardId('q'), o));
  for (const [i, score] of scores.entries()) await stores.record.submit({ board: board.id, playerId: `p${i}`, score, metadata: null, idempotencyKey: null, principal: 'server:t' });
  return { ...stores, board };
}

const ids = (entries: { playerId: string }[]) => entries.map((e) => e.playerId);
const ranks = (entries: { rank: number }[]) => entries.map((e) => e.rank);

describe('reads', () => {
  it('walks the top list by live cursors, in rank order, to the end', async () => {
    const { deps, board } = await setup([5, 50, 20, 40, 10]);
    const first = await topEntries(deps, board.id, { limit: 2 }, { pin: false });
    expect(ids(first.entries)).toEqual(['p1', 'p3']);
    expect(parseCursor(first.nextCursor!)).toMatchObject({ kind: 'live', period: 'all' });
    const second = await topEntries(deps, board.id, { limit: 2, cursor: first.nextCursor! });
    expect(ids(second.entries)).toEqual(['p2', 'p4']);
    expect(ranks(second.entries)).toEqual([3, 4]);
    const last = await topEntries(deps, board.id, { limit: 2, cursor: second.nextCursor! });
    expect(ids(last.entries)).toEqual(['p0']);
    expect(last.nextCursor).toBeNull();
    expect(last.total).toBe(5);
  });

  it('pins a first page to a snapshot, and pages through that snapshot while the board changes', async () => {
    const { deps, board, projection } = await setup([1, 2, 3, 4, 5, 6]);
    const first = await topEntriesPage(deps, board.id, { limit: 2 });
    expect(first.page.snapshot).toMatchObject({ size: 4 });
    expect(first.caching).toMatchObject({ immutable: false });
    // A write after the snapshot: the walk keeps the snapshot's standings.
    await submitScore(deps, board.id, { playerId: 'new', score: 100 }, { kind: 'server', keyId: 't' }, null);
    expect(projection.state(board, 'all').entries.has('new')).toBe(true);
    const next = await topEntriesPage(deps, board.id, { limit: 2, cursor: first.page.nextCursor! });
    expect(ids(next.page.entries)).toEqual(['p3', 'p2']);
    expect(next.caching).toMatchObject({ immutable: true });
    // Past the snapshot's top K, the walk goes on live after its last entry.
    expect(parseCursor(next.page.nextCursor!)).toMatchObject({ kind: 'live' });
  });

  it('answers a player, their neighbours and a friends list, with percentiles', async () => {
    const { deps, board } = await setup([10, 40, 30, 20]);
    expect(await playerEntry(deps, board.id, 'p2', {})).toMatchObject({ entry: { playerId: 'p2', rank: 2 }, total: 4, percentile: 75 });
    expect(ids((await aroundPlayer(deps, board.id, 'p2', { radius: 1 })).entries)).toEqual(['p1', 'p2', 'p3']);
    expect(ranks((await someEntries(deps, board.id, { ids: ['p0', 'p1', 'p0'] })).entries)).toEqual([1, 4]);
    await expect(playerEntry(deps, board.id, 'nobody', {})).rejects.toMatchObject({ code: 'player_not_found' });
    await expect(aroundPlayer(deps, board.id, 'nobody', { radius: 1 })).rejects.toMatchObject({ code: 'player_not_found' });
  });

  it('shows tie modes the same from the projection and from the record', async () => {
    const scores = [30, 20, 20, 10];
    for (const [mode, expected] of [['competition', [1, 2, 2, 4]], ['dense', [1, 2, 2, 3]]] as const) {
      const { deps, board, projection } = await setup(scores, { rankMode: mode });
      const fromValkey = await topEntries(deps, board.id, { limit: 10 }, { pin: false });
      projection.down = true;
      const fromRecord = await topEntries(deps, board.id, { limit: 10 }, { pin: false });
      expect(ranks(fromValkey.entries)).toEqual(expected);
      expect(ranks(fromRecord.entries)).toEqual(expected);
    }
  });

  it("counts a board's entries in its view", async () => {
    const { deps, board } = await setup([1, 2, 3]);
    expect(await getBoard(deps, board.id)).toMatchObject({ id: board.id, entries: 3, currentPeriod: 'all' });
    await expect(getBoard(deps, uniqueBoardId('missing'))).rejects.toMatchObject({ code: 'board_not_found' });
  });
});

describe('display names of a page', () => {
  it('looks up the names a page showed last time alongside its read, then only the players it did not guess', async () => {
    const { deps, board, projection } = await setup([5, 50, 20, 40, 10]);
    projection.displayNames.set('p1', 'One').set('p3', 'Three').set('p9', 'Nine');
    const asked: string[][] = [];
    const get = projection.names.get;
    projection.names.get = async (players) => {
      asked.push([...players]);
      return get(players);
    };
    const page = async () => {
      asked.length = 0;
      projection.calls.length = 0;
      return (await topEntries(deps, board.id, { limit: 2 }, { pin: false })).entries.map((e) => e.displayName ?? e.playerId);
    };

    // The first read of a page asks after it, for the players it found.
    expect(await page()).toEqual(['One', 'Three']);
    expect(asked).toEqual([['p1', 'p3']]);
    // The same page again: one lookup, its guess, and a rename since is shown at once.
    projection.displayNames.set('p3', 'Three again');
    expect(await page()).toEqual(['One', 'Three again']);
    expect(asked).toEqual([['p1', 'p3']]);
    // ... asked before the page is read, not after.
    expect(projection.calls.indexOf('names')).toBeLessThan(projection.calls.findIndex((c) => c.startsWith('top ')));
    // A player new on the page: the guess, then that player alone.
    await submitScore(deps, board.id, { playerId: 'p9', score: 45 }, { kind: 'server', keyId: 't' }, null);
    expect(await page()).toEqual(['One', 'Nine']);
    expect(asked).toEqual([['p1', 'p3'], ['p9']]);
    expect(await page()).toEqual(['One', 'Nine']);
    expect(asked).toEqual([['p1', 'p9']]);
  });

  it('answers a page without names when they cannot be read', async () => {
    const { deps, board, projection, record } = await setup([5, 50]);
    projection.displayNames.set('p1', 'One').set('p0', 'Zero');
    const around = async () => (await aroundPlayer(deps, board.id, 'p0', { radius: 1 })).entries.map((e) => e.displayName ?? e.playerId);
    expect(await around()).toEqual(['One', 'Zero']);
    // Names unavailable from both stores: the page is still answered, without names.
    projection.failing.add('names');
    record.down = true;
    expect(await around()).toEqual(['p1', 'p0']);
  });
});
