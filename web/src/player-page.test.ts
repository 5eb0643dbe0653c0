import { describe, expect, it } from 'vitest';
import type { Entry } from './api.ts';
import { filterBoards } from './board-header.ts';
import { parseEmbed } from './embed/params.ts';
import { nameOf } from './entries-table.ts';
import { friendsSummary } from './friends.ts';

const entry = (playerId: string, extra: Record<string, unknown> = {}): Entry => ({ rank: 1, playerId, score: 1, achievedAt: '2026-11-23T00:00:00Z', metadata: null, ...extra });

describe('player page text', () => {
  it('shows a display name when there is a non-blank one, else the id', () => {
    expect(nameOf(entry('alice', { displayName: 'Alice L.' }))).toBe('Alice L.');
    expect(nameOf(entry('alice', { displayName: '  ' }))).toBe('alice');
    expect(nameOf(entry('alice', { displayName: null }))).toBe('alice');
    expect(nameOf(entry('alice'))).toBe('alice');
  });

  it('says who has no score among friends, and never "nobody" when all have one', () => {
    expect(friendsSummary(['a', 'b'], ['b', 'a'])).toBe('All 2 have a score in this period.');
    expect(friendsSummary(['a'], ['a'])).toBe('a has a score in this period.');
    expect(friendsSummary(['a', 'b', 'c'], ['a'])).toBe('No score in this period for 2 of them: b, c.');
    expect(friendsSummary(['a', 'b'], ['a'])).toBe('No score in this period for b.');
    expect(friendsSummary(['a', 'b'], [])).toBe('None of them has a score in this period.');
  });

  it('finds boards by every word of the query, in id or name', () => {
    const boards = [{ id: 'weekly-race', name: 'Weekly race' }, { id: 'spring', name: 'Spring cup' }, { id: 'cup-2', name: 'Autumn' }];
    expect(filterBoards(boards, 'cup').map((b) => b.id)).toEqual(['spring', 'cup-2']);
    expect(filterBoards(boards, 'SPRING cup').map((b) => b.id)).toEqual(['spring']);
    expect(filterBoards(boards, '  ')).toHaveLength(3);
  });
});

describe('widget address', () => {
  it('reads the board from the path, view=top:N and the theme', () => {
    expect(parseEmbed('/embed/weekly', '?view=top:5&theme=dark')).toEqual({ board: 'weekly', top: 5, theme: 'dark', problem: null });
    expect(parseEmbed('/embed/weekly/', '')).toEqual({ board: 'weekly', top: 10, theme: null, problem: null });
    expect(parseEmbed('/embed.html', '?board=daily&theme=blue')).toMatchObject({ board: 'daily', theme: null, problem: null });
  });

  it('names what is wrong', () => {
    expect(parseEmbed('/embed/Not!Valid', '').problem).toContain('needs a board');
    expect(parseEmbed('/embed/weekly', '?view=top:500').problem).toContain('Unknown view');
    expect(parseEmbed('/embed/weekly', '?view=around:me').problem).toContain('Unknown view');
  });
});
