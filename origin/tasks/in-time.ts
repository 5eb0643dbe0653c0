/**
 * The one way a long task stops early: before each item it compares the invocation's time left
 * with what one more item may take, and stops when that does not fit. The items left are
 * reported as skipped, for the next run (a schedule) or for the operator (one at a time).
 */
export interface InTime<T, R> {
  done: R[];
  skipped: T[];
}

/**
 * Runs `run` on each item in order while `remainingMs()` is at least `budgetMs(slowestMs)`,
 * where `slowestMs` is the longest an item has taken so far (0 before the first).
 */
export async function eachInTime<T, R>(items: readonly T[], budgetMs: (slowestMs: number) => number, remainingMs: () => number, run: (item: T) => Promise<R>): Promise<InTime<T, R>> {
  const out: InTime<T, R> = { done: [], skipped: [] };
  let slowest = 0;
  for (const [i, item] of items.entries()) {
    if (remainingMs() < budgetMs(slowest)) {
      out.skipped = items.slice(i);
      break;
    }
    const started = performance.now();
    out.done.push(await run(item));
    slowest = Math.max(slowest, performance.now() - started);
  }
  return out;
}

/** What one more period of a verify or rebuild may take: at least a second, or half again the slowest so far. */
export const periodBudgetMs = (slowestMs: number): number => Math.max(1000, slowestMs * 1.5);
