import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardConfigSchema } from './schemas.ts';
import { percentileCut, tierBounds, tierOf, tiersSchema, type Tiers } from './tiers.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const board = { name: 'b', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' } as const;

const scoreTiers: Tiers = { by: 'score', tiers: [{ name: 'gold', score: 1000 }, { name: 'silver', score: 500 }, { name: 'bronze', score: 0 }] };
const pctTiers: Tiers = { by: 'percentile', tiers: [{ name: 'top1', top: 1 }, { name: 'top10', top: 10 }, { name: 'top50', top: 50 }] };

describe('tier config', () => {
  it('takes score and percentile tiers', () => {
    expect(boardConfigSchema.safeParse({ ...board, tiers: scoreTiers }).success).toBe(true);
    expect(boardConfigSchema.safeParse({ ...board, tiers: pctTiers }).success).toBe(true);
    expect(boardConfigSchema.safeParse({ ...board, sort: 'asc', tiers: { by: 'score', tiers: [{ name: 'fast', score: 60000 }, { name: 'ok', score: 120000 }] } }).success).toBe(true);
    expect(boardConfigSchema.safeParse({ ...board, tiers: null }).success).toBe(true);
  });

  it.each([
    ['an unknown kind', { by: 'rank', tiers: [{ name: 'a', top: 1 }] }],
    ['no tiers', { by: 'score', tiers: [] }],
    ['a duplicate name', { by: 'score', tiers: [{ name: 'a', score: 2 }, { name: 'a', score: 1 }] }],
    ['a bad name', { by: 'score', tiers: [{ name: 'a b', score: 2 }] }],
    ['a fractional score', { by: 'score', tiers: [{ name: 'a', score: 1.5 }] }],
    ['an unsafe score', { by: 'score', tiers: [{ name: 'a', score: 2 ** 53 }] }],
    ['an unknown key', { by: 'score', tiers: [{ name: 'a', score: 1, top: 1 }] }],
    ['a percentile of 0', { by: 'percentile', tiers: [{ name: 'a', top: 0 }] }],
    ['a percentile over 100', { by: 'percentile', tiers: [{ name: 'a', top: 100.5 }] }],
    ['three decimals', { by: 'percentile', tiers: [{ name: 'a', top: 0.125 }] }],
    ['percentiles out of order', { by: 'percentile', tiers: [{ name: 'a', top: 10 }, { name: 'b', top: 5 }] }],
    ['equal percentiles', { by: 'percentile', tiers: [{ name: 'a', top: 10 }, { name: 'b', top: 10 }] }],
    ['21 tiers', { by: 'percentile', tiers: Array.from({ length: 21 }, (_, i) => ({ name: `t${i}`, top: i + 1 })) }],
  ])('refuses %s', (_, tiers) => {
    const r = boardConfigSchema.safeParse({ ...board, tiers });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe('tiers');
  });

  it('refuses score thresholds that do not go from best to worst for the sort', () => {
    expect(boardConfigSchema.safeParse({ ...board, tiers: { by: 'score', tiers: [{ name: 'a', score: 1 }, { name: 'b', score: 2 }] } }).success).toBe(false);
    expect(boardConfigSchema.safeParse({ ...board, sort: 'asc', tiers: scoreTiers }).success).toBe(false);
    expect(boardConfigSchema.safeParse({ ...board, tiers: { by: 'score', tiers: [{ name: 'a', score: 1 }, { name: 'b', score: 1 }] } }).success).toBe(false);
  });
});

describe('tierOf', () => {
  it('gives score tiers by threshold, the threshold itself included', () => {
    const at = (score: number) => tierOf(scoreTiers, 'desc', { score, position: 1 }, 1);
    expect([at(MAX), at(1000), at(999), at(500), at(499), at(0), at(-1)]).toEqual(['gold', 'gold', 'silver', 'silver', 'bronze', 'bronze', null]);
    const asc: Tiers = { by: 'score', tiers: [{ name: 'fast', score: 10 }, { name: 'ok', score: 20 }] };
    const t = (score: number) => tierOf(asc, 'asc', { score, position: 1 }, 1);
    expect([t(-MAX), t(10), t(11), t(20), t(21)]).toEqual(['fast', 'fast', 'ok', 'ok', null]);
  });

  it('gives percentile tiers by position: the cut of top P is ceil(total × P / 100)', () => {
    expect(percentileCut(1, 1000)).toBe(10);
    expect(percentileCut(1, 1001)).toBe(11);
    expect(percentileCut(1, 10)).toBe(1);
    expect(percentileCut(0.01, 1)).toBe(1);
    expect(percentileCut(100, 7)).toBe(7);
    expect(percentileCut(33.33, 10000)).toBe(3333);
    const at = (position: number) => tierOf(pctTiers, 'desc', { score: 0, position }, 200);
    expect([at(1), at(2), at(3), at(20), at(21), at(100), at(101), at(200)]).toEqual(['top1', 'top1', 'top10', 'top10', 'top50', 'top50', null, null]);
  });

  it('splits equal scores at a percentile cut by position, whatever the score', () => {
    // Two entries with the same score either side of the cut are in different tiers.
    expect(tierOf(pctTiers, 'desc', { score: 5, position: 2 }, 200)).toBe('top1');
    expect(tierOf(pctTiers, 'desc', { score: 5, position: 3 }, 200)).toBe('top10');
  });
});

describe('tierBounds', () => {
  it('gives score ranges that partition the score space from the best threshold', () => {
    expect(tierBounds(scoreTiers, 'desc', 'gold', 0)).toEqual({ by: 'score', range: { from: 1000, to: MAX } });
    expect(tierBounds(scoreTiers, 'desc', 'silver', 0)).toEqual({ by: 'score', range: { from: 500, to: 999 } });
    const asc: Tiers = { by: 'score', tiers: [{ name: 'fast', score: 10 }, { name: 'ok', score: 20 }] };
    expect(tierBounds(asc, 'asc', 'fast', 0)).toEqual({ by: 'score', range: { from: -MAX, to: 10 } });
    expect(tierBounds(asc, 'asc', 'ok', 0)).toEqual({ by: 'score', range: { from: 11, to: 20 } });
    expect(tierBounds(scoreTiers, 'desc', 'nope', 0)).toBeNull();
  });

  it('gives position runs for percentile tiers, empty past the total', () => {
    expect(tierBounds(pctTiers, 'desc', 'top1', 200)).toEqual({ by: 'percentile', from: 1, to: 2 });
    expect(tierBounds(pctTiers, 'desc', 'top10', 200)).toEqual({ by: 'percentile', from: 3, to: 20 });
    expect(tierBounds(pctTiers, 'desc', 'top50', 0)).toEqual({ by: 'percentile', from: 1, to: 0 });
  });

  const tiersArb = fc.oneof(
    fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 6 }).map(
      (xs): Tiers => ({ by: 'score', tiers: [...xs].sort((a, b) => b - a).map((score, i) => ({ name: `s${i}`, score })) }),
    ),
    fc.uniqueArray(fc.integer({ min: 1, max: 10000 }), { minLength: 1, maxLength: 6 }).map(
      (xs): Tiers => ({ by: 'percentile', tiers: [...xs].sort((a, b) => a - b).map((h, i) => ({ name: `p${i}`, top: h / 100 })) }),
    ),
  );

  it('agrees with tierOf: an entry is in the bounds of exactly the tier it shows (property)', () => {
    fc.assert(
      fc.property(tiersArb, fc.array(fc.integer({ min: -1200, max: 1200 }), { minLength: 1, maxLength: 300 }), (tiers, raw) => {
        expect(tiersSchema.safeParse(tiers).success).toBe(true);
        const scores = [...raw].sort((a, b) => b - a);
        const total = scores.length;
        scores.forEach((score, i) => {
          const shown = tierOf(tiers, 'desc', { score, position: i + 1 }, total);
          for (const t of tiers.tiers) {
            const b = tierBounds(tiers, 'desc', t.name, total)!;
            const inside = b.by === 'score' ? score >= b.range.from && score <= b.range.to : i + 1 >= b.from && i + 1 <= b.to;
            expect(inside).toBe(shown === t.name);
          }
        });
      }),
    );
  });

  it('percentile tiers are runs of the order that only grow with the total (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 0, max: 10_000_000 }), (h, total) => {
        const cut = percentileCut(h / 100, total);
        // The smallest count of entries that is at least top percent of the total, in exact integers.
        expect(cut * 10000).toBeGreaterThanOrEqual(total * h);
        expect(cut === 0 || (cut - 1) * 10000 < total * h).toBe(true);
        expect(percentileCut(h / 100, total + 1)).toBeGreaterThanOrEqual(cut);
      }),
    );
  });
});
