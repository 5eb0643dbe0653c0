import { describe, expect, it } from 'vitest';
import { ApiError, errorBody } from '../../core/index.ts';
import { getBoard, topEntries } from './queries.ts';
import { readThrough } from './read-through.ts';
import { BoardVersion } from './version.ts';
import { memoryDeps, uniqueBoardId } from './testing/memory-deps.ts';
import { recordBoard } from './testing/memory-record.ts';

/** A board with three entries in the record, and a read of its top list through readThrough. */
async function setup(o: { reset?: 'never' | 'daily'; ready?: boolean } = {}) {
  const stores = memoryDeps();
  const board = stores.record.addBoard(recordBoard(uniqueBoardId('rt'), { reset: o.reset ?? 'never' }));
  for (const [player, score] of [['a', 30], ['b', 20], ['c', 10]] as const) await stores.record.submit({ board: board.id, playerId: player, score, metadata: null, idempotencyKey: null, principal: 'server:t' });
  const period = o.reset === 'daily' ? '2026-12-02' : 'all';
  const read = (p = period) =>
    readThrough<{ from: 'projection' | 'record' }>(
      stores.deps,
      board,
      p,
      async (projection) => (await projection.top(null, 10)) && { from: 'projection' as const },
      async () => ({ from: 'record' as const }),
    );
  return { ...stores, board, period, read };
}

describe('readThrough', () => {
  it('rebuilds a missing projection from the record under the lock, then answers from it with its version', async () => {
    const { read, record, projection, board, deps } = await setup();
    expect(await read()).toEqual({ from: 'projection' });
    expect(record.calls).toContain('exportPages');
    const state = projection.state(board, 'all');
    expect(state.ready).toBe(true);
    expect([...state.entries.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(state.lock).toBeNull();
    // The version noted is the one the read after the rebuild saw with its data.
    expect(state.version).toBeGreaterThan(0);
    expect(deps.boardVersion.value).toBe(state.version);

    // Ready now: no second rebuild, and the version the read saw is the answer's.
    record.calls.length = 0;
    state.version = 7;
    deps.boardVersion = new BoardVersion();
    expect(await read()).toEqual({ from: 'projection' });
    expect(record.calls).not.toContain('exportPages');
    expect(deps.boardVersion.value).toBe(7);
  });

  it("answers from the record while someone else holds the rebuild lock, with version 0", async () => {
    const { read, projection, board, deps } = await setup();
    const state = projection.state(board, 'all');
    state.lock = 'someone else';
    expect(await read()).toEqual({ from: 'record' });
    expect(state.ready).toBe(false);
    expect(deps.boardVersion.value).toBe(0);
  });

  it('falls back to the record when Valkey is down or a script fails', async () => {
    const { read, projection, logs } = await setup();
    projection.down = true;
    expect(await read()).toEqual({ from: 'record' });
    projection.down = false;
    projection.failing.add('top');
    expect(await read()).toEqual({ from: 'record' });
    expect(logs.filter((l) => l.startsWith('warn projection unavailable'))).toHaveLength(2);
  });

  it('reads a period out of the hot window from the record without asking Valkey', async () => {
    const { read, projection } = await setup({ reset: 'daily' });
    expect(await read('2026-11-20')).toEqual({ from: 'record' });
    expect(projection.calls).toEqual([]);
    expect(await read('2026-12-01')).toEqual({ from: 'projection' });
  });
});

describe('a read with both stores', () => {
  it('is answered by the record when Valkey is down, and by Valkey when the record is down', async () => {
    const { deps, record, projection, board } = await setup();
    const fromRecord = await (async () => {
      projection.down = true;
      try {
        return await topEntries(deps, board.id, { limit: 2 }, { pin: false });
      } finally {
        projection.down = false;
      }
    })();
    expect(fromRecord.entries.map((e) => [e.playerId, e.rank])).toEqual([['a', 1], ['b', 2]]);
    expect(projection.calls.filter((c) => c.startsWith('top'))).toEqual([]);

    // Valkey ready, Supabase down: the last known board config and the projection answer.
    await topEntries(deps, board.id, { limit: 2 }, { pin: false });
    record.down = true;
    const fromValkey = await topEntries(deps, board.id, { limit: 2 }, { pin: false });
    expect(fromValkey).toEqual(fromRecord);
  });

  it('is a 503 when neither store can answer', async () => {
    const { deps, record, projection, board } = await setup();
    await getBoard(deps, board.id); // the board's config is known here
    record.down = true;
    projection.down = true;
    const err = await topEntries(deps, board.id, { limit: 2 }, { pin: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(errorBody(err, 'r1')).toMatchObject({ status: 503, unexpected: false });
  });
});
