/**
 * Ranks for the players' histories (docs/history.md "Ranks"), copied by the rollover job (every
 * minute) from the projection's live streams into the submissions log, off the write path.
 *
 * APPLY (origin/projection/scripts.ts) appends each applied write's entry seq and its new position
 * to the period's capped live stream. For each hot period of each board, this reads the events
 * after the position stored in the period's meta (`ranked`), stores their ranks in one record call
 * per page (lb_history_ranks, only where a row has none), then moves the position. An event whose
 * first `prev` is above the position says the stream lost events (trimmed before this ran, or a
 * failed mirror, an erasure, a rebuild): the log rows of that range still without a rank are
 * counted as missed. Cohort scopes have no live stream and are not read: their ranks are the
 * board period's.
 */
import { periodKey, periodStart } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import type { PeriodProjection } from '../projection/period.ts';
import type { Deps } from './deps.ts';

/** Events read per record call. */
export const RANKS_PAGE = 500;
/** Pages per period and run: a period further behind continues at the next run. */
const MAX_PAGES = 20;

export interface HistoryRanksReport {
  /** Board periods whose stream had new events. */
  periods: number;
  /** Log rows that got their rank. */
  filled: number;
  /** Changing writes the stream no longer held (or never had) when this ran: their rank stays null. */
  missed: number;
  /** Periods that could not be read or written (logged), tried again at the next run. */
  failed: number;
}

/** Copies one period's new live-stream ranks into the log; what it filled and missed. */
export async function copyPeriodRanks(deps: Deps, board: RecordBoard, projection: PeriodProjection): Promise<{ events: number; filled: number; missed: number }> {
  let position = await projection.ranksCopiedTo();
  const out = { events: 0, filled: 0, missed: 0 };
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const events = await projection.liveEvents(position, RANKS_PAGE);
    const first = events[0];
    if (!first) break;
    const ranked = events.filter((e) => e.rank !== null && e.rank > 0);
    const gap = first.prev > position ? { after: position, to: first.prev } : null;
    const res = await deps.record.historyRanks(
      board.id,
      projection.period,
      ranked.map((e) => e.seq),
      ranked.map((e) => e.rank!),
      gap,
    );
    out.events += events.length;
    out.filled += res.filled;
    out.missed += res.missed;
    position = events.at(-1)!.version;
    await projection.setRanksCopiedTo(position);
    if (events.length < RANKS_PAGE) break;
  }
  return out;
}

/** A board's hot periods, newest first: the periods whose live streams are kept (boards.ts isHotPeriod). */
export function hotPeriodsOf(board: RecordBoard, now: Date, hotPeriods: number): string[] {
  if (board.reset === 'never') return [periodKey(board.reset, now)];
  const out: string[] = [];
  let key = periodKey(board.reset, now);
  for (let i = 0; i < hotPeriods; i++) {
    out.push(key);
    const s = periodStart(board.reset, key);
    if (!s) break;
    key = periodKey(board.reset, new Date(s.getTime() - 1));
  }
  return out;
}

/**
 * Runs copyPeriodRanks on the hot periods of every board. A failure on one period is logged and
 * counted, and leaves its position where it was: the next run takes it up.
 */
export async function copyHistoryRanks(deps: Deps): Promise<HistoryRanksReport> {
  const report: HistoryRanksReport = { periods: 0, filled: 0, missed: 0, failed: 0 };
  const now = deps.now();
  const projection = await deps.projection();
  for (const board of await deps.record.boards()) {
    for (const period of hotPeriodsOf(board, now, deps.config.hotPeriods)) {
      try {
        const done = await copyPeriodRanks(deps, board, projection.period(board, period));
        if (done.events === 0) continue;
        report.periods += 1;
        report.filled += done.filled;
        report.missed += done.missed;
      } catch (err) {
        report.failed += 1;
        deps.log('warn', 'could not copy history ranks', { board: board.id, period, error: String(err) });
      }
    }
  }
  if (report.missed > 0) deps.metrics?.count('HistoryRanksMissed', report.missed);
  return report;
}
