/**
 * The answers of the admin operations over HTTP (docs/operations.md#operations-over-http): the
 * same reports as the maintenance tasks (origin/tasks/), the source status, the audit log and
 * the webhook deliveries. Used by the OpenAPI document and the client's types.
 */
import * as z from 'zod';
import { sourceSchema } from './schemas.ts';

const skipped = z.array(z.string()).meta({ description: 'Periods left out because the call ran out of time; run them one `period` at a time.' });

const verifyPeriodSchema = z.object({
  board: z.string(),
  period: z.string(),
  ready: z.boolean().meta({ description: 'False when Valkey has no ready copy of the period: nothing to compare (the next read rebuilds it).' }),
  recordEntries: z.number().int(),
  projectionEntries: z.number().int(),
  differences: z.number().int(),
  sample: z.array(z.object({ playerId: z.string(), kind: z.enum(['missing', 'extra', 'mismatch']), fields: z.array(z.string()).optional() })).meta({ description: 'The first differences found (at most 50).' }),
  scoreCounts: z.object({ covered: z.boolean(), distinct: z.number().int(), differences: z.number().int() }),
});

/** POST /api/boards/{board}/verify */
export const verifyRunSchema = z
  .object({
    differences: z.number().int().meta({ description: 'Differences over every period (and cohort) checked; 0 when Valkey matches Supabase.' }),
    periods: z.array(verifyPeriodSchema),
    cohorts: z.array(verifyPeriodSchema.extend({ cohortId: z.number().int() })).optional(),
    skipped,
  })
  .meta({ id: 'VerifyRun' });

/** POST /api/boards/{board}/rebuild */
export const rebuildRunSchema = z
  .object({
    periods: z.array(z.object({ period: z.string(), rebuilt: z.boolean(), cohorts: z.array(z.object({ cohortId: z.number().int(), rebuilt: z.boolean() })).optional() })),
    skipped,
  })
  .meta({ id: 'RebuildRun' });

const sourceStatusSchema = z.object({
  at: z.iso.datetime(),
  ok: z.boolean(),
  rows: z.number().int(),
  applied: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  error: z.string().optional(),
});

/** GET /api/boards/{board}/source */
export const sourceStateSchema = z
  .object({
    board: z.string(),
    source: sourceSchema.nullable().meta({ description: "The board's source (docs/sources.md); null when it has none." }),
    status: sourceStatusSchema.nullable().meta({ description: 'The last sync; null before the first.' }),
  })
  .meta({ id: 'SourceState' });

/** POST /api/boards/{board}/sync */
export const syncReportSchema = sourceStatusSchema
  .extend({
    board: z.string(),
    period: z.string().nullable(),
    badRows: z.array(z.object({ index: z.number().int(), playerId: z.string().optional(), reason: z.string() })).meta({ description: 'The first bad rows (at most 100); `skipped` counts them all.' }),
  })
  .meta({ id: 'SyncReport' });

const next = z.number().int().nullable().meta({ description: 'The `before` of the next (older) page; null on the last page.' });

/** GET /api/boards/{board}/audit */
export const auditPageSchema = z
  .object({
    board: z.string(),
    records: z.array(z.object({ id: z.number().int(), at: z.iso.datetime(), action: z.string(), detail: z.record(z.string(), z.unknown()) })).meta({
      description: 'The board\'s audit log, newest first: erasures (`player_deleted`, with counts, never the erased data). Moderation has its own audit in `GET …/moderation`.',
    }),
    next,
  })
  .meta({ id: 'AuditPage' });

/** GET /api/boards/{board}/webhooks */
export const webhookDeliveriesSchema = z
  .object({
    board: z.string(),
    resultsSize: z.number().int(),
    webhook: z.object({ url: z.string() }).nullable().meta({ description: 'The webhook (never its secret); null when the board has none.' }),
    deliveries: z.array(
      z.object({
        id: z.number().int(),
        eventId: z.string(),
        period: z.string(),
        status: z.enum(['pending', 'delivered', 'failed']),
        attempts: z.number().int(),
        createdAt: z.iso.datetime(),
        nextAttemptAt: z.iso.datetime().nullable(),
        deliveredAt: z.iso.datetime().nullable(),
        lastError: z.string().nullable(),
        log: z.array(z.object({ at: z.iso.datetime(), status: z.number().int().nullable(), error: z.string().nullable(), ms: z.number() })),
      }),
    ),
    next,
  })
  .meta({ id: 'WebhookDeliveries' });
