/**
 * The geometry of the player page's two charts, as plain numbers in a fixed drawing box (the SVG
 * viewBox): no DOM here, so it is unit-tested on its own. The SVGs stretch the box to the width of
 * the page (preserveAspectRatio="none"), so everything drawn is a rectangle or a line.
 */

/** The drawing box of both charts: 100 wide, 40 high. */
export const BOX = { width: 100, height: 40 } as const;

export interface Bucket {
  from: number;
  to: number;
  count: number;
}

export interface Bar {
  x: number;
  width: number;
  height: number;
  /** The viewed player's score is in this bucket. */
  mine: boolean;
}

/** The index of the bucket holding `score`, or -1. */
export const bucketOf = (buckets: Bucket[], score: number): number => buckets.findIndex((b) => score >= b.from && score <= b.to);

/**
 * One bar per bucket, side by side, each as high as its share of the fullest bucket; a bucket with
 * anyone in it is at least 1 high, so it never vanishes next to a crowded one.
 */
export function histogramBars(buckets: Bucket[], score: number | null): Bar[] {
  const most = Math.max(0, ...buckets.map((b) => b.count));
  const width = BOX.width / Math.max(1, buckets.length);
  const mine = score === null ? -1 : bucketOf(buckets, score);
  return buckets.map((b, i) => ({
    x: i * width,
    width,
    height: most === 0 || b.count === 0 ? 0 : Math.max(1, (b.count / most) * BOX.height),
    mine: i === mine,
  }));
}

/** Where `score` lies across the buckets' span, from 0 to BOX.width (the marker line); null outside it. */
export function scoreX(buckets: Bucket[], score: number): number | null {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (!first || !last || score < first.from || score > last.to) return null;
  // Each bucket is drawn equally wide, so place the score inside its own bucket.
  const i = bucketOf(buckets, score);
  const b = buckets[i]!;
  const width = BOX.width / buckets.length;
  const within = b.to === b.from ? 0.5 : (score - b.from) / (b.to - b.from);
  return i * width + within * width;
}

/**
 * The polyline points of a score history, oldest on the left, by time. `better` is 'up' for boards
 * where a higher score is better (sort desc), so the line rises as the player improves on any board.
 * Null with fewer than two points (nothing to draw a line through).
 */
export function sparklinePoints(points: { at: string; score: number }[], better: 'up' | 'down'): string | null {
  return linePoints(points.map((p) => ({ at: p.at, value: p.score })), better);
}

/**
 * The polyline points of a rank history: the same line through the ranks, rising as the rank
 * improves (a smaller number). Points without a rank are left out; null with fewer than two ranked.
 */
export function rankSparklinePoints(points: { at: string; rank: number | null }[]): string | null {
  return linePoints(points.flatMap((p) => (p.rank === null ? [] : [{ at: p.at, value: p.rank }])), 'down');
}

function linePoints(points: { at: string; value: number }[], better: 'up' | 'down'): string | null {
  if (points.length < 2) return null;
  const ordered = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const t0 = Date.parse(ordered[0]!.at);
  const tSpan = Date.parse(ordered.at(-1)!.at) - t0;
  const scores = ordered.map((p) => p.value);
  const lo = Math.min(...scores);
  const sSpan = Math.max(...scores) - lo;
  // A small margin keeps the stroke inside the box at the top and the bottom.
  const pad = 2;
  const inner = BOX.height - 2 * pad;
  return ordered
    .map((p, i) => {
      const x = tSpan > 0 ? ((Date.parse(p.at) - t0) / tSpan) * BOX.width : (i / (ordered.length - 1)) * BOX.width;
      const share = sSpan > 0 ? (p.value - lo) / sSpan : 0.5;
      const y = pad + (better === 'up' ? 1 - share : share) * inner;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (n: number) => Math.round(n * 100) / 100;
