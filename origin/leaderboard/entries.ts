/** Turning stored entries into the API's entry shape. */
import type { Entry } from '../../core/index.ts';
import type { RankedRecordEntry, RecordEntry } from '../record/types.ts';

/** The public entry for a ranked stored entry. */
export function toEntry(e: RecordEntry, rank: number | null): Entry {
  return {
    rank: rank as number,
    playerId: e.playerId,
    score: e.score,
    achievedAt: new Date(e.achievedAtMs).toISOString(),
    metadata: e.metadata ?? null,
  };
}

/** Maps ranked stored entries to public entries. */
export const toEntries = (list: RankedRecordEntry[]): Entry[] => list.map((e) => toEntry(e, e.rank));
