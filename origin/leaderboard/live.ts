/**
 * The live events of a board's current period, for the edge's Durable Object (docs/live.md):
 * what the projection's live stream holds after a version, and whether anything changed in
 * between that no event describes (then the watchers are told to refetch).
 */
import { decodeRankKey, periodKey, type LiveBatch } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import { loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierAt } from './entries.ts';

/** One change of an entry, as the projection saw it: its version before and after, the ranks, and the total the rank was counted among. */
export interface EntryChange {
  seq: number;
  prev: number;
  playerId: string;
  score: number;
  rank: number | null;
  previousRank: number | null;
  total: number | null;
  displayName?: string | null | undefined;
}

/**
 * The live `entry` event of a change (docs/live.md), the same whether the write's own answer
 * carries it or the edge pulls it from the stream: with the tier after the change, by the score
 * or by the position among the period's total then (docs/boards.md "Tiers").
 */
export function entryEvent(board: RecordBoard, c: EntryChange): LiveBatch['events'][number] {
  const tier = tierAt(board, c.score, c.rank, c.total);
  return {
    seq: c.seq,
    prev: c.prev,
    playerId: c.playerId,
    score: c.score,
    rank: c.rank,
    previousRank: c.previousRank,
    ...(c.displayName ? { displayName: c.displayName } : {}),
    ...(tier === undefined ? {} : { tier }),
  };
}

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
    return [entryEvent(board, { seq: r.version, prev: r.prev, playerId: r.playerId, score: parts.score, rank: r.rank, previousRank: r.previousRank, total: r.total, displayName: r.displayName })];
  });
  return { period, version, gap, events };
}
