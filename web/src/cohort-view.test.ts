import { describe, expect, it } from 'vitest';
import { cohortEndsAt, zoneOf } from './cohort-view.ts';

describe('the cohort view', () => {
  it('marks the top `promote` and the bottom `demote`, promotion winning where they overlap', () => {
    const league = { promote: 2, demote: 3 };
    expect(Array.from({ length: 8 }, (_, i) => zoneOf(i + 1, 8, league))).toEqual(['promote', 'promote', null, null, null, 'demote', 'demote', 'demote']);
    expect(Array.from({ length: 4 }, (_, i) => zoneOf(i + 1, 4, league))).toEqual(['promote', 'promote', 'demote', 'demote']);
    expect(Array.from({ length: 2 }, (_, i) => zoneOf(i + 1, 2, { promote: 5, demote: 5 }))).toEqual(['promote', 'promote']);
    expect(zoneOf(1, 3, { promote: 0, demote: 0 })).toBeNull();
    expect(zoneOf(1, 3, null)).toBeNull();
  });

  it('counts down to the period end, or to the board end when that comes first', () => {
    expect(cohortEndsAt({ nextResetAt: '2027-01-08T00:00:00.000Z', endsAt: null })).toBe('2027-01-08T00:00:00.000Z');
    expect(cohortEndsAt({ nextResetAt: '2027-01-08T00:00:00.000Z', endsAt: '2027-01-05T12:00:00.000Z' })).toBe('2027-01-05T12:00:00.000Z');
    expect(cohortEndsAt({ nextResetAt: null, endsAt: null })).toBeNull();
  });
});
