import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramRanges, rankKeyRange } from './histogram.ts';
import { encodeRankKey } from './rank-key.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describe('histogramRanges', () => {
  it('splits the span into equal integer buckets, the last one ending at the maximum', () => {
    expect(histogramRanges(0, 99, 4)).toEqual([
      { from: 0, to: 24 },
      { from: 25, to: 49 },
      { from: 50, to: 74 },
      { from: 75, to: 99 },
    ]);
    expect(histogramRanges(1, 10, 3)).toEqual([
      { from: 1, to: 4 },
      { from: 5, to: 8 },
      { from: 9, to: 10 },
    ]);
  });

  it('gives fewer buckets than asked when there are fewer distinct scores', () => {
    expect(histogramRanges(7, 7, 10)).toEqual([{ from: 7, to: 7 }]);
    expect(histogramRanges(-1, 1, 10)).toEqual([{ from: -1, to: -1 }, { from: 0, to: 0 }, { from: 1, to: 1 }]);
  });

  it('covers the whole score space exactly, without overflow', () => {
    const r = histogramRanges(-MAX, MAX, 3);
    expect(r[0]!.from).toBe(-MAX);
    expect(r.at(-1)!.to).toBe(MAX);
    for (const x of r) expect(Number.isSafeInteger(x.from) && Number.isSafeInteger(x.to)).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(histogramRanges(5, 4, 3)).toEqual([]);
    expect(histogramRanges(0, 10, 0)).toEqual([]);
  });

  it('tiles [min, max]: consecutive, non-empty, at most n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 50 }), (min, len, n) => {
        const r = histogramRanges(min, min + len, n);
        expect(r.length).toBeGreaterThan(0);
        expect(r.length).toBeLessThanOrEqual(n);
        expect(r[0]!.from).toBe(min);
        expect(r.at(-1)!.to).toBe(min + len);
        for (let i = 0; i < r.length; i++) {
          expect(r[i]!.from).toBeLessThanOrEqual(r[i]!.to);
          if (i > 0) expect(r[i]!.from).toBe(r[i - 1]!.to + 1);
        }
      }),
    );
  });
});

describe('rankKeyRange', () => {
  /** What ZLEXCOUNT does with the bounds: is the member inside? */
  const inside = ([lo, hi]: [string, string], member: string) => member >= lo.slice(1) && (hi === '+' || member < hi.slice(1));

  it('holds exactly the rank keys whose score is in the range, on both sorts (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: -MAX, max: MAX }),
        fc.integer({ min: -MAX, max: MAX }),
        fc.integer({ min: -MAX, max: MAX }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (sort, a, b, score, at, player) => {
          const range = { from: Math.min(a, b), to: Math.max(a, b) };
          const member = encodeRankKey(sort, { score, achievedAtMs: at, playerId: player });
          expect(inside(rankKeyRange(sort, range), member)).toBe(score >= range.from && score <= range.to);
        },
      ),
    );
  });

  it('includes the range edges and excludes their neighbours', () => {
    for (const sort of ['asc', 'desc'] as const) {
      const key = (score: number) => encodeRankKey(sort, { score, achievedAtMs: 1, playerId: 'p' });
      const r = rankKeyRange(sort, { from: 10, to: 20 });
      expect([9, 10, 20, 21].map((s) => inside(r, key(s)))).toEqual([false, true, true, false]);
      expect(inside(rankKeyRange(sort, { from: MAX - 1, to: MAX }), key(MAX))).toBe(true);
      expect(inside(rankKeyRange(sort, { from: -MAX, to: -MAX + 1 }), key(-MAX))).toBe(true);
    }
  });
});
