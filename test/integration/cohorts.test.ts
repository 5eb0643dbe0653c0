/**
 * Cohorts (docs/tournaments.md): fill-in-order placement on join or first submission, bands
 * (cohortBy), every player view and write reply ranked inside the player's cohort, cohort
 * standings paged by cursor, the cohort projections covered by verify and rebuild (also after
 * Valkey loses them), erasure, and placement exact under 500 simultaneous joins.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, api, createBoard, flushValkey, playerToken, rpc, SERVER, submit, task, uniqueBoard, valkeyClient, verifyBoard } from '../helpers.ts';

const join = (board: string, playerId: string, o: { band?: string; token?: string } = {}) =>
  api('POST', `/api/boards/${board}/join`, { token: o.token ?? SERVER(), body: { playerId, ...(o.band !== undefined ? { band: o.band } : {}) } });
const cohortPage = (board: string, cohort: number, q = '') => api('GET', `/api/boards/${board}/cohorts/${cohort}/entries${q}`);
/** Runs a maintenance task and returns its result (fails the test when the task failed). */
async function run(name: string, board: string): Promise<any> {
  const reply = await task(name, { board });
  if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}
const names = (entries: { playerId: string; rank: number }[]) => entries.map((e) => `${e.playerId}${e.rank}`).join(' ');

/** Seven players in join order a..g, cohorts of 3: a b c | d e f | g. */
async function sevenInCohorts(cfg: Record<string, unknown> = {}) {
  const board = uniqueBoard('coh');
  await createBoard(board, { tournament: { joinRequired: true, cohortSize: 3 }, ...cfg });
  const cohorts = [];
  for (const p of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) cohorts.push((await join(board, p)).body.cohortId);
  expect(cohorts).toEqual([1, 1, 1, 2, 2, 2, 3]);
  return board;
}

describe('cohorts', () => {
  it('rank every view inside the cohort; the board-wide top list stays board-wide', async () => {
    const board = await sevenInCohorts();
    const scores: [string, number][] = [['a', 10], ['b', 30], ['c', 20], ['d', 5], ['e', 50], ['f', 40], ['g', 1]];
    for (const [p, s] of scores) expect((await submit(board, p, s)).status).toBe(200);
    // A write's reply: the rank inside the cohort, and the cohort.
    const up = await submit(board, 'a', 35);
    expect(up.body).toMatchObject({ entry: { rank: 1, score: 35 }, previous: { rank: 3, score: 10 }, member: { cohortId: 1, attemptsUsed: 2 } });

    const d = await api('GET', `/api/boards/${board}/players/d`);
    expect(d.body).toMatchObject({ entry: { rank: 3, score: 5 }, total: 3, member: { cohortId: 2, playerId: 'd' } });
    expect(d.body.percentile).toBeCloseTo(33.33, 1);
    expect((await api('GET', `/api/boards/${board}/players/g`)).body).toMatchObject({ entry: { rank: 1 }, total: 1, percentile: 100, member: { cohortId: 3 } });
    // around is answered inside the cohort too.
    const around = await api('GET', `/api/boards/${board}/players/d/around?radius=1`);
    expect(around.body).toMatchObject({ total: 3 });
    expect(names(around.body.entries)).toBe('f2 d3');

    expect(names((await cohortPage(board, 1)).body.entries)).toBe('a1 b2 c3');
    expect(names((await cohortPage(board, 2)).body.entries)).toBe('e1 f2 d3');
    const first = await cohortPage(board, 2, '?limit=2');
    expect(first.body).toMatchObject({ board, period: 'all', cohortId: 2, total: 3 });
    expect(names(first.body.entries)).toBe('e1 f2');
    const second = await cohortPage(board, 2, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(names(second.body.entries)).toBe('d3');
    expect(second.body.nextCursor).toBeNull();
    expect((await cohortPage(board, 9)).body).toMatchObject({ total: 0, entries: [] });

    expect(names((await api('GET', `/api/boards/${board}/entries?limit=10`)).body.entries)).toBe('e1 f2 a3 b4 c5 d6 g7');
    expect((await cohortPage(board, 0)).status).toBe(400);
    expect((await cohortPage(board, 1, '?cursor=nope')).status).toBe(400);
    const plain = uniqueBoard('plain');
    await createBoard(plain);
    expect((await cohortPage(plain, 1)).status).toBe(404);

    const report = await run('verify', board);
    expect(report.differences).toBe(0);
    expect(report.cohorts.map((c: { cohortId: number; recordEntries: number; ready: boolean }) => [c.cohortId, c.recordEntries, c.ready])).toEqual([[1, 3, true], [2, 3, true], [3, 1, true]]);
  });

  it('a cohort page counts its members, and those without a score, beside its entries', async () => {
    const board = await sevenInCohorts();
    for (const [p, s] of [['a', 10], ['c', 20], ['d', 5]] as const) expect((await submit(board, p, s)).status).toBe(200);
    // Cohort 1 is a b c (b never scored), cohort 2 d e f (e, f never scored), cohort 3 g alone (no score).
    expect((await cohortPage(board, 1)).body).toMatchObject({ cohortId: 1, total: 2, members: 3, unscored: 1 });
    expect((await cohortPage(board, 2, '?limit=1')).body).toMatchObject({ cohortId: 2, total: 1, members: 3, unscored: 2 });
    expect((await cohortPage(board, 3)).body).toMatchObject({ total: 0, entries: [], members: 1, unscored: 1 });
    expect((await cohortPage(board, 9)).body).toMatchObject({ total: 0, members: 0, unscored: 0 });
    // A score moves a member from unscored to the entries; the counts are as fresh as the entries.
    const seq = (await submit(board, 'b', 1)).headers.get('x-board-seq');
    expect((await cohortPage(board, 1, `?minSeq=${seq}`)).body).toMatchObject({ total: 3, members: 3, unscored: 0 });
    // A hidden member's score does not count (the close ranks them with the members without one).
    expect((await api('PUT', `/api/boards/${board}/moderation/d`, { token: ADMIN(), body: { action: 'hide', reason: 'cheating' } })).status).toBe(200);
    expect((await cohortPage(board, 2)).body).toMatchObject({ total: 0, entries: [], members: 3, unscored: 3 });
  });

  it('a first submission places the player when joining is not required; tie modes number inside the cohort', async () => {
    const board = uniqueBoard('coh');
    await createBoard(board, { rankMode: 'competition', tournament: { cohortSize: 4 } });
    const replies = [];
    for (const [p, s] of [['a', 10], ['b', 20], ['c', 20], ['d', 5], ['e', 7]] as const) replies.push((await submit(board, p, s)).body);
    expect(replies.map((r) => r.member.cohortId)).toEqual([1, 1, 1, 1, 2]);
    expect(replies.map((r) => r.entry.rank)).toEqual([1, 1, 1, 4, 1]);
    expect(names((await cohortPage(board, 1)).body.entries)).toBe('b1 c1 a3 d4');
    expect((await api('GET', `/api/boards/${board}/players/c`)).body.entry.rank).toBe(1);
    expect((await verifyBoard(board)).differences).toBe(0);
  });

  it('cohortBy: a game server gives the band, each band fills its own cohorts; players cannot choose one', async () => {
    const board = uniqueBoard('coh');
    await createBoard(board, { writers: 'players', tournament: { cohortSize: 2, cohortBy: 'skill' } });
    const placed = [];
    for (const [p, band] of [['g1', 'gold'], ['g2', 'gold'], ['s1', 'silver'], ['g3', 'gold'], ['s2', 'silver'], ['s3', 'silver']] as const) {
      placed.push((await join(board, p, { band })).body);
    }
    expect(placed.map((m) => `${m.playerId}:${m.band}:${m.cohortId}`)).toEqual(['g1:gold:1', 'g2:gold:1', 's1:silver:2', 'g3:gold:3', 's2:silver:2', 's3:silver:4']);
    const token = await playerToken('p1');
    expect((await join(board, 'p1', { token, band: 'gold' })).status).toBe(403);
    expect((await join(board, 'p1', { token })).body).toMatchObject({ band: null, cohortId: 5 });

    const plain = uniqueBoard('coh');
    await createBoard(plain, { tournament: { cohortSize: 2 } });
    expect((await join(plain, 'x', { band: 'gold' })).status).toBe(400);
    // cohortSize and cohortBy cannot change once players are placed.
    const change = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'players', tournament: { cohortSize: 3, cohortBy: 'skill' } } });
    expect(change.status).toBe(409);
  });

  it('cohort projections: rebuilt after Valkey loses them, repaired by rebuild when damaged, and cleared of an erased player', async () => {
    const board = await sevenInCohorts();
    for (const [p, s] of [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5], ['f', 6], ['g', 7]] as const) await submit(board, p, s);
    await flushValkey();
    expect(names((await cohortPage(board, 1, '?limit=5')).body.entries)).toBe('c1 b2 a3');
    expect((await api('GET', `/api/boards/${board}/players/e`)).body).toMatchObject({ entry: { rank: 2 }, total: 3 });
    expect((await verifyBoard(board)).differences).toBe(0);

    // Lose one entry of one cohort's projection: verify sees it, rebuild repairs it.
    const { incarnation } = await rpc<{ incarnation: number }>('lb_board', { p_id: board });
    const tag = `{lb:${board}.${incarnation}:all}:c2`;
    const client = await valkeyClient();
    try {
      const value = String(await client.hget(`${tag}:e`, 'd'));
      expect(await client.zrem(`${tag}:z`, [value.split('|')[1]!])).toBe(1);
      expect(await client.hdel(`${tag}:e`, ['d'])).toBe(1);
    } finally {
      client.close();
    }
    const damaged = await run('verify', board);
    expect(damaged.differences).toBeGreaterThan(0);
    expect(damaged.cohorts.find((c: { cohortId: number }) => c.cohortId === 2).differences).toBeGreaterThan(0);
    const rebuilt = await run('rebuild', board);
    expect(rebuilt.periods[0].cohorts).toEqual([{ cohortId: 1, rebuilt: true }, { cohortId: 2, rebuilt: true }, { cohortId: 3, rebuilt: true }]);
    expect((await verifyBoard(board)).differences).toBe(0);

    expect((await api('DELETE', `/api/boards/${board}/players/e`, { token: ADMIN() })).status).toBe(204);
    expect(names((await cohortPage(board, 2, '?limit=5')).body.entries)).toBe('f1 d2');
    expect((await api('GET', `/api/boards/${board}/players/e`)).status).toBe(404);
    expect((await verifyBoard(board)).differences).toBe(0);

    // Deleting the board drops its cohorts' keys with its periods'.
    expect((await api('DELETE', `/api/boards/${board}`, { token: ADMIN() })).status).toBe(204);
    const after = await valkeyClient();
    try {
      expect(await after.exists([`${tag}:z`, `${tag}:e`, `${tag}:meta`])).toBe(0);
    } finally {
      after.close();
    }
  });

  it('500 simultaneous joins never overfill a cohort and never lose a player', async () => {
    const board = uniqueBoard('coh');
    await createBoard(board, { tournament: { joinRequired: true, cohortSize: 50, cohortBy: 'tier' } });
    const bands = ['bronze', 'silver', 'gold'];
    const players = Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, band: bands[i % 3]! }));
    // A join is idempotent, so one whose connection the local gateway dropped under this load is sent again
    // (its first try may have committed: then the retry answers joined: false with the same placement).
    const joinOnce = async (p: { id: string; band: string }, tries = 3): Promise<any> => {
      try {
        return await rpc('lb_join', { p_board: board, p_player: p.id, p_band: p.band });
      } catch (err) {
        if (tries <= 1 || !(err instanceof TypeError)) throw err;
        return joinOnce(p, tries - 1);
      }
    };
    const joined = await Promise.all(players.map((p) => joinOnce(p)));
    expect(Math.max(...joined.map((j) => j.joinedCount))).toBe(500);

    const cohorts = await rpc<{ cohortId: number; members: number }[]>('lb_cohorts', { p_board: board, p_period: 'all' });
    expect(cohorts.reduce((n, c) => n + c.members, 0)).toBe(500);
    expect(Math.max(...cohorts.map((c) => c.members))).toBeLessThanOrEqual(50);
    // Per band: 167, 167 and 166 players fill 4 cohorts each, all full but the last.
    expect(cohorts).toHaveLength(12);
    expect(cohorts.filter((c) => c.members === 50)).toHaveLength(9);
    // Every cohort holds one band only, and every player is in exactly one cohort.
    const bandOf = new Map<number, Set<string>>();
    for (const j of joined) bandOf.set(j.cohortId, (bandOf.get(j.cohortId) ?? new Set()).add(j.band));
    expect([...bandOf.values()].every((s) => s.size === 1)).toBe(true);
    const members = [];
    for (let i = 0; i < players.length; i += 50) {
      members.push(...(await Promise.all(players.slice(i, i + 50).map((p) => rpc('lb_member', { p_board: board, p_period: 'all', p_player: p.id })))));
    }
    expect(members.map((m) => m.cohortId)).toEqual(joined.map((j) => j.cohortId));
  });

  it('leave a hidden player out of their cohort, ranks dense around them, in the projection and after a rebuild', async () => {
    const board = await sevenInCohorts();
    for (const [p, score] of [['a', 10], ['b', 30], ['c', 20]] as const) expect((await submit(board, p, score)).status).toBe(200);
    expect(names((await cohortPage(board, 1)).body.entries)).toBe('b1 c2 a3');
    const hide = await api('PUT', `/api/boards/${board}/moderation/b`, { token: ADMIN(), body: { action: 'hide', reason: 'cheating' } });
    expect(hide.status).toBe(200);
    expect(names((await cohortPage(board, 1)).body.entries)).toBe('c1 a2');
    // A write by the hidden player is kept in the record, and stays out of the cohort's view.
    expect((await submit(board, 'b', 99)).status).toBe(200);
    const minSeq = (await submit(board, 'a', 15)).headers.get('x-board-seq');
    expect(names((await cohortPage(board, 1, `?minSeq=${minSeq}`)).body.entries)).toBe('c1 a2');
    await run('rebuild', board);
    expect(names((await cohortPage(board, 1, `?minSeq=${minSeq}`)).body.entries)).toBe('c1 a2');
    expect((await verifyBoard(board)).differences).toBe(0);
    expect((await api('DELETE', `/api/boards/${board}/moderation/b`, { token: ADMIN(), body: { action: 'hide', reason: 'appeal' } })).status).toBe(200);
    expect(names((await cohortPage(board, 1, `?minSeq=${minSeq}`)).body.entries)).toBe('b1 c2 a3');
  });
});
