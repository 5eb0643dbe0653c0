/**
 * The live events of a board's current period, for the edge's Durable Object (docs/live.md):
 * what the projection's live stream holds after a version, and whether anything changed in
 * between that no event describes (then the watchers are told to refetch).
 */
import { decodeRankKey, periodKey, type LiveBatch } from '../../core/index.ts';
import { loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierAt } from './entries.ts';

/** Events per answer; a watcher further behind pulls again at once. */
export const LIVE_PAGE = 500;

/**
 * The current period's events after `after` (a version of `period`). A `period` other than the
 * current one means the board rolled over: the new period's events are read from its start.
 * Without `after`, only the period and its version (where a new watcher starts).
 */
export async function liveEvents(deps: Deps, boardId: string, q: { after?: number | undefined; period?: string | undefined }): Promise<LiveBatch> {
  const board = await loadBoard(deps, boardId);
  const period = periodKey(board.reset, deps.now());
  const projection = (await deps.projection()).period(board, period);
  const version = await projection.version();
  if (q.after === undefined) return { period, version, gap: false, events: [] };
  const after = q.period !== undefined && q.period !== period ? 0 : q.after;
  const records = await projection.liveEvents(after, LIVE_PAGE);
  const first = records[0];
  // The first event should follow `after` directly; if it (or, with none, the version) is past
  // it, the period changed in a way the stream does not hold (trimmed, erased, rebuilt).
  const gap = first ? first.prev > after : version > after;
  const events = records.flatMap((r) => {
    const parts = decodeRankKey(board.sort, r.member);
    if (!parts) return [];
    // The tier after the change: by the score, or by the position among the period's total then (docs/boards.md "Tiers").
    const tier = tierAt(board, parts.score, r.rank, r.total);
    return [
      {
        seq: r.version,
        prev: r.prev,
        playerId: r.playerId,
        score: parts.score,
        rank: r.rank,
        previousRank: r.previousRank,
        ...(r.displayName ? { displayName: r.displayName } : {}),
        ...(tier === undefined ? {} : { tier }),
      },
    ];
  });
  return { period, version, gap, events };
}
