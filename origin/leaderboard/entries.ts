/** Turning stored entries into the API's entry shape. */
import type { Entry } from '../../core/index.ts';
import type { RankedRecordEntry, RecordEntry } from '../record/types.ts';

/** The public entry for a stored entry, with its rank; null where a write's reply could not tell it. */
export function toEntry<R extends number | null>(e: RecordEntry, rank: R): Omit<Entry, 'rank'> & { rank: R } {
  return {
    rank,
    playerId: e.playerId,
    score: e.score,
    achievedAt: new Date(e.achievedAtMs).toISOString(),
    metadata: e.metadata ?? null,
  };
}

/** Maps ranked stored entries to public entries. */
export const toEntries = (list: RankedRecordEntry[]): Entry[] => list.map((e) => toEntry(e, e.rank));
