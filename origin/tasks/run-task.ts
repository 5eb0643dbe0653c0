/** Runs one maintenance task from an invocation payload `{ "task": name, ...arguments }`. */
import { ApiError, issuesToDetails, type ErrorEnvelope } from '../../core/index.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { publish } from '../metrics.ts';
import { TASK_NAMES as taskNames, type TaskName } from './schemas.ts';
import { tasks, type TaskContext } from './tasks.ts';

export type TaskResult =
  | { ok: true; task: TaskName; result: unknown }
  | { ok: false; task: string | null; error: ErrorEnvelope['error'] };

/**
 * Never throws: a failed task is a result with the API's error shape, logged with its request id.
 * `remainingMs` is the invocation's time left (Lambda's `context.getRemainingTimeInMillis`), so
 * that a long task can stop early and leave the rest to its next run.
 */
export async function runTask(deps: Deps, event: unknown, remainingMs: () => number = () => Number.POSITIVE_INFINITY): Promise<TaskResult> {
  const payload = typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : {};
  const { task: requested, ...args } = payload;
  const name = taskNames.find((t) => t === requested) ?? null;
  const started = performance.now();
  try {
    if (!name) throw new ApiError('invalid_request', `Unknown task; expected one of: ${taskNames.join(', ')}`);
    const task = tasks[name];
    const parsed = task.schema.safeParse(args);
    if (!parsed.success) throw new ApiError('invalid_request', `Invalid arguments for task "${name}"`, issuesToDetails(parsed.error.issues));
    const result = await (task.run as (d: Deps, a: unknown, ctx: TaskContext) => Promise<unknown>)(deps, parsed.data, { remainingMs });
    deps.log('info', 'task done', { task: name, ms: Math.round(performance.now() - started) });
    return { ok: true, task: name, result };
  } catch (err) {
    const api = err instanceof ApiError ? err : new ApiError('internal', 'Internal error');
    deps.log(api.status >= 500 ? 'error' : 'warn', 'task failed', { task: name, code: api.code, error: err instanceof Error ? err.message : String(err) });
    deps.metrics?.count('Errors');
    if (api.status >= 500) deps.metrics?.count('ServerErrors');
    if (deps.metrics) deps.metrics.errorCode = api.code;
    return { ok: false, task: typeof requested === 'string' ? requested : null, error: api.toEnvelope('').error };
  } finally {
    // One EMF line per invocation, with the task's counters and gauges (origin/metrics.ts).
    if (deps.metrics) publish(deps.metrics, `task ${name ?? 'unknown'}`);
  }
}
