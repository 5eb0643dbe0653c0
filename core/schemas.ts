/** Zod schemas of the public API, shared by the edge (early rejection) and the origin (authority). */
import * as z from 'zod';
import { BOARD_ID_PATTERN, PLAYER_ID_PATTERN } from './ids.ts';
import { MAX_STALE_IF_ERROR_SECONDS, MAX_STALE_SECONDS } from './cache-tags.ts';
import { MAX_SCORE, MIN_SCORE } from './scores.ts';
import { parseScheduleReset, type ScheduleReset } from './schedules.ts';
import { scoreTiersOrdered, TIER_NAME_PATTERN, tiersSchema } from './tiers.ts';
import { tournamentRulesSchema } from './tournament-rules.ts';

export const MAX_METADATA_BYTES = 1024;
export const MAX_BATCH_ENTRIES = 1000;
export const MAX_IDS = 100;

/**
 * The enums of a board's config. These are the only declarations: the TypeScript types are
 * inferred from them, and the record's SQL checks the same values.
 */
export const sortSchema = z.enum(['desc', 'asc']);
export const operatorSchema = z.enum(['best', 'latest', 'increment', 'decrement']);
/** The resets with fixed UTC periods. */
export const FIXED_RESETS = ['never', 'daily', 'weekly', 'monthly'] as const;
/**
 * `never`, UTC days, ISO weeks (Monday 00:00 UTC) or UTC months (periods.ts), or a schedule every
 * N hours or days from an anchor in a time zone, `every 6 hours from 2027-01-04T06:00 Europe/Berlin`
 * (schedules.ts, docs/results.md).
 */
export const resetSchema = z
  .string()
  .max(120)
  .refine((r) => (FIXED_RESETS as readonly string[]).includes(r) || parseScheduleReset(r) !== null, {
    error: 'must be never, daily, weekly, monthly, or a schedule like "every 6 hours from 2027-01-04T06:00 Europe/Berlin" (hours or days)',
  })
  .meta({ description: 'never, daily, weekly, monthly, or "every N hours|days from YYYY-MM-DDTHH:mm <IANA time zone>".', examples: ['weekly', 'every 6 hours from 2027-01-04T06:00 Europe/Berlin'] }) as unknown as z.ZodType<Reset, string>;
export const writersSchema = z.enum(['server', 'players']);
export type Sort = z.infer<typeof sortSchema>;
export type Operator = z.infer<typeof operatorSchema>;
export type Reset = (typeof FIXED_RESETS)[number] | ScheduleReset;
export type Writers = z.infer<typeof writersSchema>;

export const boardIdSchema = z.string().regex(BOARD_ID_PATTERN, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$');
export const playerIdSchema = z.string().regex(PLAYER_ID_PATTERN, 'must match ^[A-Za-z0-9_.:@-]{1,128}$');

const SCORE_OUT_OF_RANGE = 'is out of range (±(2^53−1))';

/** An integer within ±(2^53−1). zod's int check also refuses unsafe integers: those are out of range, not "not integers". */
export const scoreSchema = z
  .number({ error: 'must be an integer' })
  .int({ error: (issue) => (issue.code === 'invalid_type' ? 'must be an integer' : SCORE_OUT_OF_RANGE) })
  .min(MIN_SCORE, SCORE_OUT_OF_RANGE)
  .max(MAX_SCORE, SCORE_OUT_OF_RANGE);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when no string in the value (keys included) holds U+0000 or an unpaired surrogate, which Postgres jsonb cannot store. */
function storableText(value: unknown): boolean {
  const ok = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && !ok(v)) return false;
    if (typeof v === 'object' && v !== null) {
      for (const [k, inner] of Object.entries(v)) {
        if (!ok(k)) return false;
        stack.push(inner);
      }
    }
  }
  return true;
}

/** Whether a value serializes to at most `max` bytes; false for one too deep to serialize at all. */
function serializedWithin(v: unknown, max: number): boolean {
  try {
    return new TextEncoder().encode(JSON.stringify(v)).length <= max;
  } catch {
    return false; // a RangeError from nesting deeper than the stack allows: far over any limit
  }
}

// Each check stops the chain when it fails, so no later check sees a value an earlier one refused.
export const metadataSchema = z
  .unknown()
  .refine(isPlainObject, { message: 'must be a JSON object', abort: true })
  .refine((v) => serializedWithin(v, MAX_METADATA_BYTES), { message: 'must be at most 1 KiB serialized', abort: true })
  .refine(storableText, 'must not contain NUL characters or unpaired surrogates')
  .transform((v) => v as Record<string, unknown>);

export const submitScoreSchema = z.strictObject({
  playerId: playerIdSchema,
  score: scoreSchema,
  metadata: metadataSchema.nullish(),
}).meta({ id: 'SubmitScore' });
export type SubmitScore = z.infer<typeof submitScoreSchema>;

export const batchSchema = z.strictObject({
  entries: z.array(submitScoreSchema).min(1, 'must hold at least one entry').max(MAX_BATCH_ENTRIES, 'must hold at most 1000 entries'),
}).meta({ id: 'Batch' });

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const dotPath = z.string().max(200).regex(/^$|^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a dot path like data.items');

/** An https URL, or http to loopback for local testing (the origin checks where it resolves). */
const httpsUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https URL (http only to loopback, for local testing)');

/** A board's external JSON source; see core/sources.ts. */
export const sourceSchema = z.strictObject({
  url: httpsUrl,
  itemsPath: dotPath.default(''),
  playerIdField: dotPath.refine((p) => p !== '', 'must not be empty'),
  scoreField: dotPath.refine((p) => p !== '', 'must not be empty'),
  metadataFields: z.array(dotPath.refine((p) => p !== '', 'must not be empty')).max(10).optional(),
}).meta({ id: 'Source' });
export type Source = z.infer<typeof sourceSchema>;

/**
 * The webhook a board's closed periods are POSTed to (docs/results.md). Setting one on a board
 * without one, or `rotateSecret: true`, issues a new signing secret, shown once in the reply.
 */
export const webhookSchema = z.strictObject({
  url: httpsUrl,
  rotateSecret: z.boolean().optional(),
}).meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

export const DEFAULT_RESULTS_SIZE = 100;
export const MAX_RESULTS_SIZE = 1000;

/** ordinal 1,2,3 (ties broken by achievedAt); competition 1,1,3; dense 1,1,2 (docs/boards.md). */
export const rankModeSchema = z.enum(['ordinal', 'competition', 'dense']);
export type RankMode = z.infer<typeof rankModeSchema>;

/** integer, duration_ms (milliseconds shown as a time), or fixed:N (N implied decimals, 1 to 6). */
export const scoreFormatSchema = z.enum(['integer', 'duration_ms', 'fixed:1', 'fixed:2', 'fixed:3', 'fixed:4', 'fixed:5', 'fixed:6'], {
  error: 'must be integer, duration_ms or fixed:N with N from 1 to 6',
});
export type ScoreFormat = z.infer<typeof scoreFormatSchema>;

/** An ISO 8601 instant with a time zone (Z or an offset), normalised to UTC with milliseconds. */
const instantSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, like 2027-01-01T00:00:00Z' })
  .transform((s) => new Date(s).toISOString());

export const boardConfigSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    sort: sortSchema,
    operator: operatorSchema,
    reset: resetSchema,
    writers: writersSchema,
    minScore: scoreSchema.nullish(),
    maxScore: scoreSchema.nullish(),
    cacheSeconds: z.number().int().min(1).max(3600).optional(),
    /** Stale-while-revalidate window at the edge (docs/edge-cache.md); left out keeps the board's (a new board's equals cacheSeconds). */
    staleSeconds: z.number().int().min(0).max(MAX_STALE_SECONDS).optional(),
    /** How long the edge may serve a copy while the origin fails (5xx, timeout, no answer); left out keeps the board's (3600 for a new one). */
    staleIfErrorSeconds: z.number().int().min(0).max(MAX_STALE_IF_ERROR_SECONDS).optional(),
    /** An external JSON source synced into the board (core/sources.ts); only for best and latest. */
    source: sourceSchema.nullish(),
    /** How equal scores are numbered (docs/boards.md); the order never changes. */
    rankMode: rankModeSchema.optional(),
    /** How clients show scores; the API always returns integers. */
    scoreFormat: scoreFormatSchema.optional(),
    /** When the board opens and closes for writes; reads keep working. */
    startsAt: instantSchema.nullish(),
    endsAt: instantSchema.nullish(),
    /** How many entries a closed period's results hold (docs/results.md); left out keeps the board's (100 for a new one). */
    resultsSize: z.number().int().min(1, 'must be from 1 to 1000').max(MAX_RESULTS_SIZE, 'must be from 1 to 1000').optional(),
    /** Where closed periods' results are POSTed; null removes it, left out keeps it. */
    webhook: webhookSchema.nullish(),
    /** Entry rules and cohorts (docs/tournaments.md); left out keeps the board's, null removes them. */
    tournament: tournamentRulesSchema.nullish(),
    /** Named bands of the standings, by score or by percentile (docs/boards.md "Tiers"); left out keeps the board's, null removes them. */
    tiers: tiersSchema.nullish(),
  })
  .refine((b) => b.minScore == null || b.maxScore == null || b.minScore <= b.maxScore, {
    message: 'minScore must be <= maxScore',
    path: ['minScore'],
  })
  .refine((b) => b.source == null || b.operator === 'best' || b.operator === 'latest', {
    message: 'a source needs operator best or latest',
    path: ['source'],
  })
  .refine((b) => b.tournament?.league == null || b.reset !== 'never', {
    message: 'a league needs a reset: tiers move at each period close',
    path: ['tournament', 'league'],
  })
  .refine((b) => b.source == null || b.tournament == null, {
    message: 'a board with entry rules cannot have a source',
    path: ['tournament'],
  })
  .refine((b) => b.tiers == null || scoreTiersOrdered(b.tiers, b.sort), {
    message: 'score thresholds must go from best to worst for the sort',
    path: ['tiers', 'tiers'],
  })
  .refine((b) => b.startsAt == null || b.endsAt == null || Date.parse(b.startsAt) < Date.parse(b.endsAt), {
    message: 'startsAt must be before endsAt',
    path: ['startsAt'],
  })
  .meta({ id: 'BoardConfig' });
export type BoardConfig = z.infer<typeof boardConfigSchema>;

/** Integer query parameter in [min, max] with a default; rejects anything else. */
const intParam = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be an integer from ${min} to ${max}`).max(max, `must be an integer from ${min} to ${max}`))
    .optional()
    .transform((v) => v ?? dflt);

const periodParam = z.string().max(16).optional();

export const entriesQuerySchema = z.object({
  limit: intParam(1, 100, 10),
  cursor: z.string().max(400).optional(),
  period: periodParam,
});

export const periodQuerySchema = z.object({ period: periodParam });

export const aroundQuerySchema = z.object({ radius: intParam(1, 50, 5), period: periodParam });

export const histogramQuerySchema = z.object({ buckets: intParam(1, 50, 10), period: periodParam });

export const idsQuerySchema = z.object({
  ids: z
    .string()
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(playerIdSchema).min(1, 'must name at least one id').max(MAX_IDS, 'must name at most 100 ids')),
  period: periodParam,
});

export const historyQuerySchema = z.object({
  limit: intParam(1, 100, 20),
  cursor: z.string().max(64).optional(),
  period: periodParam,
});

export const periodsQuerySchema = z.object({
  limit: intParam(1, 100, 20),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a nextCursor returned by this endpoint').optional(),
});

/** A period key in a path (`/periods/{period}/results`): its form is checked against the board by the origin. */
export const periodKeyParamSchema = z.string().regex(/^[0-9A-Za-z:+-]{1,32}$/, 'must be a period key, like 2026-11-23, 2026-W48, 2026-11 or all');

/** A tier name in a path (`/tiers/{tier}/entries`). */
export const tierParamsSchema = z.object({ board: boardIdSchema, tier: z.string().regex(TIER_NAME_PATTERN, 'must be a tier name') });

export const compatQuerySchema = z.object({ count: intParam(1, 100, 10) });

/** Turns zod issues into docs/api.md's `details`: one message per field path. */
export function issuesToDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'body';
    details[field] ??= issue.message;
  }
  return details;
}
