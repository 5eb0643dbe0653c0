import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCursor, encodeHistoryCursor, isValidCursor, parseCursor, parseHistoryCursor, type PageCursor } from './cursor.ts';
import { encodeRankKey } from './rank-key.ts';

const b64 = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const period = fc.constantFrom('all', '2026-12-01', '2026-W49', '2026-12');
const rankKey = fc
  .record({
    sort: fc.constantFrom('asc' as const, 'desc' as const),
    score: fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    achievedAtMs: fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }),
    playerId: fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,128}$/),
  })
  .map(({ sort, ...parts }) => encodeRankKey(sort, parts));
const cursor: fc.Arbitrary<PageCursor> = fc.oneof(
  fc.record({ kind: fc.constant('snapshot' as const), snapshotId: fc.stringMatching(/^[0-9a-f]{16}$/), period, offset: fc.integer({ min: 0, max: 1_000_000_000 }) }),
  fc.record({ kind: fc.constant('live' as const), period: fc.option(period, { nil: null }), rankKey }),
);

describe('page cursors', () => {
  it('round-trip every snapshot and live position, and fit the query limit', () => {
    fc.assert(
      fc.property(cursor, (c) => {
        const text = encodeCursor(c);
        expect(text).toMatch(/^[A-Za-z0-9_-]{1,400}$/);
        expect(parseCursor(text)).toEqual(c);
        expect(isValidCursor(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse anything encodeCursor could not have made', () => {
    const key = encodeRankKey('desc', { score: 5, achievedAtMs: 1, playerId: 'c01' });
    for (const bad of [
      '',
      'not a cursor!',
      b64('s1.0123456789abcdef.all'), // no offset
      b64('s1.0123456789ABCDEF.all.0'), // upper-case id
      b64('s1.0123456789abcde.all.0'), // short id
      b64('s1.0123456789abcdef.all.-1'),
      b64('s1.0123456789abcdef.all.01'),
      b64('s1.0123456789abcdef.all.1000000001'),
      b64('s1.0123456789abcdef.2026-13-x.5'),
      b64('s1.0123456789abcdef.all.5.extra'),
      b64(`k1.all.${key.slice(0, 20)}`),
      b64(`k1..${key}`),
      b64(`k1.nope.${key}`),
      b64(`ffffffffffffff${key.slice(14)}`), // score beyond the safe range
      b64(`${key.slice(0, 26)}bad id`),
      'A'.repeat(401),
    ]) {
      expect(parseCursor(bad), bad).toBeNull();
      expect(isValidCursor(bad)).toBe(false);
    }
  });

  it('never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map(b64)), (text) => {
        const c = parseCursor(text);
        if (c) expect(parseCursor(encodeCursor(c))).toEqual(c);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('history cursors', () => {
  it('round-trip a period and a log sequence number, in every period form', () => {
    fc.assert(
      fc.property(fc.constantFrom('all', '2026-12-01', '2026-W49', '2026-12', '2026-11-23T0600Z'), fc.integer({ min: 1, max: 999_999_999_999_999 }), (p, seq) => {
        const text = encodeHistoryCursor(p, seq);
        expect(text).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
        expect(parseHistoryCursor(text)).toEqual({ period: p, seq });
      }),
    );
  });

  it('refuses anything else, top-list cursors included', () => {
    for (const text of ['', 'forged', b64('h1.all.0'), b64('h1.all.01'), b64('h1.all.-3'), b64('h1.nope.5'), b64('h1.all.5.6'), b64('h2.all.5'), b64('h1.all.1234567890123456'), encodeCursor({ kind: 'live', period: 'all', rankKey: encodeRankKey('desc', { score: 1, achievedAtMs: 0, playerId: 'a' }) })]) {
      expect([text, parseHistoryCursor(text)]).toEqual([text, null]);
    }
  });
});
