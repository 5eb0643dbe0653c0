import { describe, expect, it } from 'vitest';
import { decodeLivePoke, encodeLivePoke, streamViewSchema, type LiveEntry, type LivePoke } from '../../core/index.ts';
import { entryInView, frame, pokeAction, shiftRank } from './board-stream.ts';

const entry = (playerId: string, rank: number | null, previousRank: number | null): LiveEntry => ({ seq: 7, playerId, score: 1, rank, previousRank });

describe('live views', () => {
  it('parses top, around and ids views, and refuses anything else', () => {
    expect(streamViewSchema.parse(undefined)).toEqual({ kind: 'top', n: 10 });
    expect(streamViewSchema.parse('top:1000')).toEqual({ kind: 'top', n: 1000 });
    expect(streamViewSchema.parse('around:ada:lovelace')).toEqual({ kind: 'around', playerId: 'ada:lovelace' });
    expect(streamViewSchema.parse('ids:a,b,a')).toEqual({ kind: 'ids', ids: ['a', 'b'] });
    for (const bad of ['top:0', 'top:1001', 'top:x', 'around:', 'ids:', 'ids:a b', 'all']) expect(streamViewSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('sends a top:N watcher the changes within the top N, before or after', () => {
    const top = { kind: 'top', n: 3 } as const;
    expect(entryInView(top, entry('a', 2, 9), null)).toBe(true);
    expect(entryInView(top, entry('a', 5, 3), null)).toBe(true); // left the top 3
    expect(entryInView(top, entry('a', 5, null), null)).toBe(false);
    expect(entryInView(top, entry('a', 4, 6), null)).toBe(false);
  });

  it('sends an around watcher the changes that touch the positions near the player', () => {
    const around = { kind: 'around', playerId: 'me' } as const;
    expect(entryInView(around, entry('me', 40, 50), null)).toBe(true);
    expect(entryInView(around, entry('x', 1, null), 20)).toBe(true); // a new entry above pushes the window
    expect(entryInView(around, entry('x', 1, 10), 20)).toBe(false);
    expect(entryInView(around, entry('x', 30, 31), 20)).toBe(false);
    expect(entryInView(around, entry('x', 24, 40), 20)).toBe(true);
    expect(entryInView(around, entry('x', 3, 4), null)).toBe(false);
  });
});

describe('watched positions', () => {
  it('moves a watched player down one and reports an overtaking when passed from below', () => {
    expect(shiftRank(5, entry('x', 3, 8))).toEqual({ rank: 6, overtaken: true });
    expect(shiftRank(5, entry('x', 5, null))).toEqual({ rank: 6, overtaken: true });
    expect(shiftRank(5, entry('x', 6, null))).toEqual({ rank: 5, overtaken: false });
    expect(shiftRank(5, entry('x', 1, 4))).toEqual({ rank: 5, overtaken: false }); // above already
  });

  it('moves a watched player up one when someone above drops below', () => {
    expect(shiftRank(5, entry('x', 7, 2))).toEqual({ rank: 4, overtaken: false });
    expect(shiftRank(5, entry('x', 4, 2))).toEqual({ rank: 5, overtaken: false });
    expect(shiftRank(5, entry('x', null, 2))).toEqual({ rank: 5, overtaken: false });
  });

  it('writes SSE frames, with an id only when given', () => {
    expect(frame('entry', { a: 1 }, 42)).toBe('event: entry\nid: 42\ndata: {"a":1}\n\n');
    expect(frame('period', { p: 'x' })).toBe('event: period\ndata: {"p":"x"}\n\n');
  });
});

describe("a poke with the write's event", () => {
  const poke = (prev: number, seq: number, period = '2026-12'): LivePoke => ({ period, event: { seq, prev, playerId: 'p', score: 1, rank: 1, previousRank: null } });
  const at = { period: '2026-12', cursor: 10 };

  it('is applied at once when it directly follows the last event applied', () => {
    expect(pokeAction(at, poke(10, 11))).toBe('apply');
    expect(pokeAction(at, poke(10, 57))).toBe('apply'); // a version may jump to the record's seq
  });

  it('pulls on a gap: events of other paths, or a change no event describes, came in between', () => {
    expect(pokeAction(at, poke(11, 12))).toBe('pull');
    expect(pokeAction(at, poke(40, 41))).toBe('pull');
  });

  it('pulls when the event belongs to another period, and ignores one a pull already applied', () => {
    expect(pokeAction(at, poke(10, 11, '2027-01'))).toBe('pull');
    expect(pokeAction({ period: '', cursor: 0 }, poke(0, 1))).toBe('pull');
    expect(pokeAction(at, poke(9, 10))).toBe('skip');
    expect(pokeAction(at, poke(3, 4))).toBe('skip');
  });

  it('travels in a header the origin sets, URI-encoded; a malformed one is ignored (the object pulls)', () => {
    const p: LivePoke = { period: 'all', event: { seq: 5, prev: 4, playerId: 'ada', displayName: 'Ada Lovelace ✓', score: 99, rank: 2, previousRank: 3 } };
    const header = encodeLivePoke(p);
    expect(header).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeLivePoke(header)).toEqual(p);
    expect(decodeLivePoke(null)).toBeNull();
    for (const bad of ['%E0%A4%A', 'not json', encodeURIComponent('{"period":"all"}'), encodeURIComponent(JSON.stringify({ ...p, event: { ...p.event, prev: -1 } }))]) expect(decodeLivePoke(bad), bad).toBeNull();
  });
});
