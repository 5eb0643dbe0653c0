/** GET /api/boards/{board}/histogram: the score distribution, counted without scanning entries. */
import { histogramRanges, type Histogram, type ScoreRange } from '../../core/index.ts';
import { loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { readThrough } from './read-through.ts';

type Counted = Histogram['buckets'];

const withCounts = (ranges: ScoreRange[], counts: number[]): Counted => ranges.map((r, i) => ({ ...r, count: counts[i] ?? 0 }));

/**
 * `buckets` equal-width ranges from the lowest to the highest score. From the projection: the
 * span, then one ZLEXCOUNT per range (core/histogram.ts); from the record the same two steps in SQL.
 */
export async function scoreHistogram(deps: Deps, id: string, q: { buckets: number; period?: string | undefined }): Promise<Histogram> {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const buckets = await readThrough<Counted>(
    deps,
    board,
    period,
    async (p) => {
      const span = await p.scoreSpan();
      if (span === null) return null;
      if (span.total === 0) return [];
      const ranges = histogramRanges(span.min, span.max, q.buckets);
      const counts = await p.rangeCounts(ranges);
      return counts && withCounts(ranges, counts);
    },
    async () => {
      const span = await deps.record.scoreSpan(board.id, period);
      if (span.total === 0 || span.min === null || span.max === null) return [];
      const ranges = histogramRanges(span.min, span.max, q.buckets);
      return withCounts(ranges, await deps.record.rangeCounts(board.id, period, ranges));
    },
  );
  // The total is the buckets' sum, so the answer is consistent with itself even if a write landed between the two steps.
  return { board: board.id, period, total: buckets.reduce((n, b) => n + b.count, 0), buckets };
}
