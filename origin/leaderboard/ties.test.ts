import { describe, expect, it } from 'vitest';
import type { RankedRecordEntry } from '../record/types.ts';
import { renumberEach, renumberRun, type TieRanker } from './ties.ts';

const entry = (rank: number, score: number): RankedRecordEntry => ({ rank, score, playerId: `p${rank}`, achievedAt: '', achievedAtMs: 0, metadata: null, seq: 1 });

/** A board's scores in rank order (desc), and the true numbers of each mode computed directly. */
const scores = [50, 40, 40, 40, 30, 30, 20, 10, 10];
const truth = (mode: 'competition' | 'dense', score: number) =>
  1 + (mode === 'competition' ? scores.filter((s) => s > score).length : new Set(scores.filter((s) => s > score)).size);
const ranker: TieRanker = async (mode, list) => list.map((s) => truth(mode, s));
const all = scores.map((s, i) => entry(i + 1, s));

describe('tie numbering', () => {
  it('numbers every window of a board the same as counting directly, keeping the order and the ordinal position', async () => {
    for (const mode of ['competition', 'dense'] as const) {
      for (let from = 0; from < all.length; from++) {
        for (let to = from + 1; to <= all.length; to++) {
          const run = (await renumberRun(mode, all.slice(from, to), ranker))!;
          expect(run.map((e) => e.rank)).toEqual(scores.slice(from, to).map((s) => truth(mode, s)));
          expect(run.map((e) => e.position)).toEqual(all.slice(from, to).map((e) => e.rank));
        }
      }
      const each = (await renumberEach(mode, [all[8]!, all[2]!, all[5]!], ranker))!;
      expect(each.map((e) => e.rank)).toEqual([10, 40, 30].map((s) => truth(mode, s)));
    }
    expect((await renumberRun('competition', all, ranker))!.map((e) => e.rank)).toEqual([1, 2, 2, 2, 5, 5, 7, 8, 8]);
    expect((await renumberRun('dense', all, ranker))!.map((e) => e.rank)).toEqual([1, 2, 2, 2, 3, 3, 4, 5, 5]);
  });

  it('leaves ordinal pages alone and passes on a store that cannot say', async () => {
    expect(await renumberRun('ordinal', all, ranker)).toBe(all);
    expect(await renumberRun('dense', all, async () => null)).toBeNull();
    expect(await renumberEach('competition', all, async () => null)).toBeNull();
  });
});
