/**
 * Score distribution of a board: `n` buckets of equal integer width between the lowest and the
 * highest score, counted from the projection with one ZLEXCOUNT per bucket (O(log n) each),
 * never by scanning entries. The bucket edges are computed here once, so the projection and the
 * record count the same ranges.
 */
import { scorePrefix } from './rank-key.ts';
import type { ScoreRange } from './scores.ts';
import type { Sort } from './schemas.ts';

/**
 * Up to `n` consecutive ranges covering [min, max], each `ceil((max - min + 1) / n)` scores wide,
 * the last one ending at max. Fewer than `n` when the span has fewer distinct integers.
 */
export function histogramRanges(min: number, max: number, n: number): ScoreRange[] {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max || !Number.isInteger(n) || n < 1) return [];
  // The span can reach 2^54 - 1: computed with BigInt, every edge is a safe integer again.
  const span = BigInt(max) - BigInt(min) + 1n;
  const width = (span + BigInt(n) - 1n) / BigInt(n);
  const ranges: ScoreRange[] = [];
  for (let from = BigInt(min); from <= BigInt(max); from += width) {
    const to = from + width - 1n < BigInt(max) ? from + width - 1n : BigInt(max);
    ranges.push({ from: Number(from), to: Number(to) });
  }
  return ranges;
}

/**
 * The lexicographic range of rank keys whose score lies in [from, to], as ZLEXCOUNT bounds:
 * `[` + the first score prefix, and `(` + the prefix just past the range (or `+` at the end of
 * the score space). On a `desc` board higher scores sort first, so the range runs from `to` down.
 */
export function rankKeyRange(sort: Sort, { from, to }: ScoreRange): [string, string] {
  const [first, last] = sort === 'asc' ? [from, to] : [to, from];
  const next = sort === 'asc' ? last + 1 : last - 1;
  const end = Number.isSafeInteger(next) ? `(${scorePrefix(sort, next)}` : '+';
  return [`[${scorePrefix(sort, first)}`, end];
}
