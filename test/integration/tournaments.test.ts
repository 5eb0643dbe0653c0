/**
 * Tournaments (docs/tournaments.md): entry rules set with the board, joins (idempotent, capped),
 * submissions refused without a join and past the attempt cap, attempts shown in replies and in
 * the player's view, exact caps under concurrency, and the tournament list with its cursors.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, api, createBoard, playerToken, rpc, SERVER, submit, uniqueBoard, type Res } from '../helpers.ts';

const join = (board: string, playerId: string, o: { band?: string; token?: string } = {}) =>
  api('POST', `/api/boards/${board}/join`, { token: o.token ?? SERVER(), body: { playerId, ...(o.band !== undefined ? { band: o.band } : {}) } });
const put = (board: string, cfg: Record<string, unknown>) =>
  api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...cfg } });

describe('tournament settings', () => {
  it('are set with the board, kept when left out, removed with null, and refused with a source', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { joinRequired: true, maxSize: 100, maxAttempts: 3 } });
    const rules = { joinRequired: true, maxSize: 100, maxAttempts: 3, cohortSize: null, cohortBy: null, league: null };
    expect((await api('GET', `/api/boards/${board}`)).body.tournament).toEqual(rules);
    expect((await put(board, { name: 'renamed' })).body.tournament).toEqual(rules);
    expect((await put(board, { tournament: { maxAttempts: 5 } })).body.tournament).toEqual({ ...rules, joinRequired: false, maxSize: null, maxAttempts: 5 });
    expect((await put(board, { tournament: null })).body.tournament).toBeNull();
    expect((await join(board, 'alice')).body.error.code).toBe('conflict');

    const bad = await put(board, { tournament: { maxAttempts: 0 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details)).toEqual(['tournament.maxAttempts']);
    const band = await put(board, { tournament: { cohortBy: 'skill' } });
    expect(band.status).toBe(400);
    expect(Object.keys(band.body.error.details)).toEqual(['tournament.cohortBy']);
    const withSource = await put(board, { tournament: { joinRequired: true }, source: { url: 'https://example.com/s.json', playerIdField: 'id', scoreField: 's' } });
    expect(withSource.status).toBe(400);
    // A normal board stays a normal board: no rules, no membership in its replies.
    const plain = uniqueBoard('plain');
    await createBoard(plain);
    expect((await api('GET', `/api/boards/${plain}`)).body.tournament).toBeNull();
    const reply = await submit(plain, 'alice', 5);
    expect(reply.status).toBe(200);
    expect(reply.body.member).toBeUndefined();
  });
});

describe('joins and attempts', () => {
  it('joinRequired: a submission without a join gets 409 not_joined; joining is idempotent', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { joinRequired: true } });
    const refused = await submit(board, 'alice', 10);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'not_joined', details: { board, playerId: 'alice' } });
    expect((await api('GET', `/api/boards/${board}/players/alice`)).status).toBe(404);

    const first = await join(board, 'alice');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ board, playerId: 'alice', joined: true, joinedCount: 1, attemptsUsed: 0, attemptsLeft: null, cohortId: null });
    const again = await join(board, 'alice');
    expect(again.body).toMatchObject({ joined: false, joinedCount: 1 });

    const ok = await submit(board, 'alice', 10);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ entry: { rank: 1, score: 10 }, updated: true, member: { attemptsUsed: 1, attemptsLeft: null } });
  });

  it('maxSize: joins past the cap get 409 full; a member joining again still gets 200', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { maxSize: 2 } });
    expect((await join(board, 'a')).status).toBe(200);
    expect((await join(board, 'b')).body).toMatchObject({ joined: true, joinedCount: 2, maxSize: 2 });
    const full = await join(board, 'c');
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'full', details: { maxSize: 2 } });
    expect((await join(board, 'a')).body).toMatchObject({ joined: false });
    // Without joinRequired a first submission joins, so it meets the cap too.
    expect((await submit(board, 'd', 1)).body.error.code).toBe('full');
    expect((await submit(board, 'b', 1)).status).toBe(200);
  });

  it('maxAttempts: replies count down, the cap gives 409 attempts_exhausted, the player view shows attempts used; replays and refused writes count nothing', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { maxAttempts: 3 }, minScore: 0 });
    const one = await submit(board, 'alice', 10, { key: 'k1' });
    expect(one.body.member).toMatchObject({ attemptsUsed: 1, attemptsLeft: 2, maxAttempts: 3 });
    // A replay of the same key returns the stored reply and counts no attempt.
    const replay = await submit(board, 'alice', 10, { key: 'k1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.member.attemptsUsed).toBe(1);
    // A refused write (out of bounds) rolls back: no attempt.
    expect((await submit(board, 'alice', -5)).status).toBe(400);
    // A worse score changes nothing on a best board, but is an attempt.
    const worse = await submit(board, 'alice', 3);
    expect(worse.body).toMatchObject({ updated: false, member: { attemptsUsed: 2, attemptsLeft: 1 } });
    expect((await submit(board, 'alice', 12)).body.member).toMatchObject({ attemptsUsed: 3, attemptsLeft: 0 });
    const exhausted = await submit(board, 'alice', 99);
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.error).toMatchObject({ code: 'attempts_exhausted', details: { maxAttempts: 3, attemptsUsed: 3 } });
    const view = await api('GET', `/api/boards/${board}/players/alice`);
    expect(view.body).toMatchObject({ entry: { score: 12, rank: 1 }, total: 1, member: { attemptsUsed: 3, attemptsLeft: 0 } });
  });

  it('a player joins and submits as themselves only, on a players board; batches are refused on rules boards', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { writers: 'players', tournament: { joinRequired: true, maxAttempts: 1 } });
    const token = await playerToken('pat');
    expect((await join(board, 'someone-else', { token })).status).toBe(403);
    expect((await join(board, 'pat', { token })).body).toMatchObject({ joined: true });
    expect((await submit(board, 'pat', 7, { token })).body.member).toMatchObject({ attemptsUsed: 1, attemptsLeft: 0 });
    expect((await submit(board, 'pat', 8, { token })).body.error.code).toBe('attempts_exhausted');
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'pat', score: 1 }] } });
    expect(batch.status).toBe(409);
    expect(batch.body.error.code).toBe('conflict');
  });

  it('the window holds for joins and attempts: no attempt is counted before startsAt or from endsAt on', async () => {
    const soon = uniqueBoard('cup');
    await createBoard(soon, { startsAt: new Date(Date.now() + 86_400_000).toISOString(), tournament: { maxAttempts: 2 } });
    expect((await join(soon, 'a')).status).toBe(200); // joining opens before the start
    expect((await submit(soon, 'a', 1)).body.error.code).toBe('not_open');
    const over = uniqueBoard('cup');
    await createBoard(over, { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z', tournament: { maxAttempts: 2 } });
    expect((await join(over, 'a')).body.error.code).toBe('closed');
    expect((await submit(over, 'a', 1)).body.error.code).toBe('closed');
  });
});

describe('exact under concurrency', () => {
  it('concurrent joins at the cap: exactly maxSize succeed, the rest get full', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { joinRequired: true, maxSize: 7 } });
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => join(board, `p${i}`)));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(7);
    expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'full')).toHaveLength(23);
    expect(new Set(replies.filter((r) => r.status === 200).map((r) => r.body.joinedCount))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
  });

  it('concurrent submissions of one player at the attempt cap: exactly maxAttempts are accepted', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { maxAttempts: 4 } });
    const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => submit(board, 'alice', i + 1)));
    const ok = replies.filter((r) => r.status === 200);
    expect(ok).toHaveLength(4);
    expect(ok.map((r) => r.body.member.attemptsUsed).sort()).toEqual([1, 2, 3, 4]);
    expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'attempts_exhausted')).toHaveLength(12);
    expect((await api('GET', `/api/boards/${board}/players/alice`)).body.member.attemptsUsed).toBe(4);
  });

  it('record level: 200 simultaneous joins at a cap of 150 in the SQL function', async () => {
    const board = uniqueBoard('cup');
    await createBoard(board, { tournament: { joinRequired: true, maxSize: 150 } });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => rpc('lb_join', { p_board: board, p_player: `p${i}` }).then(() => 'ok', (err: Error) => (err.message.includes('full') ? 'full' : err.message))),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(150);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(50);
  });
});

describe('GET /api/tournaments', () => {
  it('lists tournaments by state, in order, paged by cursor, each once', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const tag = Math.random().toString(36).slice(2, 7);
    const made = {
      upcoming: [`up2-${tag}`, `up1-${tag}`],
      active: [`act1-${tag}`, `act2-${tag}`],
      ended: [`end1-${tag}`, `end2-${tag}`],
    };
    await createBoard(made.upcoming[0]!, { startsAt: iso(now + 3 * day), tournament: { joinRequired: true } });
    await createBoard(made.upcoming[1]!, { startsAt: iso(now + 2 * day), tournament: { joinRequired: true } });
    await createBoard(made.active[0]!, { startsAt: iso(now - day), endsAt: iso(now + 4 * day), tournament: { maxSize: 10 } });
    await createBoard(made.active[1]!, { endsAt: iso(now + 5 * day), tournament: { maxAttempts: 1 } });
    await createBoard(made.ended[0]!, { startsAt: iso(now - 9 * day), endsAt: iso(now - 2 * day), tournament: { maxAttempts: 1 } });
    await createBoard(made.ended[1]!, { startsAt: iso(now - 9 * day), endsAt: iso(now - 3 * day), tournament: { maxAttempts: 1 } });
    await createBoard(`plain-${tag}`, { endsAt: iso(now + 5 * day) });
    await join(made.active[0]!, 'alice');

    for (const state of ['upcoming', 'active', 'ended'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Res = await api('GET', `/api/tournaments?state=${state}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.state).toBe(state);
        expect(res.body.tournaments.length).toBeLessThanOrEqual(1);
        for (const t of res.body.tournaments) expect(t.state).toBe(state);
        seen.push(...res.body.tournaments.map((t: { id: string }) => t.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const ours = seen.filter((id) => id.endsWith(tag));
      expect(ours, state).toEqual(state === 'upcoming' ? [made.upcoming[1], made.upcoming[0]] : made[state]);
      expect(new Set(seen).size).toBe(seen.length);
    }
    const active = await api('GET', '/api/tournaments?state=active&limit=100');
    const cup = active.body.tournaments.find((t: { id: string }) => t.id === made.active[0]);
    expect(cup).toMatchObject({ joined: 1, rules: { maxSize: 10, joinRequired: false }, currentPeriod: 'all' });

    expect((await api('GET', '/api/tournaments?state=soon')).status).toBe(400);
    expect((await api('GET', '/api/tournaments?cursor=nonsense')).status).toBe(400);
    const other = (await api('GET', '/api/tournaments?state=ended&limit=1')).body.nextCursor;
    expect((await api('GET', `/api/tournaments?state=active&cursor=${other}`)).status).toBe(400);
  });
});
