import { describe, expect, it } from 'vitest';
import { BOX, bucketOf, histogramBars, rankSparklinePoints, scoreX, sparklinePoints } from './chart-geometry.ts';

const buckets = [
  { from: 0, to: 9, count: 2 },
  { from: 10, to: 19, count: 0 },
  { from: 20, to: 29, count: 8 },
  { from: 30, to: 30, count: 1 },
];

describe('histogram geometry', () => {
  it('draws one bar per bucket across the box, scaled to the fullest, and marks the player\'s', () => {
    const bars = histogramBars(buckets, 25);
    expect(bars.map((b) => b.x)).toEqual([0, 25, 50, 75]);
    expect(bars.every((b) => b.width === BOX.width / 4)).toBe(true);
    expect(bars.map((b) => b.height)).toEqual([10, 0, BOX.height, 5]);
    expect(bars.map((b) => b.mine)).toEqual([false, false, true, false]);
    expect(histogramBars(buckets, null).some((b) => b.mine)).toBe(false);
  });

  it('keeps a lone player visible next to a crowded bucket', () => {
    const bars = histogramBars([{ from: 0, to: 0, count: 1 }, { from: 1, to: 1, count: 1_000_000 }], 0);
    expect(bars[0]!.height).toBe(1);
  });

  it('places the marker inside the player\'s bucket, and nowhere outside the span', () => {
    expect(bucketOf(buckets, 30)).toBe(3);
    expect(bucketOf(buckets, 31)).toBe(-1);
    expect(scoreX(buckets, 0)).toBe(0);
    expect(scoreX(buckets, 9)).toBe(25);
    expect(scoreX(buckets, 20)).toBe(50);
    expect(scoreX(buckets, 30)).toBe(87.5);
    expect(scoreX(buckets, -1)).toBeNull();
    expect(scoreX([], 5)).toBeNull();
  });

  it('handles the ends of the score space', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const wide = [{ from: -max, to: 0, count: 1 }, { from: 1, to: max, count: 3 }];
    expect(scoreX(wide, max)).toBe(BOX.width);
    expect(scoreX(wide, -max)).toBe(0);
  });
});

describe('sparkline geometry', () => {
  const points = [
    { at: '2026-12-02T10:00:00Z', score: 30 },
    { at: '2026-12-02T08:00:00Z', score: 10 },
    { at: '2026-12-02T09:00:00Z', score: 20 },
  ];

  it('runs oldest to newest by time; a better score is higher up whichever way the board sorts', () => {
    expect(sparklinePoints(points, 'up')).toBe('0,38 50,20 100,2');
    expect(sparklinePoints(points, 'down')).toBe('0,2 50,20 100,38');
  });

  it('draws a flat line through equal scores or equal times, and nothing for one point', () => {
    expect(sparklinePoints([{ at: '2026-12-02T08:00:00Z', score: 5 }, { at: '2026-12-02T09:00:00Z', score: 5 }], 'up')).toBe('0,20 100,20');
    expect(sparklinePoints([{ at: '2026-12-02T08:00:00Z', score: 1 }, { at: '2026-12-02T08:00:00Z', score: 2 }], 'up')).toBe('0,38 100,2');
    expect(sparklinePoints([points[0]!], 'up')).toBeNull();
    expect(sparklinePoints([], 'up')).toBeNull();
  });
});

describe('rank sparkline geometry', () => {
  it('rises as the rank improves (a smaller number), and leaves out points without a rank', () => {
    const ranked = [
      { at: '2026-12-02T08:00:00Z', rank: 9 },
      { at: '2026-12-02T09:00:00Z', rank: null },
      { at: '2026-12-02T10:00:00Z', rank: 5 },
      { at: '2026-12-02T12:00:00Z', rank: 1 },
    ];
    expect(rankSparklinePoints(ranked)).toBe('0,38 50,20 100,2');
    expect(rankSparklinePoints([ranked[0]!, ranked[1]!])).toBeNull();
  });
});
