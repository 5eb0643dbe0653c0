/**
 * The maintenance tasks' arguments: `{ "task": name, ...arguments }` in an invocation payload.
 * Pure (zod and core/ only), so the admin CLI parses its flags with the same schemas the function
 * checks them with.
 */
import * as z from 'zod';
import { boardConfigSchema, boardIdSchema, periodsOptionSchema, playerIdSchema } from '../../core/index.ts';

const none = z.object({});

/** A task on one board: its current period, one `period`, or every period the record holds (`allPeriods`). */
export const boardTaskSchema = z.object({ board: boardIdSchema, ...periodsOptionSchema.shape });
export type BoardTask = z.infer<typeof boardTaskSchema>;

export const taskSchemas = {
  health: none,
  boards: none,
  'create-board': z.object({ board: boardIdSchema, config: boardConfigSchema }),
  'delete-player': z.object({ board: boardIdSchema, player: playerIdSchema }),
  rollover: none,
  'retry-purges': none,
  'sync-sources': z.object({ board: boardIdSchema.optional() }),
  verify: boardTaskSchema,
  rebuild: boardTaskSchema,
  /** A board's webhook deliveries, newest first; `resend` makes one due again and sends it now (docs/results.md). */
  webhooks: z.object({
    board: boardIdSchema,
    resend: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  stats: none,
  /** Retention of the submissions log (docs/write-path.md): rows older than `days` are deleted. */
  'trim-log': z.object({ days: z.number().int().min(1).max(36_500).optional() }),
} as const;

export type TaskName = keyof typeof taskSchemas;
export type TaskArgs<T extends TaskName> = z.infer<(typeof taskSchemas)[T]>;
export const TASK_NAMES = Object.keys(taskSchemas) as TaskName[];
