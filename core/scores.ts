/** The score range from docs/api.md: integers with |score| <= 2^53-1, stored and returned exactly. */
export const MAX_SCORE = Number.MAX_SAFE_INTEGER;
export const MIN_SCORE = -Number.MAX_SAFE_INTEGER;

/** True when `value` is an integer score in the safe range. */
export function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A run of scores, both ends inclusive (a histogram bucket, a score tier). */
export interface ScoreRange {
  /** Lowest score, inclusive. */
  from: number;
  /** Highest score, inclusive. */
  to: number;
}
