/**
 * The OpenAPI 3.1 document of the public API, generated from the zod schemas in core/ with
 * @asteasolutions/zod-to-openapi (docs/architecture.md says why this library).
 *
 * `npm run openapi` writes it to docs/openapi.json, which the edge serves at GET /api/openapi.json.
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
  idsQuerySchema,
  liveEntrySchema,
  liveOvertakenSchema,
  livePeriodSchema,
  liveResetSchema,
  periodQuerySchema,
  periodsPageSchema,
  periodsQuerySchema,
  playerIdSchema,
  playerViewSchema,
  streamQuerySchema,
  submitResultSchema,
  submitScoreSchema,
  type ErrorCode,
} from '../core/index.ts';
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
      'Changing `sort`, `operator` or `reset` of a board that has entries gives 409. A `source` needs operator `best` or `latest`. `rankMode`, `scoreFormat`, `startsAt` and `endsAt` may change at any time; left out, each keeps its current value, and `null` clears `startsAt` or `endsAt` (docs/boards.md).',
    who: ['admin'],
    params: boardParams,
    body: {
      schema: boardConfigSchema,
      example: { name: 'Weekly race', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server', cacheSeconds: 5, rankMode: 'competition' },
    },
    responses: {
      200: { schema: boardSchema, example: board },
      201: { schema: boardSchema, example: { ...board, entries: 0 } },
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
    method: 'post',
    path: '/api/boards/{board}/scores',
    summary: 'Submit a score',
    description:
      'A player may submit only their own score (`playerId` equal to the token\'s `sub`), and only to boards whose `writers` is `players`. `updated` is false when the operator kept the old score. `rank` is null when it could not be determined at write time; it is the number the board\'s `rankMode` shows. Before the board\'s `startsAt` a write gets 409 not_open, from its `endsAt` on 409 closed (a write that would change nothing is answered as usual).',
    who: ['admin', 'server', 'player'],
    params: boardParams,
    headers: idempotencyHeaders,
    body: { schema: submitScoreSchema, example: { playerId: 'alice', score: 42 } },
    responses: { 200: { schema: submitResultSchema, example: { entry: alice, updated: true, previous: { ...alice, rank: 3, score: 12, achievedAt: '2026-11-22T08:00:00.000Z' } } } },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'conflict', 'not_open', 'closed', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/boards/{board}/scores/batch',
    summary: 'Submit up to 1000 scores, all or none',
    description: 'Batch replies are not ranked: every `entry.rank` is null. A body over 1 MiB gets 413. Outside the board\'s open window the whole batch is refused (409 not_open or closed) and nothing is written.',
    who: ['admin', 'server'],
    params: boardParams,
    body: { schema: batchSchema, example: { entries: [{ playerId: 'alice', score: 42 }, { playerId: 'bob', score: 17, metadata: { country: 'SE' } }] } },
    responses: {
      200: {
        schema: batchResultSchema,
        example: { results: [{ playerId: 'alice', updated: true, entry: { ...alice, rank: null } }, { playerId: 'bob', updated: false, entry: { ...bob, rank: null } }] },
      },
    },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'board_not_found', 'not_open', 'closed', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
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

/** The document as docs/openapi.json holds it. */
export const openApiJson = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OPENAPI_FILE, openApiJson());
  console.log(`[openapi] wrote ${OPENAPI_FILE}`);
}
