/**
 * GET /api/boards/{board}/players/{playerId}/history: the player's score and rank after each write
 * that changed their entry in a period, newest first, from the submissions log (docs/history.md).
 */
import { ApiError, encodeHistoryCursor, parseHistoryCursor, type PlayerHistory } from '../../core/index.ts';
import { isHotPeriod, loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import type { RecordBoard } from '../record/types.ts';
import { noteVersion } from './version.ts';

/**
 * The period's projection version, read before the record is, so the answer certifies every write
 * acknowledged up to it (version.ts, rule 3); 0 (no guarantee) for a cold period or without Valkey.
 */
async function versionFirst(deps: Deps, board: RecordBoard, period: string, hot: boolean): Promise<number> {
  if (!hot) return 0;
  try {
    return await (await deps.projection()).period(board, period).version();
  } catch {
    return 0;
  }
}

export async function playerHistory(deps: Deps, id: string, playerId: string, q: { limit: number; cursor?: string | undefined; period?: string | undefined }): Promise<PlayerHistory> {
  const board = await loadBoard(deps, id);
  const cursor = q.cursor === undefined ? null : parseHistoryCursor(q.cursor);
  if (q.cursor !== undefined && !cursor) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });
  if (cursor && q.period !== undefined && q.period !== cursor.period) {
    throw new ApiError('invalid_request', 'The cursor belongs to another period', { cursor: `continues period ${cursor.period}`, period: "omit it, or give the cursor's period" });
  }
  const period = readPeriod(board, cursor?.period ?? q.period, deps.now());
  noteVersion(deps, await versionFirst(deps, board, period, isHotPeriod(board, period, deps.now(), deps.config.hotPeriods)));
  const found = await deps.record.playerHistory(board.id, period, playerId, cursor?.seq ?? null, q.limit + 1);
  // Like the public player view: a hidden or shadowed player, or one with neither an entry nor a logged write, is not found.
  if (found.hidden || (!cursor && !found.entry && found.points.length === 0)) {
    throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  }
  // One point past the page says whether there is another.
  // The rank the write gave the entry, once the rollover copied it from the live stream (history-ranks.ts).
  const points = found.points.slice(0, q.limit).map((p) => ({ seq: Number(p.seq), at: p.at, score: Number(p.score), rank: p.rank == null ? null : Number(p.rank) }));
  const last = points.at(-1);
  return {
    board: board.id,
    period,
    playerId,
    points,
    nextCursor: last && found.points.length > q.limit ? encodeHistoryCursor(period, last.seq) : null,
  };
}
