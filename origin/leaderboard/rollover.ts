/**
 * The rollover job (a schedule runs it every minute). Idempotent and safe to run concurrently:
 *   1. the record closes each resetting board's previous period exactly once (lb_rollover), and
 *      the period of each board whose endsAt has passed and periods with entries that ended while
 *      no run happened (lb_close_ended); closing stores the period's results and queues its
 *      webhook (docs/results.md);
 *   2. each board's current period is made ready in Valkey, so its first reads need no rebuild;
 *   3. when a period was just closed, periods that left the hot window get a TTL in Valkey
 *      (their reads are answered by the record from then on);
 *   4. pending projection repairs (mirrors that failed after commit) are rebuilt;
 *   5. the ranks the hot periods' live streams recorded since the last run are copied into the
 *      submissions log for the players' histories (history-ranks.ts).
 * The rebuild lock keeps concurrent runs from doing the same rebuild twice.
 */
import type { PeriodProjection } from '../projection/period.ts';
import type { RecordBoard } from '../record/types.ts';
import { isHotPeriod, loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';
import { rebuildPeriod } from './rebuild.ts';
import { copyHistoryRanks, type HistoryRanksReport } from './history-ranks.ts';
import { closeLeagues, cohortScopesOf, isHotScope, scopePages } from './tournaments.ts';

export interface RolloverReport {
  boards: number;
  closed: { board: string; period: string }[];
  prepared: { board: string; period: string }[];
  evicting: { board: string; period: string }[];
  repaired: { board: string; period: string }[];
  /** League periods closed by this run: promotions and demotions (tournaments.ts). */
  leagues: { board: string; period: string; promoted: number; demoted: number }[];
  /** Ranks copied from the live streams into the submissions log, and writes whose rank was missed (docs/history.md). */
  ranks: HistoryRanksReport;
}

/** Rebuilds a period unless it is ready; true when this call built it. */
async function ensureReady(deps: Deps, projection: PeriodProjection, board: RecordBoard): Promise<boolean> {
  if ((await projection.count()) !== null) return false;
  return rebuildPeriod(deps, projection, board);
}

export async function rollover(deps: Deps): Promise<RolloverReport> {
  const now = deps.now();
  const boards = await deps.record.rollover(now.toISOString());
  const report: RolloverReport = { boards: boards.length, closed: [], prepared: [], evicting: [], repaired: [], leagues: [], ranks: { periods: 0, filled: 0, missed: 0, failed: 0 } };
  for (const b of boards) if (b.closedNow) report.closed.push({ board: b.board, period: b.previous });
  // Periods ended by a board's endsAt, or missed by earlier runs (docs/results.md: closing stores the results).
  for (const c of await deps.record.closeEnded(now.toISOString())) report.closed.push(c);
  report.leagues = await closeLeagues(deps, boards);

  // The record's part is done; the rest only concerns Valkey and is redone by the next run if it fails here.
  const projection = await deps.projection();
  for (const b of boards) {
    const board = await loadBoard(deps, b.board);
    if (await ensureReady(deps, projection.period(board, b.current), board)) report.prepared.push({ board: b.board, period: b.current });
    if (!b.closedNow) continue;
    for (const period of await deps.record.periods(b.board)) {
      if (isHotPeriod(board, period, now, deps.config.hotPeriods)) continue;
      for (const scope of [period, ...(await cohortScopesOf(deps, board, period))]) await projection.period(board, scope).expire(deps.config.evictAfterSeconds);
      report.evicting.push({ board: b.board, period });
    }
  }

  for (const repair of await deps.record.repairs()) {
    const board = await deps.record.board(repair.board);
    // A repair's period may be a cohort's scope (tournaments.ts): rebuilt from its members' entries.
    if (board && isHotScope(board, repair.period, now, deps.config.hotPeriods)) {
      const scope = projection.period(board, repair.period);
      await scope.markStale();
      if (!(await rebuildPeriod(deps, scope, board, undefined, scopePages(deps, board, repair.period)))) continue; // someone else holds the lock
    }
    await deps.record.repairDone(repair.board, repair.period, repair.requestedAt);
    report.repaired.push({ board: repair.board, period: repair.period });
    deps.metrics?.count('RepairsDone');
  }
  // After the repairs: a repaired period's stream says what it lost, and the count says so.
  report.ranks = await copyHistoryRanks(deps);
  deps.log('info', 'rollover', { boards: report.boards, closed: report.closed.length, prepared: report.prepared.length, evicting: report.evicting.length, repaired: report.repaired.length, ranksFilled: report.ranks.filled, ranksMissed: report.ranks.missed });
  return report;
}
