/**
 * The rank key: one string per entry whose byte order is the board's rank order.
 *
 * Valkey sorted-set scores are doubles, so packing score and time into one double
 * (what many Redis leaderboard libraries do) loses either precision above 2^53 or the
 * tie-break. Instead every member of a board's sorted set has score 0 and Valkey orders
 * members lexicographically; ZRANK, ZRANGE BYLEX and ZCARD then give exact ranks.
 *
 *   member = SSSSSSSSSSSSSS TTTTTTTTTTTT playerId
 *            14 hex digits  12 hex digits
 *
 * - S: the score mapped to an unsigned integer, u = score + (2^53 - 1), in [0, 2^54 - 2].
 *   For a `desc` board it is flipped, u' = (2^54 - 2) - u, so higher scores sort first.
 *   Computed with BigInt: u exceeds Number.MAX_SAFE_INTEGER. Exact for |score| <= 2^53-1.
 * - T: achievedAt in epoch milliseconds (earliest first, on either sort), good to year 10889.
 * - playerId: the final tie-break, as docs/api.md requires.
 *
 * Hex digits sort in ASCII order, and the fixed widths make the prefix comparison exact.
 * Live paging cursors carry this key (keyset paging over the rank order); see core/cursor.ts.
 */
import type { Sort } from './schemas.ts';

const OFFSET = BigInt(Number.MAX_SAFE_INTEGER);
const SPAN = OFFSET * 2n; // largest u
const TIME_DIGITS = 12;
/** Hex digits of the score part of a rank key (its score prefix, scorePrefix). */
export const SCORE_PREFIX_LENGTH = 14;
const SCORE_DIGITS = SCORE_PREFIX_LENGTH;
/** Hex digits before the player id: score, then achievedAt. The projection's Lua cuts members here (origin/projection/). */
export const RANK_KEY_PREFIX_LENGTH = SCORE_DIGITS + TIME_DIGITS;
/** A rank key's fixed-width hex prefix. */
const RANK_KEY_PREFIX = new RegExp(`^[0-9a-f]{${RANK_KEY_PREFIX_LENGTH}}`);

export interface RankKeyParts {
  score: number;
  achievedAtMs: number;
  playerId: string;
}

/** Encodes an entry as its rank key for a board of the given sort. */
export function encodeRankKey(sort: Sort, { score, achievedAtMs, playerId }: RankKeyParts): string {
  let u = BigInt(score) + OFFSET;
  if (sort === 'desc') u = SPAN - u;
  return u.toString(16).padStart(SCORE_DIGITS, '0') + achievedAtMs.toString(16).padStart(TIME_DIGITS, '0') + playerId;
}

/** Decodes a rank key back into score, achievedAt and player id; null when malformed. */
export function decodeRankKey(sort: Sort, key: string): RankKeyParts | null {
  if (key.length <= RANK_KEY_PREFIX_LENGTH || !RANK_KEY_PREFIX.test(key)) return null;
  let u = BigInt('0x' + key.slice(0, SCORE_DIGITS));
  if (u > SPAN) return null;
  if (sort === 'desc') u = SPAN - u;
  return {
    score: Number(u - OFFSET),
    achievedAtMs: Number.parseInt(key.slice(SCORE_DIGITS, RANK_KEY_PREFIX_LENGTH), 16),
    playerId: key.slice(RANK_KEY_PREFIX_LENGTH),
  };
}

/** The score part of a rank key (its first 14 hex digits): equal scores share it, better scores sort below it. */
export function scorePrefix(sort: Sort, score: number): string {
  return encodeRankKey(sort, { score, achievedAtMs: 0, playerId: '' }).slice(0, SCORE_DIGITS);
}
