/**
 * The operations gauges (docs/operations.md): pending projection repairs, the edge purge backlog,
 * how far Valkey lags the record on the busiest boards, and each source's last sync. The rollover
 * schedule publishes them as metrics every minute; `npm run admin -- stats` prints them.
 */
import { isHotPeriod } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { totalsSinceStart } from '../metrics.ts';
import type { Projection } from '../projection/period.ts';
import type { RecordBoard } from '../record/types.ts';

/** Boards whose lag is measured: the ones written most recently. */
export const BUSIEST_BOARDS = 10;
/** Lag is counted in writes up to this many (a projection that lost everything costs no more). */
export const LAG_CAP = 10_000;

export interface BoardLag {
  board: string;
  period: string;
  /** Sequence number of the board's newest logged write, and when it was written. */
  newestSeq: number;
  newestAt: string;
  /** The period's version in Valkey (0 when Valkey has nothing for it); null when Valkey could not be read. */
  version: number | null;
  /** Whether Valkey's copy of the period is ready (a not-ready one is rebuilt by the next read or rollover). */
  ready: boolean | null;
  /** Acknowledged writes the projection does not reflect yet (capped at LAG_CAP); null when unknown. */
  behind: number | null;
}

export interface OperationsStats {
  at: string;
  repairs: { pending: number; oldestSeconds: number; periods: { board: string; period: string; requestedAt: string }[] };
  /** null when no Cloudflare zone is configured (nothing to purge). */
  purges: { pending: number; oldestSeconds: number } | null;
  projection: { reachable: boolean; lag: number | null; notReady: number; boards: BoardLag[] };
  sources: { board: string; at: string | null; ok: boolean | null; rows: number; applied: number; error: string | null }[];
  /** Counters this function instance published since it started (CloudWatch holds the totals of all instances). */
  counters: { since: string; counters: Record<string, number> };
}

async function lagOf(deps: Deps, projection: Projection | null, board: RecordBoard | undefined, w: { board: string; period: string; seq: number; at: string }, now: Date): Promise<BoardLag> {
  const out: BoardLag = { board: w.board, period: w.period, newestSeq: w.seq, newestAt: w.at, version: null, ready: null, behind: null };
  // A period out of the hot window is read from the record: Valkey is not meant to hold it.
  if (!projection || !board || !isHotPeriod(board, w.period, now, deps.config.hotPeriods)) return out;
  const period = projection.period(board, w.period);
  const [version, count] = await Promise.all([period.version(), period.count()]);
  out.version = version;
  out.ready = count !== null;
  out.behind = version >= w.seq ? 0 : await deps.record.writesAfter(w.board, w.period, version, LAG_CAP);
  return out;
}

/** Reads every gauge; the parts Valkey answers are null when it cannot be reached. */
export async function operationsStats(deps: Deps): Promise<OperationsStats> {
  const now = deps.now();
  const [repairs, purges, recent, boards] = await Promise.all([
    deps.record.repairs(),
    deps.config.cloudflare ? deps.record.purgeBacklog() : Promise.resolve(null),
    deps.record.recentWrites(BUSIEST_BOARDS),
    deps.record.boards(),
  ]);
  const projection = await deps.projection().catch(() => null);
  const byId = new Map(boards.map((b) => [b.id, b]));
  let lags: BoardLag[];
  let reachable = projection !== null;
  try {
    lags = await Promise.all(recent.map((w) => lagOf(deps, projection, byId.get(w.board), w, now)));
  } catch (err) {
    deps.log('warn', 'projection lag unavailable', { error: String(err) });
    reachable = false;
    lags = await Promise.all(recent.map((w) => lagOf(deps, null, byId.get(w.board), w, now)));
  }
  const known = lags.filter((l) => l.behind !== null);
  const oldestRepairMs = repairs.reduce((max, r) => Math.max(max, now.getTime() - Date.parse(r.requestedAt)), 0);
  return {
    at: now.toISOString(),
    repairs: { pending: repairs.length, oldestSeconds: Math.max(0, Math.floor(oldestRepairMs / 1000)), periods: repairs.slice(0, 20) },
    purges: purges && { pending: Number(purges.pending), oldestSeconds: Number(purges.oldestSeconds) },
    projection: {
      reachable,
      lag: reachable ? known.reduce((max, l) => Math.max(max, l.behind!), 0) : null,
      notReady: lags.filter((l) => l.ready === false).length,
      boards: lags,
    },
    sources: boards
      .filter((b) => b.source)
      .map((b) => ({ board: b.id, at: b.sourceStatus?.at ?? null, ok: b.sourceStatus?.ok ?? null, rows: b.sourceStatus?.rows ?? 0, applied: b.sourceStatus?.applied ?? 0, error: b.sourceStatus?.error ?? null })),
    counters: totalsSinceStart(),
  };
}

/**
 * Sets the gauges on the invocation's metrics (published when the task ends) and logs the boards
 * behind them: a board id is never a metric dimension. Best effort: a failure is logged, never thrown.
 */
export async function publishGauges(deps: Deps): Promise<OperationsStats | null> {
  try {
    const stats = await operationsStats(deps);
    const m = deps.metrics;
    if (m) {
      m.gauge('RepairsPending', stats.repairs.pending);
      m.gauge('OldestRepairSeconds', stats.repairs.oldestSeconds);
      if (stats.purges) {
        m.gauge('PurgesPending', stats.purges.pending);
        m.gauge('OldestPurgeSeconds', stats.purges.oldestSeconds);
      }
      if (stats.projection.lag !== null) m.gauge('ProjectionLag', stats.projection.lag);
      m.gauge('ProjectionsNotReady', stats.projection.notReady);
    }
    const lagging = stats.projection.boards.some((b) => b.behind || b.ready === false);
    deps.log(lagging || stats.repairs.pending > 0 ? 'warn' : 'info', 'operations gauges', {
      repairsPending: stats.repairs.pending,
      oldestRepairSeconds: stats.repairs.oldestSeconds,
      purgesPending: stats.purges?.pending ?? null,
      projectionLag: stats.projection.lag,
      // The busiest boards, by id: an id is never a metric dimension, so this line is where they are.
      busiest: stats.projection.boards.map((b) => ({ board: b.board, period: b.period, newestSeq: b.newestSeq, behind: b.behind, ready: b.ready })),
    });
    return stats;
  } catch (err) {
    deps.log('warn', 'could not read the operations gauges', { error: String(err) });
    return null;
  }
}
