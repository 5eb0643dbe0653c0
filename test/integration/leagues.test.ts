/**
 * Leagues (docs/tournaments.md): cohorts formed within tiers, and at each period close the top
 * `promote` of every cohort move up a tier and the bottom `demote` down, checked against an
 * expectation computed here from the scores; the close happens once, also through the rollover job.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { rollover } from '../../origin/leaderboard/rollover.ts';
import { leagueMoves } from '../../origin/leaderboard/tournaments.ts';
import { periodResults } from '../../origin/results/results.ts';
import { deliverWebhooks } from '../../origin/results/webhooks.ts';
import { tasks } from '../../origin/tasks/tasks.ts';
import { ADMIN, api, createBoard, rpc, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';
import { startReceiver } from '../webhook-receiver.ts';

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

  it("does not count a hidden player's score at the close: they rank with the members without one, as the cohort page counts them", async () => {
    const board = uniqueBoard('lgh');
    await createBoard(board, { reset: 'daily', tournament: { cohortSize: 3, league: { tiers: TIERS, promote: PROMOTE, demote: DEMOTE } } });
    const members = await joinAll(board, ['a', 'b', 'c'], '2030-02-01T10:00:00Z');
    expect(new Set(members.map((m) => m.cohort)).size).toBe(1);
    const cohort = members[0]!.cohort;
    await score(board, { a: 10, b: 30, c: 20 }, '2030-02-01T11:00:00Z');
    expect(await rpc('lb_cohort_members', { p_board: board, p_period: '2030-02-01', p_cohort: cohort })).toEqual({ members: 3, unscored: 0 });
    // b has the best score, and is hidden: c takes the promotion place, and b ranks last.
    expect((await api('PUT', `/api/boards/${board}/moderation/b`, { token: ADMIN(), body: { action: 'hide', reason: 'cheating' } })).status).toBe(200);
    expect(await rpc('lb_cohort_members', { p_board: board, p_period: '2030-02-01', p_cohort: cohort })).toEqual({ members: 3, unscored: 1 });
    expect(await rpc('lb_league_close', { p_board: board, p_period: '2030-02-01' })).toMatchObject({ closed: true, players: 3, promoted: 1 });
    const moves = await rpc<{ playerId: string; rank: number; toTier: number }[]>('lb_league_moves', { p_board: board, p_period: '2030-02-01' });
    expect(moves.map((m) => `${m.playerId}${m.rank}:${m.toTier}`).join(' ')).toBe('c1:2 a2:1 b3:1');
  });

  it("puts a closed period's promotions and demotions in its results and its webhook, and holds the webhook until the league period closed", async () => {
    const clock = fixedClock('2031-05-01T09:00:00Z');
    let secret: string | null = null;
    const receiver = await startReceiver({ secret: () => secret, now: clock.now });
    try {
      const deps = originDeps(clock.now, { WEBHOOK_ALLOW_LOOPBACK: 'true' });
      const board = uniqueBoard('lgr');
      const out = await upsertBoard(deps, board, {
        name: board, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server',
        tournament: { cohortSize: 3, league: { tiers: TIERS, promote: PROMOTE, demote: DEMOTE } },
        webhook: { url: receiver.url },
      });
      secret = out.results.webhook?.secret ?? null;
      const players = ['a', 'b', 'c', 'd', 'e', 'f'];
      /** The moves a close must report, from the expectation: by cohort, then rank inside it. */
      const movesOf = (members: { player: string; cohort: number; tier: number }[], scores: Record<string, number>) => {
        const want = expectedTiers(members, scores);
        const list = (dir: 1 | -1) => members.filter((m) => Math.sign(want[m.player]! - m.tier) === dir).map((m) => ({ playerId: m.player, cohortId: m.cohort, fromTier: m.tier, toTier: want[m.player] }));
        return { want, promoted: list(1), demoted: list(-1) };
      };
      const shape = (l: { promoted: { playerId: string; cohortId: number; fromTier: number; toTier: number }[]; demoted: typeof l.promoted }) => ({
        promoted: l.promoted.map(({ playerId, cohortId, fromTier, toTier }) => ({ playerId, cohortId, fromTier, toTier })),
        demoted: l.demoted.map(({ playerId, cohortId, fromTier, toTier }) => ({ playerId, cohortId, fromTier, toTier })),
      });
      // Scores go through the origin at the test's clock, so the projection mirrors them as in production.
      const play = async (scores: Record<string, number>, at: string) => {
        clock.set(at);
        for (const [playerId, s] of Object.entries(scores)) await submitScore(deps, board, { playerId, score: s }, { kind: 'server', keyId: 'test' }, null);
      };
      const byCohortRank = (a: { cohortId: number; playerId: string }, b: { cohortId: number; playerId: string }) => a.cohortId - b.cohortId || a.playerId.localeCompare(b.playerId);

      // Day 1, closed by the scheduled task: the results and the webhook carry the promotions (no one is below tier 1 yet).
      const day1 = await joinAll(board, players, '2031-05-01T10:00:00Z');
      const scores1 = { a: 10, b: 30, c: 20, d: 5, e: 50, f: 1 };
      await play(scores1, '2031-05-01T11:00:00Z');
      clock.set('2031-05-02T00:00:10Z');
      await tasks.rollover.run(deps, {}, { remainingMs: () => 120_000 });
      const exp1 = movesOf(day1, scores1);
      const results1 = await periodResults(deps, board, '2031-05-01');
      expect(shape(results1.league!)).toEqual({ promoted: exp1.promoted, demoted: [] });
      const sent1 = receiver.received.filter((r) => r.body.board === board && r.body.period === '2031-05-01');
      expect(sent1).toHaveLength(1);
      expect(sent1[0]!.body.league).toEqual(results1.league);

      // Day 2: the period is closed by lb_rollover alone first (a run that stopped before its league step).
      const day2 = await joinAll(board, players, '2031-05-02T10:00:00Z');
      const scores2 = { a: 3, b: 1, c: 2, d: 7, e: 2, f: 9 };
      await play(scores2, '2031-05-02T11:00:00Z');
      clock.set('2031-05-03T00:00:10Z');
      expect((await deps.record.rollover(clock.now().toISOString())).find((b) => b.board === board)).toMatchObject({ previous: '2031-05-02', closedNow: true });
      // Its webhook is held back and its results are not served until the league period closes.
      expect((await deliverWebhooks(deps, { board })).attempted).toEqual([]);
      await expect(periodResults(deps, board, '2031-05-02')).rejects.toMatchObject({ code: 'not_found' });
      await tasks.rollover.run(deps, {}, { remainingMs: () => 120_000 });
      const exp2 = movesOf(day2, scores2);
      expect(exp2.promoted.length).toBeGreaterThan(0);
      expect(exp2.demoted.length).toBeGreaterThan(0);
      const results2 = await periodResults(deps, board, '2031-05-02');
      const got = shape(results2.league!);
      expect({ promoted: [...got.promoted].sort(byCohortRank), demoted: [...got.demoted].sort(byCohortRank) }).toEqual({
        promoted: [...exp2.promoted].sort(byCohortRank),
        demoted: [...exp2.demoted].sort(byCohortRank),
      });
      // Listed by cohort, then rank; the same moves as GET …/league.
      const ranks = results2.league!.promoted.map((m) => [m.cohortId, m.rank]);
      expect(ranks).toEqual([...ranks].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));
      const listed = await leagueMoves(deps, board, { period: '2031-05-02' });
      expect(results2.league!.demoted).toEqual(listed.moves.filter((m) => m.toTier < m.fromTier));
      const sent2 = receiver.received.filter((r) => r.body.board === board && r.body.period === '2031-05-02');
      expect(sent2).toHaveLength(1);
      expect(sent2[0]!.body).toEqual({ ...results2, id: sent2[0]!.eventId, type: 'period.closed' });
      expect(receiver.badSignatures()).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
