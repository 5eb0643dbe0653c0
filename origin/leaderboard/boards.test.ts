import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import { loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';

const board: RecordBoard = { id: 'b-cfg', name: 'B', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', minScore: null, maxScore: null, cacheSeconds: 5, seq: 0, incarnation: 1, source: null, sourceStatus: null };

function deps(boardOf: () => Promise<RecordBoard | null>): Deps {
  return { record: { board: boardOf }, log: () => undefined } as unknown as Deps;
}

describe('loadBoard', () => {
  it('uses the last known config while the record is unavailable (regression: reads failed with 503 during a Supabase outage)', async () => {
    await loadBoard(deps(async () => board), board.id);
    const realNow = Date.now;
    Date.now = () => realNow() + 10_000; // past the 2 s cache time
    try {
      const down = deps(async () => {
        throw new ApiError('unavailable', 'down');
      });
      expect(await loadBoard(down, board.id)).toEqual(board);
      // Other errors, and boards never seen, still fail.
      await expect(loadBoard(deps(async () => { throw new Error('bug'); }), board.id)).rejects.toThrow('bug');
      await expect(loadBoard(down, 'never-seen')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      Date.now = realNow;
    }
  });
});
