/**
 * Moderation of players (docs/moderation.md): the actions, the request body and the admin's
 * view of a board's moderation state and audit.
 */
import * as z from 'zod';

/** hide: left out of public views; shadow: hidden from everyone but the player; ban: writes refused. */
export const moderationActionSchema = z.enum(['hide', 'shadow', 'ban']).meta({ id: 'ModerationAction' });
export type ModerationAction = z.infer<typeof moderationActionSchema>;

/** The body of PUT and DELETE …/moderation/{playerId}: the action, and why (kept in the audit). */
export const moderationRequestSchema = z
  .object({
    action: moderationActionSchema,
    reason: z.string().trim().min(1, 'must say why').max(500, 'must be at most 500 characters'),
  })
  .strict()
  .meta({ id: 'ModerationRequest' });
export type ModerationRequest = z.infer<typeof moderationRequestSchema>;

const scope = z.enum(['board', 'all']).meta({ description: 'board: this board only; all: every board.' });

export const moderationEntrySchema = z
  .object({
    playerId: z.string(),
    scope,
    action: moderationActionSchema,
    reason: z.string(),
    actor: z.string().meta({ description: 'Who set it: admin, or server:<key index>.' }),
    at: z.iso.datetime(),
  })
  .meta({ id: 'ModerationEntry' });

export const moderationAuditSchema = z
  .object({
    id: z.number().int(),
    playerId: z.string(),
    scope,
    action: moderationActionSchema,
    op: z.enum(['set', 'lift']),
    reason: z.string(),
    actor: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'ModerationAudit' });

/** GET /api/boards/{board}/moderation */
export const moderationStateSchema = z
  .object({
    board: z.string(),
    actions: z.array(moderationEntrySchema).meta({ description: 'The actions in force on this board: its own and every-board ones.' }),
    audit: z.array(moderationAuditSchema).meta({ description: 'Every action and its reverse, newest first (the latest 100).' }),
  })
  .meta({ id: 'ModerationState' });
export type ModerationState = z.infer<typeof moderationStateSchema>;

/** The answer to PUT and DELETE …/moderation/{playerId}. */
export const moderationResultSchema = z
  .object({
    playerId: z.string(),
    scope,
    action: moderationActionSchema,
    state: z.enum(['set', 'lifted', 'unchanged']).meta({ description: 'unchanged: a DELETE of an action that was not in force.' }),
  })
  .meta({ id: 'ModerationResult' });
export type ModerationResult = z.infer<typeof moderationResultSchema>;
