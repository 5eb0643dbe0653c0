import { describe, expect, it } from 'vitest';
import { describeMove, loadRanks, mergeRanks, movesSince, RankMemory, saveRanks } from './rank-memory.ts';

const memoryStore = () => {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
};
const e = (playerId: string, rank: number) => ({ playerId, rank });

describe('rank movement', () => {
  it('counts places gained and lost, and marks newcomers only when there was something before', () => {
    const before = new Map([['a', 1], ['b', 2], ['c', 3]]);
    expect(movesSince(before, [e('c', 1), e('a', 2), e('d', 3), e('b', 4)])).toEqual(new Map<string, number | string>([['c', 2], ['a', -1], ['d', 'new'], ['b', -2]]));
    expect(movesSince(new Map(), [e('a', 1)]).size).toBe(0);
  });

  it('words moves for screen readers', () => {
    expect([describeMove(2), describeMove(-1), describeMove('new'), describeMove(0), describeMove(undefined)]).toEqual(['up 2', 'down 1', 'new', '', '']);
  });

  it('merges ranks with the most recent last, capped', () => {
    const merged = mergeRanks(new Map([['a', 1], ['b', 2], ['c', 3]]), [e('a', 5), e('d', 4)], 3);
    expect([...merged]).toEqual([['c', 3], ['a', 5], ['d', 4]]);
  });

  it('remembers per board and period, and forgets another period or a broken value', () => {
    const store = memoryStore();
    saveRanks('weekly', '2026-W48', new Map([['a', 1]]), store);
    expect(loadRanks('weekly', '2026-W48', store)).toEqual(new Map([['a', 1]]));
    expect(loadRanks('weekly', '2026-W49', store).size).toBe(0);
    expect(loadRanks('daily', '2026-W48', store).size).toBe(0);
    store.setItem('lb.ranks.v1.weekly', '{not json');
    expect(loadRanks('weekly', '2026-W48', store).size).toBe(0);
    expect(loadRanks('weekly', '2026-W48', null).size).toBe(0);
  });

  it('compares a visit with the last one, then each render that changes a rank with the one before', () => {
    const store = memoryStore();
    new RankMemory('b', 'all', store).see([e('a', 1), e('b', 2)]);
    const visit = new RankMemory('b', 'all', store);
    expect(visit.see([e('b', 1), e('a', 2)])).toEqual(new Map([['b', 1], ['a', -1]]));
    // The same standings again (a poll, the live stream's first refetch): the moves stay.
    expect(visit.see([e('b', 1), e('a', 2)])).toEqual(new Map([['b', 1], ['a', -1]]));
    // A change counts from the render before it.
    expect(visit.see([e('a', 1), e('b', 2), e('c', 3)])).toEqual(new Map<string, number | string>([['a', 1], ['b', -1], ['c', 'new']]));
    // Another table of the same board adds its players without losing these.
    new RankMemory('b', 'all', store).see([e('z', 40)]);
    expect(loadRanks('b', 'all', store)).toEqual(new Map([['a', 1], ['b', 2], ['c', 3], ['z', 40]]));
  });
});
