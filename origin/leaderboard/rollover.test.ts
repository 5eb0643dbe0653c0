import { describe, expect, it } from 'vitest';
import { rollover } from './rollover.ts';
import { memoryDeps, uniqueBoardId } from './testing/memory-deps.ts';
import { recordBoard } from './testing/memory-record.ts';

/** A daily board with an entry in each of four days up to "today" (2026-12-02). */
async function setup() {
  const stores = memoryDeps({ now: '2026-12-02T12:00:00.000Z' });
  const board = stores.record.addBoard(recordBoard(uniqueBoardId('roll'), { reset: 'daily' }));
  for (const day of ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']) {
    stores.setNow(`${day}T08:00:00.000Z`);
    await stores.record.submit({ board: board.id, playerId: `p-${day}`, score: 1, metadata: null, idempotencyKey: null, principal: 'server:t' });
  }
  stores.setNow('2026-12-02T12:00:00.000Z');
  return { ...stores, board };
}

describe('rollover', () => {
  it('closes the previous period once, prepares the current one, and lets periods out of the hot window expire', async () => {
    const { deps, board, projection } = await setup();
    const report = await rollover(deps);
    expect(report.closed).toEqual([{ board: board.id, period: '2026-12-01' }]);
    expect(report.prepared).toEqual([{ board: board.id, period: '2026-12-02' }]);
    const current = projection.state(board, '2026-12-02');
    expect(current.ready).toBe(true);
    expect([...current.entries.keys()]).toEqual(['p-2026-12-02']);
    // Two hot periods (today and yesterday) stay; older ones get the eviction TTL.
    expect(report.evicting.map((e) => e.period).sort()).toEqual(['2026-11-29', '2026-11-30']);
    expect(projection.state(board, '2026-11-29').expireSeconds).toBe(deps.config.evictAfterSeconds);
    expect(projection.state(board, '2026-12-01').expireSeconds).toBeNull();

    // A second run: nothing to close, prepare or evict.
    const again = await rollover(deps);
    expect(again).toMatchObject({ closed: [], prepared: [], evicting: [] });
  });

  it('rebuilds the periods whose mirror failed, and leaves a repair pending while another rebuild holds the lock', async () => {
    const { deps, board, projection, record } = await setup();
    await rollover(deps);
    const current = projection.state(board, '2026-12-02');
    // A write the projection missed: in the record, and queued for repair.
    await record.submit({ board: board.id, playerId: 'missed', score: 9, metadata: null, idempotencyKey: null, principal: 'server:t' });
    await record.requestRepair(board.id, '2026-12-02');

    current.lock = 'someone else';
    expect((await rollover(deps)).repaired).toEqual([]);
    expect(record.pendingRepairs).toHaveLength(1);
    expect(current.ready).toBe(false); // marked stale: reads rebuild it meanwhile

    current.lock = null;
    expect((await rollover(deps)).repaired).toEqual([{ board: board.id, period: '2026-12-02' }]);
    expect(record.pendingRepairs).toEqual([]);
    expect(current.ready).toBe(true);
    expect(current.entries.has('missed')).toBe(true);
  });

  it('fails when Valkey is down, after the record part is done', async () => {
    const { deps, board, projection, record } = await setup();
    projection.down = true;
    await expect(rollover(deps)).rejects.toThrow(/connection refused/);
    expect(record.closed.has(`${board.id}|2026-12-01`)).toBe(true);
  });
});
