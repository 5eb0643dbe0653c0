/**
 * Tiers on any board (docs/boards.md "Tiers"): named bands of the standings, by score thresholds
 * or by percentile, set in the board's config. Every entry of every view carries its tier, and
 * `GET …/tiers/{tier}/entries` lists one. Both kinds are pure functions of what every view knows:
 *
 * - score tiers of the entry's score alone;
 * - percentile tiers of the entry's position in the order (its ordinal rank) and the total. A
 *   tier holds the entries from the previous tier's cut + 1 to its own cut, the cut of `top: P`
 *   being ceil(total × P / 100). Equal scores at a cut are split the way the order splits them
 *   (earliest `achievedAt` first), in every rank mode, so a tier is always one run of the order.
 *
 * Kept apart from schemas.ts and responses.ts, which both use it.
 */
import * as z from 'zod';
import { MAX_SCORE, MIN_SCORE, type ScoreRange } from './scores.ts';

export const TIER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const MAX_TIERS = 20;

const tierName = z.string().regex(TIER_NAME_PATTERN, 'must be 1 to 32 letters, digits, _ or -');

/** A percentage with at most two decimals, above 0 and up to 100. */
const percent = z
  .number({ error: 'must be a number above 0 and at most 100' })
  .gt(0, 'must be above 0 and at most 100')
  .max(100, 'must be above 0 and at most 100')
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'must have at most two decimals');

const uniqueNames = (tiers: readonly { name: string }[]) => new Set(tiers.map((t) => t.name)).size === tiers.length;

export const scoreTiersSchema = z.strictObject({
  by: z.literal('score'),
  tiers: z
    .array(
      z.strictObject({
        name: tierName,
        score: z
          .number({ error: 'must be an integer' })
          .int({ error: 'must be an integer' })
          .min(MIN_SCORE)
          .max(MAX_SCORE)
          .meta({ description: 'At least this on a desc board, at most this on an asc board.' }),
      }),
    )
    .min(1, 'must hold at least one tier')
    .max(MAX_TIERS, 'must hold at most 20 tiers')
    .refine(uniqueNames, 'tier names must be unique')
    .meta({ description: 'Best first, each threshold worse than the one before. An entry is in the first tier it reaches, else null.' }),
});

export const percentileTiersSchema = z.strictObject({
  by: z.literal('percentile'),
  tiers: z
    .array(
      z.strictObject({
        name: tierName,
        top: percent.meta({ description: 'Down to the top this many percent of the entries, rounded up.' }),
      }),
    )
    .min(1, 'must hold at least one tier')
    .max(MAX_TIERS, 'must hold at most 20 tiers')
    .refine(uniqueNames, 'tier names must be unique')
    .refine((ts) => ts.every((t, i) => i === 0 || t.top > ts[i - 1]!.top), 'top must increase from tier to tier')
    .meta({ description: 'Best first, top increasing; past the last tier, null.' }),
});

/** A board's tiers: `{by: "score", tiers: [{name, score}]}` or `{by: "percentile", tiers: [{name, top}]}`. */
// A plain union, not a discriminated one: the Worker bundles this schema, and zod's discriminated union adds to a tight budget.
export const tiersSchema = z.union([scoreTiersSchema, percentileTiersSchema], {
  error: 'must be {by: "score", tiers: [{name, score}…]} best first, or {by: "percentile", tiers: [{name, top}…]} with top increasing: 1 to 20 tiers, unique names (docs/boards.md)',
}).meta({
  id: 'Tiers',
  description: 'Named bands of the standings (docs/boards.md "Tiers").',
});
export type Tiers = z.infer<typeof tiersSchema>;

/** Whether score thresholds are in order for the board's sort (best first, strictly worse after). */
export function scoreTiersOrdered(tiers: Tiers, sort: 'asc' | 'desc'): boolean {
  if (tiers.by !== 'score') return true;
  return tiers.tiers.every((t, i) => i === 0 || (sort === 'desc' ? t.score < tiers.tiers[i - 1]!.score : t.score > tiers.tiers[i - 1]!.score));
}

/** The last position (1-based) of the top `top` percent of `total` entries: ceil(total × top / 100), exactly. */
export function percentileCut(top: number, total: number): number {
  const hundredths = Math.round(top * 100);
  return Math.floor((total * hundredths + 9999) / 10000);
}

/** The tier of an entry at `position` (its ordinal rank) among `total`, with `score`; null when it is in none. */
export function tierOf(tiers: Tiers, sort: 'asc' | 'desc', e: { score: number; position: number }, total: number): string | null {
  if (tiers.by === 'score') return tiers.tiers.find((t) => (sort === 'desc' ? e.score >= t.score : e.score <= t.score))?.name ?? null;
  return tiers.tiers.find((t) => e.position <= percentileCut(t.top, total))?.name ?? null;
}

/**
 * What one tier holds: a score range (score tiers: a key range of the projection's sorted set,
 * core/histogram.ts rankKeyRange), or a run of positions (percentile tiers; `from > to` when
 * empty). Null when the board has no tier of that name.
 */
export type TierBounds = { by: 'score'; range: ScoreRange } | { by: 'percentile'; from: number; to: number };

export function tierBounds(tiers: Tiers, sort: 'asc' | 'desc', name: string, total: number): TierBounds | null {
  if (tiers.by === 'score') {
    const i = tiers.tiers.findIndex((t) => t.name === name);
    if (i < 0) return null;
    const own = tiers.tiers[i]!.score;
    const prev = tiers.tiers[i - 1]?.score;
    const range = sort === 'desc' ? { from: own, to: prev === undefined ? MAX_SCORE : prev - 1 } : { from: prev === undefined ? MIN_SCORE : prev + 1, to: own };
    return { by: 'score', range };
  }
  const i = tiers.tiers.findIndex((t) => t.name === name);
  if (i < 0) return null;
  const prev = tiers.tiers[i - 1];
  return { by: 'percentile', from: (prev ? percentileCut(prev.top, total) : 0) + 1, to: Math.min(total, percentileCut(tiers.tiers[i]!.top, total)) };
}
