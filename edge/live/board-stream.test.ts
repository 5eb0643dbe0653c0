import { describe, expect, it } from 'vitest';
import { streamViewSchema, type LiveEntry } from '../../core/index.ts';
import { entryInView, frame, shiftRank } from './board-stream.ts';

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
