/**
 * Leagues (docs/tournaments.md): cohorts formed within tiers, and at each period close the top
 * `promote` of every cohort move up a tier and the bottom `demote` down, checked against an
 * expectation computed here from the scores; the close happens once, also through the rollover job.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rollover } from '../../origin/leaderboard/rollover.ts';
import { leagueMoves } from '../../origin/leaderboard/tournaments.ts';
import { ADMIN, api, createBoard, rpc, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const TIERS = 3;
const PROMOTE = 1;
const DEMOTE = 1;

/**
 * The tiers after a close, computed from the period: each cohort's members ranked by score
 * (desc; members without a score last), top PROMOTE up, bottom DEMOTE down, within 1..TIERS.
 */
function expectedTiers(members: { player: string; cohort: number; tier: number }[], scores: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const byCohort = new Map<number, typeof members>();
  for (const m of members) byCohort.set(m.cohort, [...(byCohort.get(m.cohort) ?? []), m]);
  for (const list of byCohort.values()) {
    const ranked = [...list].sort((a, b) => (scores[b.player] ?? -Infinity) - (scores[a.player] ?? -Infinity) || a.player.localeCompare(b.player));
    ranked.forEach((m, i) => {
      const rank = i + 1;
      out[m.player] = rank <= PROMOTE ? Math.min(m.tier + 1, TIERS) : rank > ranked.length - DEMOTE ? Math.max(m.tier - 1, 1) : m.tier;
    });
  }
  return out;
}

/** Joins players at an instant through the record; their placement as {player, cohort, tier}. */
async function joinAll(board: string, players: string[], at: string) {
  const out = [];
  for (const p of players) {
    const m = await rpc('lb_join', { p_board: board, p_player: p, p_now: at });
    out.push({ player: p, cohort: m.cohortId as number, tier: m.tier as number });
  }
  return out;
}

async function score(board: string, scores: Record<string, number>, at: string) {
  for (const [p, s] of Object.entries(scores)) await rpc('lb_submit', { p_board: board, p_player: p, p_score: s, p_now: at });
}

describe('leagues', () => {
  it('settings: a league needs cohorts and a reset, and shows in the board', async () => {
    const board = uniqueBoard('lg');
    const put = (cfg: Record<string, unknown>) => api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', writers: 'server', ...cfg } });
    expect((await put({ reset: 'never', tournament: { cohortSize: 3, league: { tiers: 3, promote: 1, demote: 1 } } })).status).toBe(400);
    expect((await put({ reset: 'daily', tournament: { league: { tiers: 3, promote: 1, demote: 1 } } })).status).toBe(400);
    const ok = await put({ reset: 'daily', tournament: { cohortSize: 3, league: { tiers: 3, promote: 1, demote: 1 } } });
    expect(ok.status).toBe(201);
    expect(ok.body.tournament.league).toEqual({ tiers: 3, promote: 1, demote: 1 });
  });

  it('promotes and demotes per cohort at each close, forms the next cohorts within tiers, and closes a period once', async () => {
    const board = uniqueBoard('lg');
    await createBoard(board, { reset: 'daily', tournament: { cohortSize: 3, league: { tiers: TIERS, promote: PROMOTE, demote: DEMOTE } } });
    const players = ['a', 'b', 'c', 'd', 'e', 'f'];

    // Day 1: everyone starts in tier 1; cohorts a b c | d e f; f never scores.
    const day1 = await joinAll(board, players, '2030-01-01T10:00:00Z');
    expect(day1.map((m) => `${m.player}${m.cohort}:${m.tier}`).join(' ')).toBe('a1:1 b1:1 c1:1 d2:1 e2:1 f2:1');
    const scores1 = { a: 10, b: 30, c: 20, d: 5, e: 50 };
    await score(board, scores1, '2030-01-01T11:00:00Z');
    const close1 = await rpc('lb_league_close', { p_board: board, p_period: '2030-01-01' });
    expect(close1).toMatchObject({ closed: true, players: 6 });
    expect(await rpc('lb_league_close', { p_board: board, p_period: '2030-01-01' })).toMatchObject({ closed: false });
    const want1 = expectedTiers(day1, scores1);
    const moves1 = await rpc<{ playerId: string; toTier: number; fromTier: number; rank: number }[]>('lb_league_moves', { p_board: board, p_period: '2030-01-01' });
    expect(Object.fromEntries(moves1.map((m) => [m.playerId, m.toTier]))).toEqual(want1);
    expect(close1.promoted).toBe(Object.values(want1).filter((t) => t > 1).length);

    // Day 2: the tiers carry over, and cohorts are filled within each tier.
    const day2 = await joinAll(board, players, '2030-01-02T10:00:00Z');
    expect(Object.fromEntries(day2.map((m) => [m.player, m.tier]))).toEqual(want1);
    for (const m of day2) for (const n of day2) if (m.cohort === n.cohort) expect(m.tier).toBe(n.tier);
    const scores2 = { a: 3, b: 1, c: 2, d: 1, e: 2, f: 9 };
    await score(board, scores2, '2030-01-02T11:00:00Z');

    // Closed by the rollover job at the start of day 3.
    const clock = fixedClock('2030-01-03T00:00:30Z');
    const report = await rollover(originDeps(clock.now));
    const mine = report.leagues.find((l) => l.board === board);
    expect(mine).toMatchObject({ period: '2030-01-02' });
    const want2 = expectedTiers(day2, scores2);
    const moves2 = await rpc<{ playerId: string; toTier: number }[]>('lb_league_moves', { p_board: board, p_period: '2030-01-02' });
    expect(Object.fromEntries(moves2.map((m) => [m.playerId, m.toTier]))).toEqual(want2);
    expect(mine!.promoted).toBe(day2.filter((m) => want2[m.player]! > m.tier).length);
    expect(mine!.demoted).toBe(day2.filter((m) => want2[m.player]! < m.tier).length);
    // A second run closes nothing more.
    expect((await rollover(originDeps(clock.now))).leagues.find((l) => l.board === board)).toBeUndefined();
    // The API's read of the moves (in process: the periods are days in 2030, ahead of the edge's clock).
    const listed = await leagueMoves(originDeps(clock.now), board, { period: '2030-01-02' });
    expect(Object.fromEntries(listed.moves.map((m) => [m.playerId, m.toTier]))).toEqual(want2);
    // Through the edge: today's period has not closed, so it has no moves; a board without a league has none at all.
    expect((await api('GET', `/api/boards/${board}/league`)).body).toMatchObject({ board, moves: [] });
    const plain = uniqueBoard('plain');
    await createBoard(plain, { tournament: { cohortSize: 2 } });
    expect((await api('GET', `/api/boards/${plain}/league`)).status).toBe(404);
    // Day 3 placement follows the new tiers.
    const day3 = await joinAll(board, ['e'], '2030-01-03T10:00:00Z');
    expect(day3[0]!.tier).toBe(want2.e);
  });
});
