import { describe, expect, it } from 'vitest';
import { closeZones, cohortEndsAt, unscoredWords, zoneOf, type Zone } from './cohort-view.ts';

describe('the cohort view', () => {
  it('marks the top `promote` and the bottom `demote`, promotion winning where they overlap', () => {
    const league = { promote: 2, demote: 3 };
    expect(Array.from({ length: 8 }, (_, i) => zoneOf(i + 1, 8, league))).toEqual(['promote', 'promote', null, null, null, 'demote', 'demote', 'demote']);
    expect(Array.from({ length: 4 }, (_, i) => zoneOf(i + 1, 4, league))).toEqual(['promote', 'promote', 'demote', 'demote']);
    expect(Array.from({ length: 2 }, (_, i) => zoneOf(i + 1, 2, { promote: 5, demote: 5 }))).toEqual(['promote', 'promote']);
    expect(zoneOf(1, 3, { promote: 0, demote: 0 })).toBeNull();
    expect(zoneOf(1, 3, null)).toBeNull();
  });

  /**
   * lb_league_close (supabase/migrations/20261202030000_tournaments_cohorts.sql) as written: every
   * member ranked by `e.player_id is null, e.rank_score, …` (members with an entry first, in
   * their order), n the cohort's member count, then `case when rk <= promote … when rk > n - demote`.
   */
  function sqlClose(scored: number, unscored: number, league: { promote: number; demote: number }) {
    const members = [...Array.from({ length: scored }, (_, i) => ({ id: `s${i}`, hasEntry: true, order: i })), ...Array.from({ length: unscored }, (_, i) => ({ id: `u${i}`, hasEntry: false, order: 0 }))];
    const ranked = [...members].sort((a, b) => Number(!a.hasEntry) - Number(!b.hasEntry) || a.order - b.order || (a.id < b.id ? -1 : 1));
    const n = ranked.length;
    return ranked.map((m, i) => {
      const rk = i + 1;
      const move: Zone = rk <= league.promote ? 'promote' : rk > n - league.demote ? 'demote' : null;
      return { ...m, move };
    });
  }

  it('marks the zones the league close applies, members without a score ranked last', () => {
    for (let scored = 0; scored <= 9; scored++) {
      for (let unscored = 0; unscored <= 6; unscored++) {
        for (const league of [{ promote: 2, demote: 3 }, { promote: 1, demote: 1 }, { promote: 4, demote: 4 }, { promote: 0, demote: 5 }, { promote: 10, demote: 0 }]) {
          const want = sqlClose(scored, unscored, league);
          const got = closeZones(scored, { members: scored + unscored, unscored }, league);
          const label = `${scored} scored, ${unscored} unscored, ${JSON.stringify(league)}`;
          expect(got.listed, label).toEqual(want.filter((m) => m.hasEntry).map((m) => m.move));
          const rest = want.filter((m) => !m.hasEntry);
          expect(got.unscored, label).toEqual({
            count: unscored,
            promote: rest.filter((m) => m.move === 'promote').length,
            demote: rest.filter((m) => m.move === 'demote').length,
            stay: rest.filter((m) => m.move === null).length,
          });
        }
      }
    }
  });

  it('takes demotion places from members without a score first', () => {
    // 5 members, 2 of them without a score, bottom 2 move down: no scored member moves down.
    const z = closeZones(3, { members: 5, unscored: 2 }, { promote: 1, demote: 2 });
    expect(z.listed).toEqual(['promote', null, null]);
    expect(z.unscored).toEqual({ count: 2, promote: 0, demote: 2, stay: 0 });
    expect(unscoredWords(z.unscored)).toBe('Moves down');
    // Counting only the scored members would have moved the bottom two of them down.
    expect([1, 2, 3].map((p) => zoneOf(p, 3, { promote: 1, demote: 2 }))).toEqual(['promote', 'demote', 'demote']);
    // One member without a score and demote 2: the lowest scored member moves down too.
    const one = closeZones(3, { members: 4, unscored: 1 }, { promote: 1, demote: 2 });
    expect(one.listed).toEqual(['promote', null, 'demote']);
    // A cohort where nobody scored but the top is promoted: the close promotes by member order.
    const none = closeZones(0, { members: 3, unscored: 3 }, { promote: 1, demote: 1 });
    expect(none.unscored).toEqual({ count: 3, promote: 1, demote: 1, stay: 1 });
    expect(unscoredWords(none.unscored)).toBe('1 move up, 1 move down, 1 stay');
  });

  it('takes the listed entries as the cohort when the page has no member counts', () => {
    expect(closeZones(4, { members: null, unscored: null }, { promote: 1, demote: 1 })).toEqual({ listed: ['promote', null, null, 'demote'], unscored: { count: 0, promote: 0, demote: 0, stay: 0 } });
    // Counts read beside the entries never make fewer members than the entries and the unscored.
    expect(closeZones(4, { members: 3, unscored: 1 }, { promote: 1, demote: 1 }).listed).toEqual(['promote', null, null, null]);
  });

  it('counts down to the period end, or to the board end when that comes first', () => {
    expect(cohortEndsAt({ nextResetAt: '2027-01-08T00:00:00.000Z', endsAt: null })).toBe('2027-01-08T00:00:00.000Z');
    expect(cohortEndsAt({ nextResetAt: '2027-01-08T00:00:00.000Z', endsAt: '2027-01-05T12:00:00.000Z' })).toBe('2027-01-05T12:00:00.000Z');
    expect(cohortEndsAt({ nextResetAt: null, endsAt: null })).toBeNull();
  });
});
