import { describe, expect, it } from 'vitest';
import { eachInTime, periodBudgetMs } from './in-time.ts';

/** A clock that each item advances by its own cost. */
function clock(startMs: number) {
  let left = startMs;
  return { remainingMs: () => left, spend: (ms: number) => (left -= ms) };
}

describe('eachInTime', () => {
  it('runs every item while there is time, in order', async () => {
    const c = clock(10_000);
    const out = await eachInTime(['a', 'b', 'c'], () => 1000, c.remainingMs, async (x) => (c.spend(100), x.toUpperCase()));
    expect(out).toEqual({ done: ['A', 'B', 'C'], skipped: [] });
  });

  it('stops before an item that does not fit, and reports the rest as skipped', async () => {
    const c = clock(2500);
    const seen: string[] = [];
    const out = await eachInTime(['p1', 'p2', 'p3', 'p4'], () => 1000, c.remainingMs, async (x) => (seen.push(x), c.spend(800), x));
    expect(seen).toEqual(['p1', 'p2']);
    expect(out).toEqual({ done: ['p1', 'p2'], skipped: ['p3', 'p4'] });
  });

  it('runs nothing when even the first item does not fit', async () => {
    const out = await eachInTime([1, 2], () => 1000, () => 999, async (x) => x);
    expect(out).toEqual({ done: [], skipped: [1, 2] });
  });

  it('passes the slowest item so far to the budget', async () => {
    const seen: number[] = [];
    await eachInTime([1, 2, 3], (slowest) => (seen.push(slowest), 0), () => 1, async () => new Promise((r) => setTimeout(r, 20)));
    expect(seen[0]).toBe(0);
    expect(seen[2]!).toBeGreaterThanOrEqual(seen[1]!);
    expect(seen[1]!).toBeGreaterThan(0);
  });
});

describe('periodBudgetMs', () => {
  it('is at least a second, or half again the slowest period', () => {
    expect(periodBudgetMs(0)).toBe(1000);
    expect(periodBudgetMs(2000)).toBe(3000);
  });
});
