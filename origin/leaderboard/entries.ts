/** Turning stored entries into the API's entry shape. */
import { tierOf, type Entry } from '../../core/index.ts';
import type { RankedRecordEntry, RecordBoard, RecordEntry } from '../record/types.ts';

/** The tier of a ranked entry on a board with tiers; undefined on a board without. */
export type TierTag = ((e: RankedRecordEntry) => string | null) | undefined;

/**
 * The tier of each entry of a view holding `total` entries (docs/boards.md "Tiers"): by its score,
 * or by its position among the view's total (a cohort view's are the cohort's). Undefined on a
 * board without tiers, whose entries carry no `tier`.
 */
export function tierTag(board: RecordBoard, total: number): TierTag {
  const tiers = board.tiers;
  if (!tiers) return undefined;
  return (e) => tierOf(tiers, board.sort, { score: e.score, position: e.position ?? e.rank }, total);
}

/**
 * The tier of one entry outside a view (a write's reply, a live event, a stored result): by its
 * score alone, or by its ordinal `position` among `total` entries when both are known. Undefined
 * on a board without tiers, and for a percentile tier when the position or the total is unknown
 * (the entry then carries no `tier`: null would say it is in none).
 */
export function tierAt(board: RecordBoard, score: number, position: number | null | undefined, total: number | null | undefined): string | null | undefined {
  const tiers = board.tiers;
  if (!tiers) return undefined;
  if (tiers.by === 'score') return tierOf(tiers, board.sort, { score, position: 0 }, 0);
  if (!position || !total) return undefined;
  return tierOf(tiers, board.sort, { score, position }, total);
}

/**
 * A closed period's stored results (docs/results.md) with their tiers: the top of the period in
 * rank order, so each one's position is its place in the list, among the `total` entries the
 * period had when it closed. Unchanged on a board without tiers (or a deleted one).
 */
export function resultsWithTiers<E extends Entry>(board: RecordBoard | null, results: E[], total: number): E[] {
  if (!board?.tiers) return results;
  return results.map((e, i) => ({ ...e, tier: tierAt(board, e.score, i + 1, total) ?? null }));
}

/** The public entry for a stored entry, with its rank (null where a write's reply could not tell it) and, on a board with tiers, its tier. */
export function toEntry<R extends number | null>(e: RecordEntry, rank: R, tier?: string | null): Omit<Entry, 'rank'> & { rank: R } {
  return {
    rank,
    playerId: e.playerId,
    score: e.score,
    achievedAt: new Date(e.achievedAtMs).toISOString(),
    metadata: e.metadata ?? null,
    ...(tier === undefined ? {} : { tier }),
  };
}

/** Maps ranked stored entries to public entries, each with its tier when `tag` is given. */
export const toEntries = (list: RankedRecordEntry[], tag?: TierTag): Entry[] => list.map((e) => toEntry(e, e.rank, tag?.(e)));
