import { describe, expect, it } from 'vitest';
import { countdownOf, rulesLine } from './tournaments.ts';

const rules = { joinRequired: false, maxSize: null, maxAttempts: null, cohortSize: null, cohortBy: null, league: null };

describe('the tournament list', () => {
  it('counts down to the end of a running tournament and to the start of an upcoming one', () => {
    expect(countdownOf({ state: 'active', startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-01-08T00:00:00.000Z' })).toEqual({ label: 'ends in', at: '2027-01-08T00:00:00.000Z' });
    expect(countdownOf({ state: 'upcoming', startsAt: '2027-01-01T00:00:00.000Z', endsAt: null })).toEqual({ label: 'starts in', at: '2027-01-01T00:00:00.000Z' });
    expect(countdownOf({ state: 'active', startsAt: null, endsAt: null })).toBeNull();
    expect(countdownOf({ state: 'ended', startsAt: null, endsAt: '2026-01-01T00:00:00.000Z' })).toBeNull();
  });

  it('says the rules in one line', () => {
    expect(rulesLine({ joined: 3, rules })).toBe('3 players');
    expect(rulesLine({ joined: 12, rules: { ...rules, joinRequired: true, maxSize: 100, maxAttempts: 1, cohortSize: 50, league: { tiers: 5, promote: 10, demote: 10 } } })).toBe(
      '12 / 100 players · join to play · 1 attempt · cohorts of 50 · league of 5 tiers',
    );
  });
});
