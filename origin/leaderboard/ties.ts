/**
 * Tie display (docs/boards.md): the order never changes, only the number shown.
 *
 * - ordinal: 1, 2, 3 — the position in rank order (ties broken by achievedAt, then player id);
 * - competition: 1, 1, 3 — 1 + the number of entries with a strictly better score;
 * - dense: 1, 1, 2 — 1 + the number of distinct strictly better scores.
 *
 * A run of consecutive entries (a top page, an around window) needs the number of its first
 * entry only: further down the run the number stays while the score stays, and then becomes
 * the ordinal position (competition) or goes up by one (dense). Scattered entries (a player,
 * friends) need one lookup per distinct score. Lookups are one round trip to whichever store
 * answered the page: the projection (ZLEXCOUNT, O(log n)) or the record (lb_tie_ranks).
 */
import type { RankMode } from '../../core/index.ts';
import type { PeriodProjection } from '../projection/period.ts';
import type { RankedRecordEntry } from '../record/types.ts';

/** Display ranks of scores in the board's tie mode, in order; null when the store can't say. */
export type TieRanker = (mode: 'competition' | 'dense', scores: number[]) => Promise<number[] | null>;

/** Tie ranks from the projection (ZLEXCOUNT on the period's sorted sets), in the tie mode the period is bound to: the board's. */
export const projectionRanker = (p: PeriodProjection): TieRanker => (_mode, scores) => p.tieRanks(scores);

/** Renumbers a run of consecutive entries in rank order; null when the ranker can't say. */
export async function renumberRun(mode: RankMode, entries: RankedRecordEntry[], ranker: TieRanker): Promise<RankedRecordEntry[] | null> {
  if (mode === 'ordinal' || entries.length === 0) return entries;
  const first = await ranker(mode, [entries[0]!.score]);
  if (!first) return null;
  let shown = first[0]!;
  return entries.map((e, i) => {
    if (i > 0 && e.score !== entries[i - 1]!.score) shown = mode === 'competition' ? e.rank : shown + 1;
    return { ...e, rank: shown, position: e.rank };
  });
}

/** Renumbers entries that need not be consecutive; null when the ranker can't say. */
export async function renumberEach(mode: RankMode, entries: RankedRecordEntry[], ranker: TieRanker): Promise<RankedRecordEntry[] | null> {
  if (mode === 'ordinal' || entries.length === 0) return entries;
  const scores = [...new Set(entries.map((e) => e.score))];
  const ranks = await ranker(mode, scores);
  if (!ranks) return null;
  const byScore = new Map(scores.map((s, i) => [s, ranks[i]!]));
  return entries.map((e) => ({ ...e, rank: byScore.get(e.score)!, position: e.rank }));
}
