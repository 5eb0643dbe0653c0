/**
 * The OpenAPI 3.1 document of the public API, generated from the zod schemas in core/ with
 * @asteasolutions/zod-to-openapi (docs/architecture.md says why this library).
 *
 * `npm run openapi` writes it to docs/openapi.json, which the edge serves at GET /api/openapi.json,
 * and the client package's types generated from it (build/client-types.ts).
 * build/openapi.test.ts fails when that file is not what this module generates, when a route the
 * edge serves is missing from it, or when one of its examples does not match its schema.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import {
  aroundQuerySchema,
  batchResultSchema,
  batchSchema,
  boardConfigSchema,
  boardIdSchema,
  boardSchema,
  boardsListSchema,
  compatPageSchema,
  compatQuerySchema,
  entriesListSchema,
  entriesPageSchema,
  entriesQuerySchema,
  ERROR_STATUS,
  errorCodeSchema,
  errorEnvelopeSchema,
  healthSchema,
  histogramQuerySchema,
  histogramSchema,
  historyQuerySchema,
  playerHistorySchema,
  moderationRequestSchema,
  moderationResultSchema,
  moderationStateSchema,
  adminPageQuerySchema,
  periodsOptionSchema,
  profileRequestSchema,
  profileSchema,
  idsQuerySchema,
  liveEntrySchema,
  liveOvertakenSchema,
  livePeriodSchema,
  liveResetSchema,
  periodQuerySchema,
  periodKeyParamSchema,
  periodResultsSchema,
  periodsPageSchema,
  periodsQuerySchema,
  playerIdSchema,
  playerViewSchema,
  resultsSettingsSchema,
  streamQuerySchema,
  submitResultSchema,
  submitScoreSchema,
  tierPageSchema,
  cohortPageSchema,
  entriesQuerySchema as cohortQuerySchema,
  joinResultSchema,
  leagueMovesSchema,
  joinSchema,
  tournamentListSchema,
  tournamentsQuerySchema,
  type ErrorCode,
} from '../core/index.ts';
// Not in core/index.ts: the Worker, which imports that, never needs these answers' schemas.
import { auditPageSchema, rebuildRunSchema, sourceStateSchema, syncReportSchema, verifyRunSchema, webhookDeliveriesSchema } from '../core/operation-reports.ts';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types.ts';
import { ROOT } from './paths.ts';

export const OPENAPI_FILE = join(ROOT, 'docs/openapi.json');

type Who = 'public' | 'admin' | 'server' | 'player';
type Method = RouteConfig['method'];

/** One JSON body of an operation: its zod schema and an example that must match it. */
export interface ExampleBody {
  schema: z.ZodType;
  example: unknown;
}

/** One operation of the API, as the document and the tests see it. */
export interface Operation {
  method: Method;
  /** OpenAPI form: /api/boards/{board}. */
  path: string;
  summary: string;
  description?: string;
  who: Who[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: ExampleBody;
  /** Success responses by status; a null body means no content; a `content` other than JSON as it is. */
  responses: Record<number, ExampleBody | null | { description: string; content?: Record<string, { schema: z.ZodType; example?: unknown }> }>;
  /** Error codes this operation can answer besides the ones every operation can. */
  errors: ErrorCode[];
}

const at = '2026-11-23T10:15:00.000Z';
const board = {
  id: 'weekly-race',
  name: 'Weekly race',
  sort: 'desc',
  operator: 'best',
  reset: 'weekly',
  writers: 'server',
  minScore: null,
  maxScore: null,
  cacheSeconds: 5,
  staleSeconds: 5,
  staleIfErrorSeconds: 3600,
  currentPeriod: '2026-W48',
  nextResetAt: '2026-11-30T00:00:00.000Z',
  entries: 2,
  rankMode: 'ordinal',
  scoreFormat: 'integer',
  startsAt: null,
  endsAt: null,
} as const;
const alice = { rank: 1, playerId: 'alice', score: 42, achievedAt: at, metadata: null };
const bob = { rank: 2, playerId: 'bob', score: 17, achievedAt: '2026-11-23T10:16:30.000Z', metadata: { country: 'SE' } };

const boardParams = z.object({ board: boardIdSchema });
/** The reply to PUT /api/boards/{board}: the board and its results settings. */
const boardWriteSchema = boardSchema.extend(resultsSettingsSchema.shape).meta({ id: 'BoardWithResultsSettings' });
const playerParams = z.object({ board: boardIdSchema, playerId: playerIdSchema });
const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(128).optional().meta({ description: 'Makes the write safe to retry: a replay with the same key and body returns the first response (with Idempotent-Replayed: true) and changes nothing.' }),
});

const page = { board: 'weekly-race', period: '2026-W48', total: 2, entries: [alice, bob], nextCursor: null };

/** Every operation the edge serves; docs/api.md describes the same in prose. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness of the edge',
    description: 'Answered by the edge itself, with no origin call. Never cached.',
    who: ['public'],
    responses: { 200: { schema: healthSchema, example: { status: 'ok', edge: 'ok' } } },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/health/deep',
    summary: 'Health of the edge, the origin, Valkey and Supabase',
    description: 'For the admin. Never cached. Each part is "ok" or "failed" (the origin "refused" or "unreachable"), never raw error text; 503 (with Retry-After) when a part failed.',
    who: ['admin'],
    responses: {
      200: { schema: healthSchema, example: { status: 'ok', edge: 'ok', origin: 'ok', valkey: 'ok', supabase: 'ok' } },
      503: { schema: healthSchema, example: { status: 'unavailable', edge: 'ok', origin: 'unreachable', valkey: 'unknown', supabase: 'unknown' } },
    },
    errors: ['unauthorized', 'forbidden'],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    who: ['public'],
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/boards',
    summary: 'Every board',
    who: ['public'],
    responses: { 200: { schema: boardsListSchema, example: { boards: [board] } } },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/boards/{board}',
    summary: 'One board, with its current period and entry count',
    who: ['public'],
    params: boardParams,
    responses: { 200: { schema: boardSchema, example: board } },
    errors: ['invalid_request', 'board_not_found'],
  },
  {
    method: 'put',
    path: '/api/boards/{board}',
    summary: 'Create a board (201) or update it (200)',
    description:
      'Changing `sort`, `operator` or `reset` of a board that has entries gives 409. A `source` needs operator `best` or `latest`. `rankMode`, `scoreFormat`, `startsAt` and `endsAt` may change at any time; left out, each keeps its current value, and `null` clears `startsAt` or `endsAt` (docs/boards.md). `resultsSize` and `webhook` are the results settings (docs/results.md): the reply carries them (never a public view), and the webhook\'s signing secret only in the reply that issued it. `tournament` sets the entry rules and cohorts (docs/tournaments.md): left out it keeps them, `null` removes them; `cohortSize` and `cohortBy` cannot change once players are placed (409), and a board with rules has no `source`.',
    who: ['admin'],
    params: boardParams,
    body: {
      schema: boardConfigSchema,
      example: { name: 'Weekly race', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server', cacheSeconds: 5, rankMode: 'competition' },
    },
    responses: {
      200: { schema: boardWriteSchema, example: { ...board, resultsSize: 100, webhook: { url: 'https://game.example/hooks/leaderboard' } } },
      201: { schema: boardWriteSchema, example: { ...board, entries: 0, resultsSize: 100, webhook: { url: 'https://game.example/hooks/leaderboard', secret: 'whsec_3q2-7wE1yJb0kQ8mXrT5nF4vZl9hC6aP2sD8gU0iO1k' } } },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'conflict', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'delete',
    path: '/api/boards/{board}',
    summary: 'Delete a board and all its periods from every store',
    who: ['admin'],
    params: boardParams,
    responses: { 204: null },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/periods',
    summary: "The board's periods, newest first (archives)",
    description:
      'Every period with entries, and the running one even while empty, with its bounds (clipped to the board\'s `startsAt`/`endsAt`), entry count and state. A `closed` period never changes: reads that name it with `?period=` are marked `immutable` (docs/boards.md "Archives").',
    who: ['public'],
    params: boardParams,
    query: periodsQuerySchema,
    responses: {
      200: {
        schema: periodsPageSchema,
        example: {
          board: 'weekly-race',
          periods: [
            { key: '2026-W48', start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z', entries: 2, state: 'open' },
            { key: '2026-W47', start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z', entries: 1250, state: 'closed' },
          ],
          nextCursor: 'MjAyNi1XNDc',
        },
      },
    },
    errors: ['invalid_request', 'board_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/periods/{period}/results',
    summary: "A closed period's final results: its top N",
    description:
      'Stored by the record when the period closed (its reset, or the board\'s `endsAt`): the top `resultsSize` entries, numbered in the board\'s rank mode at that time. They never change, so they are cached as `immutable`. 404 `not_found` while the period is open, or in the minute before the scheduled task stores them (docs/results.md).',
    who: ['public'],
    params: z.object({ board: boardIdSchema, period: periodKeyParamSchema }),
    responses: {
      200: {
        schema: periodResultsSchema,
        example: {
          board: 'weekly-race',
          period: '2026-W47',
          start: '2026-11-16T00:00:00.000Z',
          end: '2026-11-23T00:00:00.000Z',
          closedAt: '2026-11-23T00:00:41.113Z',
          entries: 1250,
          rankMode: 'ordinal',
          size: 100,
          results: [alice, bob],
        },
      },
    },
    errors: ['invalid_request', 'board_not_found', 'not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/entries',
    summary: 'The top of a board, paged with cursors',
    description:
      'The first page pins a snapshot of the top K entries (docs/paging.md); walking every `nextCursor` returns each of them exactly once, in rank order, with the ranks of the snapshot, whatever is written meanwhile. Past K the walk goes on live. A cursor whose snapshot expired gets 410: start again. Every board read also takes `minSeq` (or the `X-Min-Seq` header): the answer then reflects at least that board version (`X-Board-Seq` of a write).',
    who: ['public'],
    params: boardParams,
    query: entriesQuerySchema,
    responses: { 200: { schema: entriesPageSchema, example: page } },
    errors: ['invalid_request', 'board_not_found', 'snapshot_expired'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/players',
    summary: 'The entries of some players, in rank order (a friends list)',
    description: 'Ids without an entry are left out.',
    who: ['public'],
    params: boardParams,
    query: idsQuerySchema,
    responses: { 200: { schema: entriesListSchema, example: { board: 'weekly-race', period: '2026-W48', total: 2, entries: [bob] } } },
    errors: ['invalid_request', 'board_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/players/{playerId}',
    summary: "A player's entry, rank and percentile",
    who: ['public'],
    params: playerParams,
    query: periodQuerySchema,
    responses: { 200: { schema: playerViewSchema, example: { entry: bob, total: 2, percentile: 50 } } },
    errors: ['invalid_request', 'board_not_found', 'player_not_found'],
  },
  {
    method: 'delete',
    path: '/api/boards/{board}/players/{playerId}',
    summary: 'Erase a player from every period of a board, in every store',
    who: ['admin'],
    params: playerParams,
    responses: { 204: null },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/players/{playerId}/around',
    summary: 'Up to `radius` entries on each side of a player, and the player',
    who: ['public'],
    params: playerParams,
    query: aroundQuerySchema,
    responses: { 200: { schema: entriesListSchema, example: { board: 'weekly-race', period: '2026-W48', total: 2, entries: [alice, bob] } } },
    errors: ['invalid_request', 'board_not_found', 'player_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/players/{playerId}/history',
    summary: "A player's score after each write that changed their entry in a period, newest first",
    description:
      'From the submissions log, keyset-paged on its sequence numbers: follow `nextCursor` for older points. Each point carries the rank the write gave the entry, an ordinal position recorded from the projection by the every-minute scheduled task: null for a write less than about a minute old, and for good for writes whose rank was not recorded (docs/history.md). A hidden or shadowed player is not found, as in the player view; an erased player has no history. The log is trimmed by the retention task, so history older than that is gone.',
    who: ['public'],
    params: playerParams,
    query: historyQuerySchema,
    responses: {
      200: {
        schema: playerHistorySchema,
        example: {
          board: 'weekly-race',
          period: '2026-W48',
          playerId: 'alice',
          points: [
            { seq: 812, at: '2026-11-23T10:15:00.000Z', score: 42, rank: 3 },
            { seq: 640, at: '2026-11-22T19:02:11.000Z', score: 30, rank: 7 },
          ],
          nextCursor: null,
        },
      },
    },
    errors: ['invalid_request', 'board_not_found', 'player_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/histogram',
    summary: 'The score distribution: `buckets` equal-width score ranges from the lowest to the highest score',
    description:
      'Counted from the projection with one O(log n) range count per bucket, never by scanning entries; cached like the other reads. `total` is the sum of the counts. A player\'s place in it is their score, and their percentile is in `GET .../players/{playerId}`.',
    who: ['public'],
    params: boardParams,
    query: histogramQuerySchema,
    responses: {
      200: {
        schema: histogramSchema,
        example: { board: 'weekly-race', period: '2026-W48', total: 6, buckets: [{ from: 0, to: 49, count: 1 }, { from: 50, to: 99, count: 2 }, { from: 100, to: 149, count: 3 }] },
      },
    },
    errors: ['invalid_request', 'board_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/tiers/{tier}/entries',
    summary: "One tier of a board's standings, in rank order, paged with cursors",
    description:
      'On a board with `tiers` (docs/boards.md "Tiers"). A score tier lists the entries whose score lies between its threshold and the next better one; a percentile tier the entries at the positions it covers (the top `top` percent, after the tiers before it). Pages are live keyset pages (no snapshot); `total` is the period\'s entry count and `tierTotal` the tier\'s. Hidden players are left out, as everywhere. A board without tiers, or a tier it does not have, is 404.',
    who: ['public'],
    params: z.object({ board: boardIdSchema, tier: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) }),
    query: entriesQuerySchema,
    responses: {
      200: {
        schema: tierPageSchema,
        example: { board: 'weekly-race', period: '2026-W48', tier: 'gold', total: 2, tierTotal: 2, entries: [{ ...alice, tier: 'gold' }, { ...bob, tier: 'gold' }], nextCursor: null },
      },
    },
    errors: ['invalid_request', 'board_not_found', 'not_found'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/scores',
    summary: 'Submit a score',
    description:
      'A player may submit only their own score (`playerId` equal to the token\'s `sub`), and only to boards whose `writers` is `players`. `updated` is false when the operator kept the old score. `rank` is null when it could not be determined at write time; it is the number the board\'s `rankMode` shows. Before the board\'s `startsAt` a write gets 409 not_open, from its `endsAt` on 409 closed (a write that would change nothing is answered as usual). On a board with entry rules (docs/tournaments.md) every submission is an attempt: without a join where one is required 409 not_joined, past `maxAttempts` 409 attempts_exhausted, and the reply carries `member` (attempts used and left, the cohort); on a board with cohorts, ranks are the cohort\'s.',
    who: ['admin', 'server', 'player'],
    params: boardParams,
    headers: idempotencyHeaders,
    body: { schema: submitScoreSchema, example: { playerId: 'alice', score: 42 } },
    responses: { 200: { schema: submitResultSchema, example: { entry: alice, updated: true, previous: { ...alice, rank: 3, score: 12, achievedAt: '2026-11-22T08:00:00.000Z' } } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'banned', 'board_not_found', 'conflict', 'not_open', 'closed', 'full', 'not_joined', 'attempts_exhausted', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/scores/batch',
    summary: 'Submit up to 1000 scores, all or none',
    description: 'Batch replies are not ranked: every `entry.rank` is null. A body over 1 MiB gets 413. Outside the board\'s open window the whole batch is refused (409 not_open or closed) and nothing is written.',
    who: ['admin', 'server'],
    params: boardParams,
    headers: idempotencyHeaders,
    body: { schema: batchSchema, example: { entries: [{ playerId: 'alice', score: 42 }, { playerId: 'bob', score: 17, metadata: { country: 'SE' } }] } },
    responses: {
      200: {
        schema: batchResultSchema,
        example: { results: [{ playerId: 'alice', updated: true, entry: { ...alice, rank: null } }, { playerId: 'bob', updated: false, entry: { ...bob, rank: null } }] },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'banned', 'board_not_found', 'conflict', 'not_open', 'closed', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/join',
    summary: 'Join a tournament (idempotent)',
    description:
      'On a board with entry rules (`tournament`, docs/tournaments.md): adds the player to the current period, or answers as before when they have joined already (`joined: false`). Past `maxSize` a join gets 409 full; from the board\'s `endsAt` on, 409 closed (joining opens before `startsAt`). On a board with `cohortSize` the player is placed in a cohort (`cohortId`); with `cohortBy`, a game server gives the `band` the cohorts are filled by. A player may join only as themselves, on a `writers: players` board, and never gives a band. A board without rules answers 409 conflict.',
    who: ['admin', 'server', 'player'],
    params: boardParams,
    body: { schema: joinSchema, example: { playerId: 'alice', band: 'gold' } },
    responses: {
      200: {
        schema: joinResultSchema,
        example: { board: 'spring-cup', period: 'all', playerId: 'alice', cohortId: 3, band: 'gold', attemptsUsed: 0, attemptsLeft: 3, maxAttempts: 3, joinedAt: at, joined: true, joinedCount: 101, maxSize: 1000 },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'conflict', 'full', 'closed', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/cohorts/{cohortId}/entries',
    summary: "One cohort's standings, ranked inside it, paged with cursors",
    description:
      'On a board with `cohortSize` (docs/tournaments.md). Pages are live keyset pages (no snapshot). A cohort with no entries is an empty page; a board without cohorts is 404. `total` counts the entries; `members` every player placed in the cohort, and `unscored` those without a score, whom a league close ranks last (they take the demotion places first).',
    who: ['public'],
    params: z.object({ board: boardIdSchema, cohortId: z.string().regex(/^[1-9]\d{0,8}$/) }),
    query: cohortQuerySchema,
    responses: { 200: { schema: cohortPageSchema, example: { ...page, board: 'spring-cup', period: 'all', cohortId: 3, members: 3, unscored: 1 } } },
    errors: ['invalid_request', 'board_not_found', 'not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/league',
    summary: 'The promotions and demotions of a league period',
    description: 'On a board with a `league` (docs/tournaments.md): every member of the period with their cohort, rank at the close and tier before and after. Empty until the period closes; a closed period (`?period=`) never changes and is cached as immutable. A board without a league is 404.',
    who: ['public'],
    params: boardParams,
    query: periodQuerySchema,
    responses: {
      200: {
        schema: leagueMovesSchema,
        example: { board: 'weekly-league', period: '2026-W47', moves: [{ playerId: 'alice', cohortId: 1, rank: 1, fromTier: 2, toTier: 3 }, { playerId: 'bob', cohortId: 1, rank: 50, fromTier: 2, toTier: 1 }] },
      },
    },
    errors: ['invalid_request', 'board_not_found', 'not_found'],
  },
  {
    method: 'get',
    path: '/api/tournaments',
    summary: 'Tournaments by state, paged with cursors',
    description:
      'Boards with entry rules: `upcoming` (startsAt in the future, soonest first), `active` (the default: started and not ended, soonest end first, no end last) or `ended` (latest end first), each with its rules and the players joined in its current period. A cursor belongs to the state it was issued for. Cached at the edge like the board list.',
    who: ['public'],
    query: tournamentsQuerySchema,
    responses: {
      200: {
        schema: tournamentListSchema,
        example: {
          state: 'active',
          tournaments: [
            {
              id: 'spring-cup',
              name: 'Spring cup',
              state: 'active',
              sort: 'desc',
              scoreFormat: 'integer',
              startsAt: '2026-11-20T00:00:00.000Z',
              endsAt: '2026-11-27T00:00:00.000Z',
              currentPeriod: 'all',
              nextResetAt: null,
              joined: 101,
              rules: { joinRequired: true, maxSize: 1000, maxAttempts: 3, cohortSize: 50, cohortBy: 'tier', league: null },
            },
          ],
          nextCursor: 'dDEuYWN0aXZlLjIwMjYtMTEtMjdUMDA6MDA6MDAuMDAwWi5zcHJpbmctY3Vw',
        },
      },
    },
    errors: ['invalid_request'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/me',
    summary: "The signed-in player's own entry, rank and percentile",
    description:
      'Private (`Cache-Control: private, no-store`), with a player token. As the player view, except that a shadowed player sees their entry with the rank it would have among the public entries, and a `total` that counts it (docs/moderation.md). Nobody else sees it.',
    who: ['player'],
    params: boardParams,
    query: periodQuerySchema,
    responses: { 200: { schema: playerViewSchema, example: { entry: bob, total: 2, percentile: 50 } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'player_not_found'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/moderation',
    summary: "The moderation in force on a board, and its audit",
    description: 'The actions in force on this board (its own, and every-board ones), and the latest 100 audit records of both, newest first. Never cached.',
    who: ['admin'],
    params: boardParams,
    responses: {
      200: {
        schema: moderationStateSchema,
        example: {
          board: 'weekly-race',
          actions: [{ playerId: 'mallory', scope: 'board', action: 'hide', reason: 'impossible time', actor: 'admin', at }],
          audit: [{ id: 7, playerId: 'mallory', scope: 'board', action: 'hide', op: 'set', reason: 'impossible time', actor: 'admin', at }],
        },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  ...(['put', 'delete'] as const).map((method) => ({
    method,
    path: '/api/boards/{board}/moderation/{playerId}',
    summary: method === 'put' ? 'Hide, shadow or ban a player on a board' : 'Lift a moderation action on a board',
    description:
      'hide: the entry is kept, but left out of every public view; shadow: the same, except the player still sees their own entry (`GET …/me`); ban: writes are refused (403 banned). Public ranks stay dense around hidden entries. Audited with the reason. hide and shadow purge the board\'s cached views (`X-Purge-Status`). docs/moderation.md.',
    who: ['admin'] as Who[],
    params: playerParams,
    body: { schema: moderationRequestSchema, example: { action: 'hide', reason: 'impossible time' } },
    responses: { 200: { schema: moderationResultSchema, example: { playerId: 'mallory', scope: 'board', action: 'hide', state: method === 'put' ? 'set' : 'lifted' } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'payload_too_large', 'unsupported_media_type', 'rate_limited'] as ErrorCode[],
  })),
  {
    method: 'put',
    path: '/api/players/{playerId}/profile',
    summary: "Set a player's display name",
    description:
      'A player sets their own (`playerId` equal to the token\'s `sub`), a game server or the admin anyone\'s. The name is NFKC-normalised and trimmed, 1 to 32 characters after that, without control characters; every entry of every view then carries it as `displayName`. Renaming rebuilds no board (docs/moderation.md).',
    who: ['admin', 'server', 'player'],
    params: z.object({ playerId: playerIdSchema }),
    body: { schema: profileRequestSchema, example: { displayName: 'Alice 🚀' } },
    responses: { 200: { schema: profileSchema, example: { playerId: 'alice', displayName: 'Alice 🚀' } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  ...(['put', 'delete'] as const).map((method) => ({
    method,
    path: '/api/moderation/{playerId}',
    summary: method === 'put' ? 'Hide, shadow or ban a player on every board' : 'Lift a moderation action on every board',
    description: 'As `…/boards/{board}/moderation/{playerId}`, for every board, present and future. An every-board action and a board\'s own one are separate: lifting one leaves the other.',
    who: ['admin'] as Who[],
    params: z.object({ playerId: playerIdSchema }),
    body: { schema: moderationRequestSchema, example: { action: 'ban', reason: 'cheating on several boards' } },
    responses: { 200: { schema: moderationResultSchema, example: { playerId: 'mallory', scope: 'all', action: 'ban', state: method === 'put' ? 'set' : 'lifted' } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'payload_too_large', 'unsupported_media_type', 'rate_limited'] as ErrorCode[],
  })),
  {
    method: 'post',
    path: '/api/boards/{board}/verify',
    summary: 'Compare Valkey with Supabase, entry by entry',
    description:
      'The `verify` task over HTTP (docs/operations.md#operations-over-http): the current period, one `period`, or `allPeriods`. It stops starting periods after about 4 s, under the edge\'s origin timeout, and lists the ones left in `skipped`. Changes nothing. Never cached.',
    who: ['admin'],
    params: boardParams,
    body: { schema: periodsOptionSchema, example: { period: '2026-W48' } },
    responses: {
      200: {
        schema: verifyRunSchema,
        example: {
          differences: 0,
          periods: [{ board: 'weekly-race', period: '2026-W48', ready: true, recordEntries: 2, projectionEntries: 2, differences: 0, sample: [], scoreCounts: { covered: true, distinct: 2, differences: 0 } }],
          skipped: [],
        },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/rebuild',
    summary: "Rebuild Valkey's copy of a board from Supabase",
    description: 'The `rebuild` task over HTTP, under the rebuild lock: the current period, one `period`, or `allPeriods`, stopping early like verify (`skipped`). Reads are served from Supabase meanwhile. Never cached.',
    who: ['admin'],
    params: boardParams,
    body: { schema: periodsOptionSchema, example: {} },
    responses: { 200: { schema: rebuildRunSchema, example: { periods: [{ period: '2026-W48', rebuilt: true }], skipped: [] } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/source',
    summary: "A board's source and its last sync",
    who: ['admin'],
    params: boardParams,
    responses: {
      200: {
        schema: sourceStateSchema,
        example: {
          board: 'weekly-race',
          source: { url: 'https://game.example/standings.json', itemsPath: 'rows', playerIdField: 'id', scoreField: 'points' },
          status: { at, ok: true, rows: 2, applied: 1, unchanged: 1, skipped: 0 },
        },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/sync',
    summary: "Sync a board's source now",
    description: 'The `sync-sources` task for one board, with one fetch of at most 2.5 s (the scheduled sync retries). A failing source answers 200 with `ok: false` and its `error`, recorded as the board\'s source status. 409 `conflict` when the board has no source. No body.',
    who: ['admin'],
    params: boardParams,
    responses: {
      200: { schema: syncReportSchema, example: { board: 'weekly-race', period: '2026-W48', at, ok: true, rows: 2, applied: 1, unchanged: 1, skipped: 0, badRows: [] } },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'conflict', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/audit',
    summary: "A board's audit log, a page at a time",
    description: 'Newest first: erasures of players (with counts, never the erased data). Follow `next` as `before`. Moderation has its own audit, in `GET …/moderation`. Never cached.',
    who: ['admin'],
    params: boardParams,
    query: adminPageQuerySchema,
    responses: { 200: { schema: auditPageSchema, example: { board: 'weekly-race', records: [{ id: 12, at, action: 'player_deleted', detail: { entries: 2, submissions: 3 } }], next: null } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/webhooks',
    summary: "A board's result webhook deliveries, a page at a time",
    description: 'Newest first, with each attempt\'s log (docs/results.md). Follow `next` as `before`. The webhook\'s secret is never shown. Never cached.',
    who: ['admin'],
    params: boardParams,
    query: adminPageQuerySchema,
    responses: {
      200: {
        schema: webhookDeliveriesSchema,
        example: {
          board: 'weekly-race',
          resultsSize: 10,
          webhook: { url: 'https://game.example/hooks/leaderboard' },
          deliveries: [
            { id: 3, eventId: '0b0f6a4e-52c6-4f44-9c55-3a4f2f1f8a10', period: '2026-W47', status: 'delivered', attempts: 1, createdAt: at, nextAttemptAt: null, deliveredAt: at, lastError: null, log: [{ at, status: 200, error: null, ms: 84 }] },
          ],
          next: null,
        },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/boards/{board}/stream',
    summary: 'Live rank updates, as Server-Sent Events',
    description:
      'A `text/event-stream` that stays open (docs/live.md). Events: `entry` (a changed entry the view covers; its id is the board version, `seq`), `overtaken` (a watched player of an `around:` or `ids:` view was passed), `period` (the board rolled over: refetch), `reset` (refetch: the events missed are no longer retained, the board changed without events, or was deleted). Comment lines are heartbeats. Reconnecting with `Last-Event-ID` (or `lastEventId`) replays the missed events in order. Connections are limited per client IP per board and per board: past either, 429 rate_limited with `details.scope` `ip` or `board`.',
    who: ['public'],
    params: boardParams,
    query: streamQuerySchema.extend({ lastEventId: z.string().regex(/^\d{1,15}$/).optional().meta({ description: 'For clients that cannot send the Last-Event-ID header.' }) }),
    headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,15}$/).optional().meta({ description: 'The id of the last event received; EventSource sends it when it reconnects.' }) }),
    responses: {
      200: {
        description: 'The event stream. The data of each event is one of LiveEntryEvent, LiveOvertakenEvent, LivePeriodEvent, LiveResetEvent.',
        content: {
          'text/event-stream': {
            schema: z.string(),
            example: 'retry: 3000\n: live weekly-race at 41\n\nevent: entry\nid: 42\ndata: {"seq":42,"playerId":"alice","score":42,"rank":1,"previousRank":3}\n\n: heartbeat 1764669300000\n\n',
          },
        },
      },
    },
    errors: ['invalid_request', 'board_not_found', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/leaderboard',
    summary: 'Compatibility path: the top `count` of the default board',
    who: ['public'],
    query: compatQuerySchema,
    responses: { 200: { schema: compatPageSchema, example: { board: 'global', period: 'all', entries: [alice, bob] } } },
    errors: ['invalid_request', 'board_not_found'],
  },
];

/** Errors any operation can answer: a dependency down, a wrong method, a bug. */
const COMMON_ERRORS: ErrorCode[] = ['method_not_allowed', 'unavailable', 'internal'];

/** One example per error status, as components.responses shares them: `Error404` and so on. */
export function errorExamples(): Map<number, { codes: ErrorCode[]; example: z.infer<typeof errorEnvelopeSchema> }> {
  const byStatus = new Map<number, { codes: ErrorCode[]; example: z.infer<typeof errorEnvelopeSchema> }>();
  for (const code of errorCodeSchema.options) {
    const status = ERROR_STATUS[code];
    const entry = byStatus.get(status);
    if (entry) entry.codes.push(code);
    else byStatus.set(status, { codes: [code], example: { error: { code, message: ERROR_MESSAGES[code], ...(code === 'invalid_request' ? { details: { score: 'must be an integer' } } : {}) }, requestId: 'c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11' } });
  }
  return byStatus;
}

const ERROR_MESSAGES: Record<ErrorCode, string> = {
  invalid_request: 'Invalid body',
  unauthorized: 'Missing bearer token',
  forbidden: 'These credentials may not do this',
  board_not_found: 'Board "weekly-race" does not exist',
  player_not_found: 'Player "alice" has no entry in weekly-race for 2026-W48',
  not_found: 'No route for GET /api/nothing',
  snapshot_expired: "This cursor's snapshot has expired or is unknown (snapshots live 60 s after a walk starts). Start again from the first page, without a cursor.",
  method_not_allowed: 'PATCH is not allowed on /api/boards/weekly-race',
  conflict: 'This Idempotency-Key was already used with a different request body',
  not_open: 'Board "weekly-race" opens at 2026-12-07T00:00:00.000Z',
  closed: 'Board "weekly-race" closed at 2026-11-30T00:00:00.000Z',
  banned: 'Player "mallory" may not submit scores to board "weekly-race"',
  full: 'Board "spring-cup" is full: 1000 players have joined',
  not_joined: 'Player "alice" has not joined board "spring-cup"; join it first (POST …/join)',
  attempts_exhausted: 'Player "alice" has used all 3 attempts this period',
  payload_too_large: 'The request body must be at most 65536 bytes',
  unsupported_media_type: 'The request body must be JSON (Content-Type: application/json)',
  rate_limited: 'Too many writes; slow down',
  unavailable: 'The leaderboard database is unavailable; nothing was written',
  internal: 'Internal error',
};

const isBody = (r: ExampleBody | null | { description: string }): r is ExampleBody => r !== null && 'schema' in r;

/** The document: OpenAPI 3.1, every operation; core's schemas that have a meta `id` become components. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  for (const [status, { codes, example }] of errorExamples()) {
    registry.registerComponent('responses', `Error${status}`, {
      description: `Error ${codes.join(', ')}; the error envelope (docs/api.md "Errors")`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' }, example } },
    });
  }
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin key, a game-server key, or a player\'s Supabase Auth JWT.',
  });

  for (const op of OPERATIONS) {
    const responses: RouteConfig['responses'] = {};
    for (const [status, r] of Object.entries(op.responses)) {
      if (r === null) responses[status] = { description: 'No content' };
      else if (isBody(r)) responses[status] = { description: Number(status) < 300 ? 'OK' : 'Failed', content: { 'application/json': { schema: r.schema, example: r.example } } };
      else responses[status] = r;
    }
    for (const code of [...op.errors, ...COMMON_ERRORS]) responses[ERROR_STATUS[code]] ??= { $ref: `#/components/responses/Error${ERROR_STATUS[code]}` };
    const isPublic = op.who.includes('public');
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      description: [`Who: ${op.who.join(', ')}.`, op.description].filter(Boolean).join(' '),
      ...(isPublic ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.headers ? { headers: op.headers } : {}),
        ...(op.body ? { body: { required: true, content: { 'application/json': { schema: op.body.schema, example: op.body.example } } } } : {}),
      },
      responses,
    });
  }

  // The error envelope is referenced only from components.responses, so it is listed by itself.
  // So are the live stream's event data, which no JSON body references.
  const listed = [errorEnvelopeSchema, liveEntrySchema, liveOvertakenSchema, livePeriodSchema, liveResetSchema].map((schema) => ({ type: 'schema' as const, schema }));
  return new OpenApiGeneratorV31([...registry.definitions, ...listed]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Edge leaderboard API',
      version: '1',
      description: 'Leaderboards with exact ranks, served from the edge. The prose reference is docs/api.md in the repository.',
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'the local stack (npm start)' }],
  });
}

/**
 * zod-to-openapi writes a nullable reference as `allOf: [{$ref}, {type: ["object", "null"]}]`, which
 * no null can satisfy (the first branch requires an object). JSON Schema says "this or null" with
 * `anyOf`, which generators such as openapi-typescript turn into `T | null`.
 */
function nullableRefsAsAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsAsAnyOf);
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const all = o.allOf;
  if (Array.isArray(all) && all.length === 2 && typeof all[0]?.$ref === 'string' && JSON.stringify(all[1]) === '{"type":["object","null"]}') {
    const { allOf: _allOf, ...rest } = o;
    return { ...rest, anyOf: [all[0], { type: 'null' }] };
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nullableRefsAsAnyOf(v)]));
}

/** The document as docs/openapi.json holds it. */
export const openApiJson = (): string => `${JSON.stringify(nullableRefsAsAnyOf(openApiDocument()), null, 2)}\n`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const json = openApiJson();
  writeFileSync(OPENAPI_FILE, json);
  console.log(`[openapi] wrote ${OPENAPI_FILE}`);
  writeFileSync(CLIENT_TYPES_FILE, await clientTypes(json));
  console.log(`[openapi] wrote ${CLIENT_TYPES_FILE}`);
}
