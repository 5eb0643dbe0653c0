/**
 * Maintenance tasks, run by direct invocation (the admin CLI through the Lambda Invoke API)
 * or by a schedule. Each takes a validated event and returns a JSON-serialisable result.
 */
import { z } from 'zod';
import { boardIdSchema, periodKey } from '../../core/index.ts';
import { loadBoard } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { rebuildPeriod } from '../leaderboard/rebuild.ts';
import { verifyPeriod } from '../leaderboard/verify.ts';

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

export const tasks = {
  health: {
    schema: z.object({}),
    run: async (deps: Deps) => {
      const projection = await deps.projection();
      await Promise.all([projection.ping(), deps.record.health()]);
      return { status: 'ok' };
    },
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
