import { describe, expect, it } from 'vitest';
import type { Entry } from './api.ts';
import { changedPlayers, describeChanges, shownOf } from './entries-table.ts';

const entry = (rank: number, playerId: string, score: number): Entry => ({ rank, playerId, score, achievedAt: '2026-11-23T00:00:00Z', metadata: null });

describe('changed rows', () => {
  it('marks nothing on a first render', () => {
    expect(changedPlayers(null, [entry(1, 'a', 5)]).size).toBe(0);
  });

  it('marks new players and moved scores or ranks, not the rest', () => {
    const before = shownOf([entry(1, 'a', 9), entry(2, 'b', 5), entry(3, 'c', 1)]);
    const after = [entry(1, 'new', 20), entry(2, 'a', 9), entry(3, 'b', 7)];
    expect([...changedPlayers(before, after)].sort()).toEqual(['a', 'b', 'new']);
    expect([...changedPlayers(before, [entry(1, 'a', 9), entry(2, 'b', 5)])]).toEqual([]);
  });

  it('describes changes for screen readers, briefly', () => {
    const entries = [entry(1, 'a', 9), entry(2, 'b', 5), entry(3, 'c', 4), entry(4, 'd', 3), entry(5, 'e', 2)];
    expect(describeChanges(entries, new Set(['a']))).toBe('Updated: a is now #1 with 9.');
    expect(describeChanges(entries, new Set(['a', 'b', 'c', 'd', 'e']))).toContain('2 more changed');
    expect(describeChanges(entries, new Set())).toBe('');
  });
});
