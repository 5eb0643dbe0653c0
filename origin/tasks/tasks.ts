/**
 * Maintenance tasks, run by direct invocation (the admin CLI through the Lambda Invoke API)
 * or by a schedule. Each takes a validated event and returns a JSON-serialisable result.
 * verify, rebuild and sync-sources on one board also answer the admin's HTTP calls
 * (origin/routes/operations.ts), with that call's time left.
 */
import { ApiError, periodKey } from '../../core/index.ts';
import { boardView, loadBoard } from '../leaderboard/boards.ts';
import { deletePlayer, upsertBoard } from '../leaderboard/commands.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { rebuildPeriod } from '../leaderboard/rebuild.ts';
import { rollover } from '../leaderboard/rollover.ts';
import { retryPurges } from '../leaderboard/purge.ts';
import { verifyPeriod } from '../leaderboard/verify.ts';
import { deliverWebhooks } from '../results/webhooks.ts';
import { rebuildCohorts, verifyCohorts } from '../leaderboard/tournaments.ts';
import { syncAllSources, syncBoard } from '../sources/sync.ts';
import { taskSchemas, type BoardTask, type TaskArgs, type TaskName } from './schemas.ts';
import { eachInTime, periodBudgetMs } from './in-time.ts';
import { operationsStats, publishGauges } from './stats.ts';

/** How long the submissions log keeps a row unless the trim-log task is given `days`. */
const LOG_RETENTION_DAYS = 90;
/** Log rows deleted per statement by trim-log. */
const TRIM_STEP = 10_000;

/** The periods a task on one board covers. */
async function periodsOf(deps: Deps, input: BoardTask): Promise<string[]> {
  const board = await loadBoard(deps, input.board);
  if (input.period) return [input.period];
  if (input.allPeriods) return deps.record.periods(board.id);
  return [periodKey(board.reset, deps.now())];
}

/** Runs a call and returns how long it took, in milliseconds to a tenth. */
async function roundTripMs(call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await call();
  return Math.round((performance.now() - start) * 10) / 10;
}

/** What a task knows of its invocation. */
export interface TaskContext {
  /** Milliseconds left before the invocation times out. */
  remainingMs: () => number;
}

export const tasks = {
  health: {
    schema: taskSchemas.health,
    run: async (deps: Deps) => {
      // Connected first, so the Valkey time is one round trip (PING), not the connection.
      const projection = await deps.projection();
      const [valkeyMs, supabaseMs] = await Promise.all([roundTripMs(() => projection.ping()), roundTripMs(() => deps.record.health())]);
      return { status: 'ok', valkeyMs, supabaseMs };
    },
  },
  boards: {
    schema: taskSchemas.boards,
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
    schema: taskSchemas['create-board'],
    run: async (deps: Deps, input: TaskArgs<'create-board'>) => upsertBoard(deps, input.board, input.config),
  },
  'delete-player': {
    schema: taskSchemas['delete-player'],
    run: async (deps: Deps, input: TaskArgs<'delete-player'>) => deletePlayer(deps, input.board, input.player),
  },
  rollover: {
    schema: taskSchemas.rollover,
    // Pending edge purges first: they need only the record and Cloudflare, not Valkey.
    // The operations gauges last, whatever happened, so an outage still shows in them.
    run: async (deps: Deps, _input: TaskArgs<'rollover'>, ctx: TaskContext) => {
      const purges = await retryPurges(deps).catch((err: unknown) => {
        deps.log('warn', 'could not retry edge purges', { error: String(err) });
        return { done: 0, pending: -1 };
      });
      try {
        const report = await rollover(deps);
        // Result webhooks of the periods just closed, and the retries that are due (docs/results.md).
        const webhooks = await deliverWebhooks(deps, { remainingMs: ctx.remainingMs }).catch((err: unknown) => {
          deps.log('warn', 'could not deliver webhooks', { error: String(err) });
          return null;
        });
        return { ...report, purges, webhooks };
      } finally {
        await publishGauges(deps);
      }
    },
  },
  'retry-purges': {
    schema: taskSchemas['retry-purges'],
    run: async (deps: Deps) => ({ ...(await retryPurges(deps)), backlog: deps.config.cloudflare ? await deps.record.purgeBacklog() : null }),
  },
  'sync-sources': {
    schema: taskSchemas['sync-sources'],
    run: async (deps: Deps, input: TaskArgs<'sync-sources'>, ctx: TaskContext) => (input.board ? { sources: [await syncBoard(deps, input.board)], skipped: [] } : syncAllSources(deps, ctx.remainingMs)),
  },
  verify: {
    schema: taskSchemas.verify,
    run: async (deps: Deps, input: BoardTask, ctx: TaskContext) => {
      const board = await loadBoard(deps, input.board);
      const run = await eachInTime(await periodsOf(deps, input), periodBudgetMs, ctx.remainingMs, async (period) => ({
        report: await verifyPeriod(deps, board, period),
        cohorts: await verifyCohorts(deps, board, period),
      }));
      const reports = run.done.map((r) => r.report);
      const cohorts = run.done.flatMap((r) => r.cohorts);
      const differences = [...reports, ...cohorts].reduce((n, r) => n + r.differences, 0);
      return { differences, periods: reports, ...(cohorts.length > 0 ? { cohorts } : {}), skipped: run.skipped };
    },
  },
  'trim-log': {
    schema: taskSchemas['trim-log'],
    // In steps of TRIM_STEP rows while the invocation has time; the next run continues.
    run: async (deps: Deps, input: TaskArgs<'trim-log'>, ctx: TaskContext) => {
      const before = new Date(deps.now().getTime() - (input.days ?? LOG_RETENTION_DAYS) * 86_400_000).toISOString();
      let deleted = 0;
      for (;;) {
        const n = await deps.record.trimLog(before, TRIM_STEP);
        deleted += n;
        if (n < TRIM_STEP || ctx.remainingMs() < 10_000) return { before, deleted, done: n < TRIM_STEP };
      }
    },
  },
  stats: {
    schema: taskSchemas.stats,
    run: async (deps: Deps) => operationsStats(deps),
  },
  rebuild: {
    schema: taskSchemas.rebuild,
    run: async (deps: Deps, input: BoardTask, ctx: TaskContext) => {
      const board = await loadBoard(deps, input.board);
      const projection = await deps.projection();
      const run = await eachInTime(await periodsOf(deps, input), periodBudgetMs, ctx.remainingMs, async (period) => {
        const cohorts = await rebuildCohorts(deps, projection, board, period);
        return { period, rebuilt: await rebuildPeriod(deps, projection.period(board, period), board), ...(cohorts.length > 0 ? { cohorts } : {}) };
      });
      return { periods: run.done, skipped: run.skipped };
    },
  },
  webhooks: {
    schema: taskSchemas.webhooks,
    run: async (deps: Deps, input: TaskArgs<'webhooks'>) => {
      const board = await loadBoard(deps, input.board);
      let resent = null;
      if (input.resend !== undefined) {
        const id = await deps.record.webhookResend(board.id, input.resend, deps.now().toISOString());
        if (id === null) throw new ApiError('not_found', `Board "${board.id}" has no webhook delivery ${input.resend}`);
        resent = (await deliverWebhooks(deps, { id })).attempted[0] ?? null;
      }
      return { board: board.id, ...(await deps.record.resultsSettings(board.id)), resent, deliveries: await deps.record.webhookList(board.id, input.limit ?? 50) };
    },
  },
} satisfies { [T in TaskName]: { schema: (typeof taskSchemas)[T]; run: (deps: Deps, input: TaskArgs<T>, ctx: TaskContext) => Promise<unknown> } };
