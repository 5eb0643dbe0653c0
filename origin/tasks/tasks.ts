/**
 * Maintenance tasks, run by direct invocation (the admin CLI through the Lambda Invoke API)
 * or by a schedule. Each takes a validated event and returns a JSON-serialisable result.
 */
import * as z from 'zod';
import { boardConfigSchema, boardIdSchema, periodKey, playerIdSchema } from '../../core/index.ts';
import { boardView, loadBoard } from '../leaderboard/boards.ts';
import { deletePlayer, upsertBoard } from '../leaderboard/commands.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { rebuildPeriod } from '../leaderboard/rebuild.ts';
import { rollover } from '../leaderboard/rollover.ts';
import { retryPurges } from '../leaderboard/purge.ts';
import { verifyPeriod } from '../leaderboard/verify.ts';
import { syncAllSources, syncBoard } from '../sources/sync.ts';

const boardTask = z.object({
  board: boardIdSchema,
  /** One period; the current one by default, or every period the record holds with `allPeriods`. */
  period: z.string().min(1).max(32).optional(),
  allPeriods: z.boolean().optional(),
});

/** The periods a task on one board covers. */
async function periodsOf(deps: Deps, input: z.infer<typeof boardTask>): Promise<string[]> {
  const board = await loadBoard(deps, input.board);
  if (input.period) return [input.period];
  if (input.allPeriods) return deps.record.periods(board.id);
  return [periodKey(board.reset, deps.now())];
}

/** What a task knows of its invocation. */
export interface TaskContext {
  /** Milliseconds left before the invocation times out. */
  remainingMs: () => number;
}

export const tasks = {
  health: {
    schema: z.object({}),
    run: async (deps: Deps) => {
      const projection = await deps.projection();
      await Promise.all([projection.ping(), deps.record.health()]);
      return { status: 'ok' };
    },
  },
  boards: {
    schema: z.object({}),
    run: async (deps: Deps) => {
      const now = deps.now();
      const boards = await deps.record.boards();
      return {
        boards: await Promise.all(
          boards.map(async (b) => ({
            ...boardView(b, await deps.record.count(b.id, periodKey(b.reset, now)), now),
            source: b.source,
            sourceStatus: b.sourceStatus,
          })),
        ),
      };
    },
  },
  'create-board': {
    schema: z.object({ board: boardIdSchema, config: boardConfigSchema }),
    run: async (deps: Deps, input: { board: string; config: z.infer<typeof boardConfigSchema> }) => upsertBoard(deps, input.board, input.config),
  },
  'delete-player': {
    schema: z.object({ board: boardIdSchema, player: playerIdSchema }),
    run: async (deps: Deps, input: { board: string; player: string }) => deletePlayer(deps, input.board, input.player),
  },
  rollover: {
    schema: z.object({}),
    // Pending edge purges first: they need only the record and Cloudflare, not Valkey.
    run: async (deps: Deps) => {
      const purges = await retryPurges(deps).catch((err: unknown) => {
        deps.log('warn', 'could not retry edge purges', { error: String(err) });
        return { done: 0, pending: -1 };
      });
      return { ...(await rollover(deps)), purges };
    },
  },
  'retry-purges': {
    schema: z.object({}),
    run: async (deps: Deps) => ({ ...(await retryPurges(deps)), backlog: deps.config.cloudflare ? await deps.record.purgeBacklog() : null }),
  },
  'sync-sources': {
    schema: z.object({ board: boardIdSchema.optional() }),
    run: async (deps: Deps, input: { board?: string }, ctx: TaskContext) => (input.board ? { sources: [await syncBoard(deps, input.board)], skipped: [] } : syncAllSources(deps, ctx.remainingMs)),
  },
  verify: {
    schema: boardTask,
    run: async (deps: Deps, input: z.infer<typeof boardTask>) => {
      const board = await loadBoard(deps, input.board);
      const reports = [];
      for (const period of await periodsOf(deps, input)) reports.push(await verifyPeriod(deps, board, period));
      return { differences: reports.reduce((n, r) => n + r.differences, 0), periods: reports };
    },
  },
  rebuild: {
    schema: boardTask,
    run: async (deps: Deps, input: z.infer<typeof boardTask>) => {
      const board = await loadBoard(deps, input.board);
      const projection = await deps.projection();
      const periods = [];
      for (const period of await periodsOf(deps, input)) periods.push({ period, rebuilt: await rebuildPeriod(deps, projection, board, period) });
      return { periods };
    },
  },
} as const;

export type TaskName = keyof typeof tasks;
