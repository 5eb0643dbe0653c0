/**
 * GET /api/boards/{board}/histogram through the edge, on both Valkey modes: the buckets match a
 * distribution the test computes from the scores it wrote, on both sorts and at the edges of the
 * score space, and the record's counts (the read path for old periods) agree with the projection's.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { histogramRanges, type Histogram, type Sort } from '../../core/index.ts';
import { api, createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

/** The expected answer, counted naively from the scores. */
function expected(scores: number[], buckets: number) {
  if (scores.length === 0) return { total: 0, buckets: [] };
  const ranges = histogramRanges(Math.min(...scores), Math.max(...scores), buckets);
  return { total: scores.length, buckets: ranges.map((r) => ({ ...r, count: scores.filter((s) => s >= r.from && s <= r.to).length })) };
}

async function fill(board: string, scores: number[]) {
  const res = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: scores.map((score, i) => ({ playerId: `p${i}`, score })) } });
  expect(res.status).toBe(200);
  return res.headers.get('x-board-seq') ?? '0';
}

describe('score histogram', () => {
  it('counts every score into its bucket, on both sorts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Sort>('asc', 'desc'),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        async (sort, scores, buckets) => {
          const board = uniqueBoard('hist');
          await createBoard(board, { sort, operator: 'latest' });
          const seq = await fill(board, scores);
          const res = await api<Histogram>('GET', `/api/boards/${board}/histogram?buckets=${buckets}&minSeq=${seq}`);
          expect(res.status).toBe(200);
          expect({ total: res.body.total, buckets: res.body.buckets }).toEqual(expected(scores, buckets));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('handles the ends of the score space and a single score', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board, { sort: 'desc', operator: 'latest' });
    const scores = [-(2 ** 53 - 1), 0, 2 ** 53 - 1, 2 ** 53 - 1];
    const seq = await fill(board, scores);
    const res = await api<Histogram>('GET', `/api/boards/${board}/histogram?buckets=3&minSeq=${seq}`);
    expect(res.body.buckets.map((b) => b.count)).toEqual([1, 1, 2]);
    expect(res.body.buckets[0]!.from).toBe(-(2 ** 53 - 1));
    expect(res.body.buckets[2]!.to).toBe(2 ** 53 - 1);

    const one = uniqueBoard('hist');
    await createBoard(one, { operator: 'latest' });
    const seq1 = await fill(one, [5, 5, 5]);
    expect((await api('GET', `/api/boards/${one}/histogram?minSeq=${seq1}`)).body.buckets).toEqual([{ from: 5, to: 5, count: 3 }]);
  });

  it('answers an empty board with no buckets, and the default of 10', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board);
    const empty = await api<Histogram>('GET', `/api/boards/${board}/histogram`);
    expect([empty.status, empty.body.total, empty.body.buckets]).toEqual([200, 0, []]);
    const seq = await fill(board, Array.from({ length: 100 }, (_, i) => i));
    const res = await api<Histogram>('GET', `/api/boards/${board}/histogram?minSeq=${seq}`);
    expect(res.body.buckets).toHaveLength(10);
    expect(res.body.buckets.every((b) => b.count === 10)).toBe(true);
  });

  it('refuses bad parameters with 400 and the error envelope, cached copy or not', async () => {
    const board = uniqueBoard('hist');
    await createBoard(board);
    await fill(board, [1, 2, 3]);
    expect((await api('GET', `/api/boards/${board}/histogram?buckets=5`)).status).toBe(200);
    for (const q of ['buckets=0', 'buckets=51', 'buckets=abc', 'buckets=5&buckets=99', 'period=' + 'x'.repeat(20)]) {
      const res = await api('GET', `/api/boards/${board}/histogram?${q}`);
      expect([q, res.status, res.body?.error?.code]).toEqual([q, 400, 'invalid_request']);
    }
    expect((await api('GET', `/api/boards/${uniqueBoard('nope')}/histogram`)).status).toBe(404);
    expect((await api('POST', `/api/boards/${board}/histogram`, { token: SERVER(), body: {} })).status).toBe(405);
  });

  it('the record counts the same buckets as the projection', async () => {
    const deps = originDeps(() => new Date());
    const board = uniqueBoard('hist');
    await createBoard(board, { sort: 'desc', operator: 'latest' });
    const scores = [3, 3, 17, -4, 99, 100, 250, 251, 251, 1000];
    const seq = await fill(board, scores);
    const fromEdge = (await api<Histogram>('GET', `/api/boards/${board}/histogram?buckets=7&minSeq=${seq}`)).body;
    const span = await deps.record.scoreSpan(board, fromEdge.period);
    expect(span).toEqual({ total: scores.length, min: -4, max: 1000 });
    const ranges = histogramRanges(span.min!, span.max!, 7);
    expect(await deps.record.rangeCounts(board, fromEdge.period, ranges)).toEqual(fromEdge.buckets.map((b) => b.count));
  });
});
