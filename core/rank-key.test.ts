import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRankKey, encodeRankKey, type RankKeyParts } from './rank-key.ts';
import { encodeCursor, parseCursor } from './cursor.ts';

const score = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const entry = fc.record({
  score: fc.oneof(score, fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, 2 ** 53 - 2)),
  achievedAtMs: fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }),
  playerId: fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,20}$/),
});

/** The rank order docs/api.md defines, written directly. */
function expectedOrder(sort: 'asc' | 'desc', a: RankKeyParts, b: RankKeyParts): number {
  if (a.score !== b.score) return sort === 'desc' ? Math.sign(b.score - a.score) : Math.sign(a.score - b.score);
  if (a.achievedAtMs !== b.achievedAtMs) return Math.sign(a.achievedAtMs - b.achievedAtMs);
  return a.playerId < b.playerId ? -1 : a.playerId > b.playerId ? 1 : 0;
}

describe('rank key', () => {
  for (const sort of ['desc', 'asc'] as const) {
    it(`orders like docs/api.md on a ${sort} board, exactly across the safe range`, () => {
      fc.assert(
        fc.property(entry, entry, (a, b) => {
          const ka = encodeRankKey(sort, a);
          const kb = encodeRankKey(sort, b);
          const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
          expect(byKey).toBe(expectedOrder(sort, a, b));
        }),
        { numRuns: 2000 },
      );
    });

    it(`round-trips on a ${sort} board`, () => {
      fc.assert(
        fc.property(entry, (e) => {
          expect(decodeRankKey(sort, encodeRankKey(sort, e))).toEqual(e);
        }),
      );
    });
  }

  it('separates neighbouring scores at the edge of the safe range', () => {
    const top = encodeRankKey('desc', { score: 2 ** 53 - 1, achievedAtMs: 5, playerId: 'a' });
    const next = encodeRankKey('desc', { score: 2 ** 53 - 2, achievedAtMs: 1, playerId: 'a' });
    expect(top < next).toBe(true);
    expect(decodeRankKey('desc', top)?.score).toBe(9007199254740991);
  });

  it('rejects malformed keys and cursors', () => {
    expect(decodeRankKey('desc', 'zz')).toBeNull();
    expect(parseCursor('not a cursor!')).toBeNull();
    expect(parseCursor(encodeCursor({ kind: 'live', period: null, rankKey: 'x'.repeat(30) }))).toBeNull();
    const key = encodeRankKey('asc', { score: -3, achievedAtMs: 1, playerId: 'p@x' });
    expect(parseCursor(encodeCursor({ kind: 'live', period: null, rankKey: key }))).toEqual({ kind: 'live', period: null, rankKey: key });
  });
});
