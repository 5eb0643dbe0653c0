import { describe, expect, it } from 'vitest';
import type { Principal } from '../../core/index.ts';
import { submitScore } from './commands.ts';
import { copyHistoryRanks } from './history-ranks.ts';
import { rollover } from './rollover.ts';
import { memoryDeps, uniqueBoardId } from './testing/memory-deps.ts';
import { recordBoard } from './testing/memory-record.ts';

const server: Principal = { kind: 'server', keyId: 't' };

/** A board whose projection is ready, as a created board's is. */
async function setup(o: Parameters<typeof recordBoard>[1] = {}) {
  const stores = memoryDeps();
  const board = stores.record.addBoard(recordBoard(uniqueBoardId('hr'), o));
  const period = stores.projection.period(board, 'all');
  await period.finishRebuild(await period.beginRebuild());
  /** Writes and returns the rank its reply gave, by seq. */
  const write = async (playerId: string, score: number) => {
    const out = await submitScore(stores.deps, board.id, { playerId, score }, server, null);
    return { seq: stores.record.log.at(-1)!.seq, rank: out.entry.rank };
  };
  const logged = () => stores.record.log.filter((r) => r.board === board.id).map((r) => ({ seq: r.seq, rank: r.rank }));
  return { ...stores, board, write, logged, state: stores.projection.state(board, 'all') };
}

describe('copying history ranks from the live stream', () => {
  it('stores the rank each write replied with, once, and moves its position past what it read', async () => {
    const { deps, write, logged, state } = await setup();
    const replies = [await write('a', 10), await write('b', 20), await write('a', 30), await write('c', 5)];
    expect(replies.map((r) => r.rank)).toEqual([1, 1, 1, 3]);
    expect(logged().every((r) => r.rank === null)).toBe(true);

    expect(await copyHistoryRanks(deps)).toEqual({ periods: 1, filled: 4, missed: 0, failed: 0 });
    expect(logged()).toEqual(replies);
    expect(state.ranked).toBe(state.live.at(-1)!.version);

    // Nothing new: the stream is not read from its start again.
    expect(await copyHistoryRanks(deps)).toEqual({ periods: 0, filled: 0, missed: 0, failed: 0 });
    const next = await write('b', 40);
    expect(await copyHistoryRanks(deps)).toMatchObject({ periods: 1, filled: 1, missed: 0 });
    expect(logged().at(-1)).toEqual({ seq: next.seq, rank: 1 });
  });

  it('only fills ranks that are missing, so reading the stream again changes nothing', async () => {
    const { deps, write, logged, state } = await setup();
    await write('a', 10);
    await write('b', 20);
    await copyHistoryRanks(deps);
    const before = logged();
    state.ranked = 0;
    expect(await copyHistoryRanks(deps)).toEqual({ periods: 1, filled: 0, missed: 0, failed: 0 });
    expect(logged()).toEqual(before);
  });

  it('counts the writes whose events were trimmed before it ran, and leaves their rank null', async () => {
    const { deps, write, logged, projection } = await setup();
    projection.liveMax = 2;
    const replies = [];
    for (const [player, score] of [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]] as const) replies.push(await write(player, score));
    expect(await copyHistoryRanks(deps)).toEqual({ periods: 1, filled: 2, missed: 3, failed: 0 });
    expect(logged()).toEqual([...replies.slice(0, 3).map((r) => ({ seq: r.seq, rank: null })), ...replies.slice(3)]);
  });

  it('leaves writes made before the period was ready without a rank (their events have none)', async () => {
    const { deps, write, logged, state } = await setup();
    state.ready = false;
    await write('a', 10);
    state.ready = true;
    const ranked = await write('b', 20);
    expect(await copyHistoryRanks(deps)).toMatchObject({ filled: 1, missed: 0 });
    expect(logged().map((r) => r.rank)).toEqual([null, ranked.rank]);
  });

  it('keeps its position when the record fails, and catches up at the next run', async () => {
    const { deps, write, logged, record, state, logs } = await setup();
    const reply = await write('a', 10);
    record.historyRanks = async () => {
      throw new Error('supabase: timeout');
    };
    expect(await copyHistoryRanks(deps)).toEqual({ periods: 0, filled: 0, missed: 0, failed: 1 });
    expect(logs.some((l) => l.startsWith('warn could not copy history ranks'))).toBe(true);
    expect(state.ranked).toBe(0);
    delete (record as Partial<typeof record>).historyRanks;
    expect(await copyHistoryRanks(deps)).toMatchObject({ filled: 1 });
    expect(logged()).toEqual([reply]);
  });

  it('runs in the rollover on the hot periods of every board, which reports what it filled and missed', async () => {
    const { deps, write, logged, record, projection } = await setup();
    const reply = await write('a', 10);
    // A daily board: today's and yesterday's periods are hot; the one before is not read.
    const daily = record.addBoard(recordBoard(uniqueBoardId('hr'), { reset: 'daily' }));
    const days = ['2026-11-30', '2026-12-01', '2026-12-02'];
    for (const day of days) {
      const p = projection.period(daily, day);
      await p.finishRebuild(await p.beginRebuild());
      await p.apply([{ playerId: 'd', score: 1, achievedAt: `${day}T08:00:00.000Z`, achievedAtMs: Date.parse(`${day}T08:00:00.000Z`), metadata: null, seq: 100 + days.indexOf(day) }]);
    }
    const report = await rollover(deps);
    expect(report.ranks).toEqual({ periods: 3, filled: 1, missed: 0, failed: 0 });
    expect(logged()).toEqual([reply]);
    expect(projection.state(daily, '2026-12-02').ranked).toBe(102);
    expect(projection.state(daily, '2026-12-01').ranked).toBe(101);
    expect(projection.state(daily, '2026-11-30').ranked).toBe(0);
  });
});
