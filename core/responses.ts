/**
 * Zod schemas of the public API's responses (docs/api.md "Endpoints"). The TypeScript types are
 * inferred from them, and docs/openapi.json is generated from them (build/openapi.ts): a schema's
 * `id` names its component there, and `description` documents a field.
 */
import * as z from 'zod';
import { boardIdSchema, MAX_RESULTS_SIZE, operatorSchema, rankModeSchema, resetSchema, scoreFormatSchema, sortSchema, writersSchema } from './schemas.ts';
import { MAX_STALE_IF_ERROR_SECONDS, MAX_STALE_SECONDS } from './cache-tags.ts';
import { MAX_SCORE, MIN_SCORE } from './scores.ts';
import { tiersSchema } from './tiers.ts';
import { leagueMoveSchema, memberSchema, tournamentRulesViewSchema } from './tournament-rules.ts';

const score = z.number().int().min(MIN_SCORE).max(MAX_SCORE);
const rank = z.number().int().min(1);
const scoreOrNull = score.nullable();

export const boardSchema = z.object({
  id: boardIdSchema,
  name: z.string(),
  sort: sortSchema,
  operator: operatorSchema,
  reset: resetSchema,
  writers: writersSchema,
  minScore: scoreOrNull,
  maxScore: scoreOrNull,
  cacheSeconds: z.number().int().min(1).max(3600).meta({ description: "Seconds the edge caches the board's views." }),
  staleSeconds: z.number().int().min(0).max(MAX_STALE_SECONDS).meta({ description: "Seconds past cacheSeconds the edge may serve a view while it refreshes it (stale-while-revalidate)." }),
  staleIfErrorSeconds: z.number().int().min(0).max(MAX_STALE_IF_ERROR_SECONDS).meta({ description: 'Seconds past cacheSeconds the edge may serve a view while the origin fails (5xx, timeout, no answer).' }),
  currentPeriod: z.string().meta({ description: 'The key of the current period: all, 2026-11-23, 2026-W48 or 2026-11.' }),
  nextResetAt: z.iso.datetime().nullable().meta({ description: 'When the current period ends; null for reset never.' }),
  entries: z.number().int().min(0).meta({ description: 'Entries in the current period.' }),
  rankMode: rankModeSchema.meta({ description: 'How equal scores are numbered: ordinal 1, 2, 3; competition 1, 1, 3; dense 1, 1, 2. The order never changes (docs/boards.md).' }),
  scoreFormat: scoreFormatSchema.meta({ description: 'How clients show scores: integer, duration_ms, or fixed:N (N implied decimals). Scores are always integers.' }),
  startsAt: z.iso.datetime().nullable().meta({ description: 'Writes before this instant get 409 not_open; null when the board has no start.' }),
  endsAt: z.iso.datetime().nullable().meta({ description: 'Writes from this instant on get 409 closed; null when the board has no end.' }),
  tournament: tournamentRulesViewSchema.nullable().optional().meta({ description: 'Entry rules and cohorts (docs/tournaments.md); null on a board without them.' }),
  tiers: tiersSchema.nullable().optional(),
}).meta({ id: 'Board' });
export type Board = z.infer<typeof boardSchema>;

/** One period of a board in GET /api/boards/{board}/periods (docs/boards.md "Archives"). */
export const periodSummarySchema = z.object({
  key: z.string().meta({ description: 'The period key, usable as ?period= on every read.' }),
  start: z.iso.datetime().nullable().meta({ description: "The period's start, clipped to the board's startsAt; null when unbounded." }),
  end: z.iso.datetime().nullable().meta({ description: "The period's end, clipped to the board's endsAt; null when unbounded." }),
  entries: z.number().int().min(0),
  state: z.enum(['open', 'closed']).meta({ description: 'closed once end has passed: its pages never change.' }),
}).meta({ id: 'PeriodSummary' });
export type PeriodSummary = z.infer<typeof periodSummarySchema>;

export const periodsPageSchema = z.object({
  board: boardIdSchema,
  periods: z.array(periodSummarySchema).meta({ description: 'Newest first: every period with entries, and the running one even while empty.' }),
  nextCursor: z.string().nullable().meta({ description: 'Opaque; pass it as ?cursor= for the next page. Null on the last page.' }),
}).meta({ id: 'PeriodsPage' });
export type PeriodsPage = z.infer<typeof periodsPageSchema>;

const entryFields = {
  playerId: z.string(),
  score,
  achievedAt: z.iso.datetime().meta({ description: 'When the player first reached this score; equal scores rank earliest first.' }),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  displayName: z.string().optional().meta({ description: "The player's display name, when they have set one (docs/moderation.md)." }),
  tier: z.string().nullable().optional().meta({ description: 'On a board with tiers: the tier of this entry, null when in none.' }),
};

/** An entry as reads return it: always ranked. */
export const entrySchema = z.object({ rank, ...entryFields }).meta({ id: 'Entry' });
export type Entry = z.infer<typeof entrySchema>;

/** A closed period's final results: GET /api/boards/{board}/periods/{period}/results (docs/results.md). */
export const periodResultsSchema = z.object({
  board: boardIdSchema,
  period: z.string(),
  start: z.iso.datetime().nullable().meta({ description: "The period's start, clipped to the board's startsAt; null when unbounded." }),
  end: z.iso.datetime().nullable().meta({ description: "The period's end, clipped to the board's endsAt; null when unbounded." }),
  closedAt: z.iso.datetime().meta({ description: 'When the record closed the period and stored these results.' }),
  entries: z.number().int().min(0).meta({ description: 'Entries the period had when it closed.' }),
  rankMode: rankModeSchema.meta({ description: 'The rank mode the results were numbered in: the board\'s when the period closed.' }),
  size: z.number().int().min(1).max(MAX_RESULTS_SIZE).meta({ description: 'The most entries the results hold: the board\'s resultsSize when the period closed.' }),
  results: z.array(entrySchema).meta({ description: 'The top min(entries, size) entries in rank order.' }),
  league: z
    .object({
      promoted: z.array(leagueMoveSchema),
      demoted: z.array(leagueMoveSchema),
    })
    .optional()
    .meta({ description: 'On a league board: the moves of this close, by cohort and rank.' }),
}).meta({ id: 'PeriodResults' });
export type PeriodResults = z.infer<typeof periodResultsSchema>;

/** The body of a result webhook (docs/results.md): a period's results, with an id to de-duplicate by. */
export const webhookEventSchema = periodResultsSchema.extend({
  id: z.uuid().meta({ description: 'The event id: the same on every attempt and resend of this delivery. De-duplicate by it.' }),
  type: z.literal('period.closed'),
}).meta({ id: 'WebhookEvent' });
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** A board's results settings, in the reply to PUT /api/boards/{board} (admin only: never in a public view). */
export const resultsSettingsSchema = z.object({
  resultsSize: z.number().int().min(1).max(MAX_RESULTS_SIZE).meta({ description: 'How many entries a closed period\'s results hold.' }),
  webhook: z
    .object({
      url: z.string(),
      secret: z.string().optional().meta({ description: 'The signing secret: only in the reply that issued it (webhook set, or rotateSecret). Store it; it is never shown again.' }),
    })
    .nullable(),
}).meta({ id: 'ResultsSettings' });
export type ResultsSettings = z.infer<typeof resultsSettingsSchema>;

/**
 * An entry in a single write's reply. `rank` is null when it could not be determined at write
 * time (the projection and the record both failed to say); a read gives it.
 */
export const writtenEntrySchema = z
  .object({
    rank: rank.nullable().meta({ description: 'Null when the rank could not be determined at write time; a read gives it.' }),
    ...entryFields,
    tier: entryFields.tier.meta({
      description: 'On a board with tiers: the tier of this entry, null when in none. Left out of a percentile tier when the reply could not tell its position (where rank is null; docs/boards.md "Tiers").',
    }),
  })
  .meta({ id: 'WrittenEntry' });
export type WrittenEntry = z.infer<typeof writtenEntrySchema>;

/** An entry in a batch reply: batches are not ranked, so `rank` is always null. */
export const batchEntrySchema = z
  .object({
    rank: z.null().meta({ description: 'Batch replies are not ranked.' }),
    ...entryFields,
    tier: entryFields.tier.meta({ description: 'On a board with score tiers: the tier of this entry, null when in none. Left out on a board with percentile tiers: they need the rank.' }),
  })
  .meta({ id: 'BatchEntry' });
export type BatchEntry = z.infer<typeof batchEntrySchema>;

export const boardsListSchema = z.object({ boards: z.array(boardSchema) }).meta({ id: 'BoardList' });

/** The pinned snapshot a walk of the top list reads (docs/paging.md). */
export const snapshotInfoSchema = z
  .object({
    version: z.string().meta({ description: "The period's version the snapshot was taken at: every write acknowledged with a version up to it is in the snapshot." }),
    takenAt: z.string().meta({ description: 'When the snapshot was taken (ISO 8601).' }),
    size: z.number().int().min(0).meta({ description: 'Entries it holds: the top min(total, K). Past them the walk goes on live.' }),
  })
  .meta({ id: 'SnapshotInfo' });
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

export const entriesPageSchema = z.object({
  board: boardIdSchema,
  period: z.string(),
  total: z.number().int().min(0),
  entries: z.array(entrySchema),
  nextCursor: z.string().nullable().meta({ description: 'Opaque; pass it as ?cursor= for the next page. Null on the last page.' }),
  snapshot: snapshotInfoSchema.nullable().optional().meta({ description: 'The snapshot this page was read from; null when it was read live (docs/paging.md).' }),
}).meta({ id: 'EntriesPage' });
export type EntriesPage = z.infer<typeof entriesPageSchema>;

/** GET /api/boards/{board}/tiers/{tier}/entries: one tier in rank order, live keyset pages (docs/boards.md "Tiers"). */
export const tierPageSchema = entriesPageSchema
  .omit({ snapshot: true })
  .extend({
    tier: z.string(),
    tierTotal: z.number().int().min(0).meta({ description: 'Entries in this tier.' }),
  })
  .meta({ id: 'TierPage' });
export type TierPage = z.infer<typeof tierPageSchema>;

/** The reply of `…/players/{id}/around` and `…/players?ids=`. */
export const entriesListSchema = entriesPageSchema.omit({ nextCursor: true, snapshot: true }).meta({ id: 'EntriesList' });
export type EntriesList = z.infer<typeof entriesListSchema>;

export const playerViewSchema = z.object({
  entry: entrySchema,
  total: z.number().int().min(1),
  percentile: z.number().min(0).max(100).meta({ description: 'The share of the board at or below this player, from 0 to 100.' }),
  member: memberSchema.optional().meta({ description: "On a board with entry rules: the player's membership (cohort, attempts). On a board with cohorts, rank, total and percentile are the cohort's." }),
}).meta({ id: 'PlayerView' });
export type PlayerView = z.infer<typeof playerViewSchema>;

export const histogramSchema = z.object({
  board: boardIdSchema,
  period: z.string(),
  total: z.number().int().min(0).meta({ description: 'Entries in the period.' }),
  buckets: z
    .array(
      z.object({
        from: z.number().int().meta({ description: 'Lowest score of the bucket, inclusive.' }),
        to: z.number().int().meta({ description: 'Highest score of the bucket, inclusive.' }),
        count: z.number().int().min(0),
      }),
    )
    .meta({ description: 'Equal-width score ranges from the lowest to the highest score, in ascending score order; empty when the period has no entries. Fewer than asked when there are fewer distinct scores.' }),
}).meta({ id: 'Histogram' });
export type Histogram = z.infer<typeof histogramSchema>;

export const playerHistorySchema = z.object({
  board: boardIdSchema,
  period: z.string(),
  playerId: z.string(),
  points: z
    .array(
      z.object({
        seq: z.number().int().min(1).meta({ description: "The write's place in the board's submissions log (increasing)." }),
        at: z.string().meta({ description: 'When the write was accepted (ISO 8601, UTC).' }),
        score: z.number().int().meta({ description: "The player's score after this write." }),
        rank: z
          .number()
          .int()
          .min(1)
          .nullable()
          .meta({
            description:
              "The entry's position in the period right after this write (ordinal: 1 + the entries ahead of it, ties broken by who reached the score first, also on boards with a tie mode). Filled within about a minute of the write; null until then, and for good when it was not recorded (docs/history.md).",
          }),
      }),
    )
    .meta({ description: 'The writes that changed the entry, newest first.' }),
  nextCursor: z.string().nullable().meta({ description: 'Opaque; pass it as ?cursor= for older points. Null on the last page.' }),
}).meta({ id: 'PlayerHistory' });
export type PlayerHistory = z.infer<typeof playerHistorySchema>;

export const submitResultSchema = z.object({
  entry: writtenEntrySchema,
  updated: z.boolean().meta({ description: 'False when the operator kept the old score, e.g. best and not better.' }),
  previous: writtenEntrySchema.nullable(),
  member: memberSchema.optional().meta({ description: "On a board with entry rules: the player's membership after this attempt (attemptsUsed, attemptsLeft, cohortId). On a board with cohorts, ranks are the cohort's." }),
}).meta({ id: 'SubmitResult' });
export type SubmitResult = z.infer<typeof submitResultSchema>;

export const batchResultSchema = z.object({
  results: z.array(z.object({ playerId: z.string(), updated: z.boolean(), entry: batchEntrySchema })),
}).meta({ id: 'BatchResult' });
export type BatchResult = z.infer<typeof batchResultSchema>;

/** GET /leaderboard: the top of the default board. */
export const compatPageSchema = entriesPageSchema.pick({ board: true, period: true, entries: true }).meta({ id: 'CompatPage' });

const partStatus = z.string().meta({ description: '"ok", or what failed' });
export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  edge: partStatus,
  origin: partStatus.optional(),
  valkey: partStatus.optional(),
  supabase: partStatus.optional(),
}).meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;
