import { describe, expect, it, vi } from 'vitest';
import type { Deps } from '../leaderboard/deps.ts';
import { Tally } from '../metrics.ts';
import type { RecordBoard } from '../record/types.ts';
import { LAG_CAP, operationsStats, publishGauges } from './stats.ts';

const board = (id: string, reset: RecordBoard['reset'] = 'never'): RecordBoard =>
  ({ id, name: id, sort: 'desc', operator: 'best', reset, writers: 'server', minScore: null, maxScore: null, cacheSeconds: 5, seq: 0, incarnation: 1, source: null, sourceStatus: null }) as RecordBoard;

/** Deps over fakes: the record's answers, and Valkey's versions and readiness per `space:period`. */
function fakeDeps(o: { valkey: Record<string, { version: number; ready: boolean }> | 'down'; writesAfter?: number; purges?: boolean }) {
  const writesAfter = vi.fn(async () => o.writesAfter ?? 0);
  const now = new Date('2026-12-02T12:00:00.000Z');
  const projection = o.valkey === 'down'
    ? Promise.reject(new Error('connection refused'))
    : Promise.resolve({
        period: (b: RecordBoard, period: string) => {
          const state = (o.valkey as Record<string, { version: number; ready: boolean }>)[`${b.id}.${b.incarnation}:${period}`];
          return { version: async () => state?.version ?? 0, count: async () => (state?.ready ? 1 : null) };
        },
      });
  projection.catch(() => undefined);
  const deps = {
    config: { hotPeriods: 2, cloudflare: o.purges ? {} : null },
    now: () => now,
    log: vi.fn(),
    metrics: new Tally(),
    projection: () => projection,
    record: {
      repairs: async () => [{ board: 'a', period: 'all', requestedAt: '2026-12-02T11:58:00.000Z' }],
      purgeBacklog: async () => ({ pending: 2, oldestSeconds: 75 }),
      recentWrites: async () => [
        { board: 'a', period: 'all', seq: 120, at: '2026-12-02T11:59:59.000Z' },
        { board: 'b', period: 'all', seq: 90, at: '2026-12-02T11:59:00.000Z' },
        { board: 'd', period: '2026-11-01', seq: 80, at: '2026-11-01T10:00:00.000Z' },
      ],
      boards: async () => [board('a'), { ...board('b'), source: { url: 'https://x.example/s.json' }, sourceStatus: { at: '2026-12-02T11:55:00.000Z', ok: false, rows: 3, applied: 0, unchanged: 0, skipped: 0, error: 'HTTP 503' } }, board('d', 'daily')],
      writesAfter,
    },
  } as unknown as Deps;
  return { deps, writesAfter };
}

describe('operations stats', () => {
  it('counts the writes Valkey lacks only where its version is behind, and never for a period out of the hot window', async () => {
    const { deps, writesAfter } = fakeDeps({ valkey: { 'a.1:all': { version: 100, ready: true }, 'b.1:all': { version: 95, ready: true } }, writesAfter: 7 });
    const s = await operationsStats(deps);
    expect(s.projection.boards.map((b) => [b.board, b.version, b.ready, b.behind])).toEqual([
      ['a', 100, true, 7],
      ['b', 95, true, 0],
      ['d', null, null, null],
    ]);
    expect(writesAfter).toHaveBeenCalledTimes(1);
    expect(writesAfter).toHaveBeenCalledWith('a', 'all', 100, LAG_CAP);
    expect(s.projection).toMatchObject({ reachable: true, lag: 7, notReady: 0 });
    expect(s.repairs).toMatchObject({ pending: 1, oldestSeconds: 120 });
    expect(s.purges).toBeNull();
    expect(s.sources).toEqual([{ board: 'b', at: '2026-12-02T11:55:00.000Z', ok: false, rows: 3, applied: 0, error: 'HTTP 503' }]);
  });

  it('reports the lag as unknown, not 0, when Valkey cannot be reached', async () => {
    const { deps } = fakeDeps({ valkey: 'down', purges: true });
    const s = await operationsStats(deps);
    expect(s.projection).toMatchObject({ reachable: false, lag: null });
    expect(s.projection.boards.every((b) => b.behind === null)).toBe(true);
    expect(s.purges).toEqual({ pending: 2, oldestSeconds: 75 });
  });

  it('sets the gauges on the invocation\'s tally, and leaves the lag gauge out when it is unknown', async () => {
    const up = fakeDeps({ valkey: { 'a.1:all': { version: 0, ready: false } }, writesAfter: 12, purges: true });
    await publishGauges(up.deps);
    expect(up.deps.metrics!.gauges).toEqual({ RepairsPending: 1, OldestRepairSeconds: 120, PurgesPending: 2, OldestPurgeSeconds: 75, ProjectionLag: 12, ProjectionsNotReady: 2 });
    const down = fakeDeps({ valkey: 'down' });
    await publishGauges(down.deps);
    expect(down.deps.metrics!.gauges).toEqual({ RepairsPending: 1, OldestRepairSeconds: 120, ProjectionsNotReady: 0 });
  });
});
