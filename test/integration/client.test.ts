/**
 * The client package (client/) against the whole local stack, through the edge: every read and
 * write it wraps, idempotent retries, a retry that waits for Retry-After while the origin is down,
 * read-your-writes with minSeq, and the error envelope as LeaderboardError.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, LeaderboardError, routes, type ClientOptions, type LiveEvent } from '../../client/src/index.ts';
import { ADMIN, api, edge, ensureOriginUp, origin, playerToken, SERVER, uniqueBoard } from '../helpers.ts';

afterEach(ensureOriginUp);

const client = (o: ClientOptions = {}) => createClient({ baseUrl: edge(), ...o });
const config = { name: 'Client race', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server' } as const;

describe('the client package against the local stack', () => {
  it('creates a board, submits, and reads it back through every read it wraps', async () => {
    const board = uniqueBoard('cl');
    const admin = client({ token: ADMIN() });
    const created = await admin.putBoard(board, config);
    expect(created).toMatchObject({ id: board, name: 'Client race', entries: 0 });

    const server = client({ token: SERVER() });
    const first = await server.submit(board, { playerId: 'alice', score: 42, metadata: { country: 'SE' } });
    expect(first).toMatchObject({ updated: true, previous: null, entry: { playerId: 'alice', score: 42, metadata: { country: 'SE' } } });
    const batch = await server.submitBatch(board, [{ playerId: 'bob', score: 17 }, { playerId: 'carol', score: 99 }]);
    expect(batch.results.map((r) => [r.playerId, r.updated, r.entry.rank])).toEqual([['bob', true, null], ['carol', true, null]]);

    const top = await server.entries(board, { limit: 2 });
    expect(top.entries.map((e) => [e.rank, e.playerId, e.score])).toEqual([[1, 'carol', 99], [2, 'alice', 42]]);
    expect(top.total).toBe(3);
    const next = await server.entries(board, { limit: 2, cursor: top.nextCursor });
    expect(next.entries.map((e) => e.playerId)).toEqual(['bob']);
    expect(await server.player(board, 'alice')).toMatchObject({ entry: { rank: 2 }, total: 3 });
    expect((await server.around(board, 'alice', { radius: 1 })).entries.map((e) => e.playerId)).toEqual(['carol', 'alice', 'bob']);
    expect((await server.players(board, ['bob', 'nobody', 'alice'])).entries.map((e) => e.playerId)).toEqual(['alice', 'bob']);
    expect((await server.history(board, 'alice', { limit: 5 })).points.map((p) => p.score)).toEqual([42]);
    expect((await server.histogram(board, { buckets: 2 })).buckets.map((b) => b.count)).toEqual([2, 1]);
    expect((await server.board(board)).entries).toBe(3);
    expect(Array.isArray((await server.boards()).boards)).toBe(true);
    expect((await server.periods(board)).periods[0]).toMatchObject({ entries: 3, state: 'open' });
    expect(await server.health()).toEqual({ status: 'ok', edge: 'ok' });
    expect(await admin.deepHealth()).toMatchObject({ status: 'ok', origin: 'ok', valkey: 'ok', supabase: 'ok' });

    await admin.deletePlayer(board, 'bob');
    await expect(server.player(board, 'bob')).rejects.toMatchObject({ status: 404, code: 'player_not_found' });
    await admin.deleteBoard(board);
    await expect(server.board(board)).rejects.toMatchObject({ status: 404, code: 'board_not_found' });
  });

  it('sends every submit with an Idempotency-Key, so sending it again is a replay that changes nothing', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, { ...config, operator: 'increment' });
    const server = client({ token: SERVER() });
    const body = { playerId: 'alice', score: 5 };
    const once = await server.request('POST', routes.scores(board), { body, idempotencyKey: `k-${board}` });
    const again = await server.request('POST', routes.scores(board), { body, idempotencyKey: `k-${board}` });
    expect([once.replayed, again.replayed]).toEqual([false, true]);
    expect(again.body).toEqual(once.body);
    // Two submits are two keys: both apply.
    await server.submit(board, body);
    await server.submit(board, body);
    expect((await server.player(board, 'alice')).entry.score).toBe(15);
  });

  it('retries a write refused 503 while the origin is down, after its Retry-After, and applies it once', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, { ...config, operator: 'increment' });
    const waits: number[] = [];
    const sent: string[] = [];
    const server = client({
      token: SERVER(),
      retry: { attempts: 3, maxWaitSeconds: 60 },
      // The wait before the retry is when the origin comes back.
      sleep: async (ms) => {
        waits.push(ms);
        await origin('start');
      },
      fetch: async (url, init) => {
        sent.push(String(new Headers(init?.headers).get('idempotency-key')));
        return fetch(url, init);
      },
    });
    await origin('stop');
    const out = await server.submit(board, { playerId: 'alice', score: 3 });
    expect(out).toMatchObject({ updated: true, entry: { score: 3 } });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000); // the 503's Retry-After, in seconds
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect((await server.player(board, 'alice')).entry.score).toBe(3);
  });

  it('gives up at once on a Retry-After longer than it may wait, with the error envelope', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, config);
    const waits: number[] = [];
    const server = client({ token: SERVER(), retry: { attempts: 3, maxWaitSeconds: 0 }, sleep: async (ms) => void waits.push(ms) });
    await origin('stop');
    const err = (await server.submit(board, { playerId: 'alice', score: 3 }).catch((e: unknown) => e)) as LeaderboardError;
    await origin('start');
    expect(err).toBeInstanceOf(LeaderboardError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable', unavailable: true });
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.requestId).toBeTruthy();
    expect(waits).toEqual([]);
  });

  it('reads its own write after a write: its reads of that board send the X-Board-Seq as minSeq', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, { ...config, cacheSeconds: 60 });
    const urls: string[] = [];
    const server = client({ token: SERVER(), fetch: (url, init) => (urls.push(String(url)), fetch(url, init)) });
    await server.submit(board, { playerId: 'alice', score: 1 });
    // A copy of the top list, cached for a minute.
    const path = routes.entries(board);
    expect((await api('GET', path)).status).toBe(200);
    expect((await api('GET', path)).headers.get('x-cache')).toBe('HIT');
    await server.submit(board, { playerId: 'bob', score: 2 });
    const seq = server.boardSeq(board)!;
    expect(seq).toBeGreaterThan(0);
    const read = await server.request<{ entries: { playerId: string }[] }>('GET', path);
    expect(read.boardSeq).toBeGreaterThanOrEqual(seq);
    expect(read.body!.entries.map((e) => e.playerId)).toEqual(['bob', 'alice']);
    expect(new URL(urls.at(-1)!).searchParams.get('minSeq')).toBe(String(seq));
  });

  it('turns refusals into LeaderboardError with the code, details and request id', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, { ...config, writers: 'players' });
    const server = client({ token: SERVER() });
    const bad = (await server.submit(board, { playerId: 'alice', score: '3000' as unknown as number }).catch((e: unknown) => e)) as LeaderboardError;
    expect(bad).toMatchObject({ status: 400, code: 'invalid_request', unavailable: false });
    expect(Object.keys(bad.details)).toContain('score');
    await expect(client({ token: 'not-a-key' }).submit(board, { playerId: 'alice', score: 1 })).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    // A player writes their own score with their Supabase JWT, and no one else's.
    const player = client({ token: await playerToken('alice') });
    expect((await player.submit(board, { playerId: 'alice', score: 7 })).entry.score).toBe(7);
    await expect(player.submit(board, { playerId: 'bob', score: 7 })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(player.submitBatch(board, [{ playerId: 'alice', score: 8 }])).rejects.toMatchObject({ status: 403 });
  });

  it('follows a board live: each write arrives as an entry event whose id is the version the write returned', async () => {
    const board = uniqueBoard('cl');
    await client({ token: ADMIN() }).putBoard(board, config);
    const server = client({ token: SERVER() });
    const got: LiveEvent[] = [];
    const sub = client().stream(board, 'top:10', (e) => got.push(e));
    try {
      // The stream is open once a first write's event arrives; writes until then may go before it.
      const deadline = Date.now() + 20_000;
      let seqs: number[] = [];
      for (let score = 1; got.length === 0 && Date.now() < deadline; score++) {
        await server.submit(board, { playerId: 'warmup', score });
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(got.length).toBeGreaterThan(0);
      for (const [playerId, score] of [['dana', 50], ['erik', 70]] as const) {
        const a = await server.request('POST', routes.scores(board), { body: { playerId, score }, idempotencyKey: crypto.randomUUID() });
        seqs = [...seqs, a.boardSeq!];
      }
      const want = (e: LiveEvent) => e.event === 'entry' && seqs.includes(e.data.seq);
      while (got.filter(want).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const entries = got.filter(want);
      expect(entries.map((e) => [e.id, e.event === 'entry' ? [e.data.playerId, e.data.score] : null])).toEqual([
        [String(seqs[0]), ['dana', 50]],
        [String(seqs[1]), ['erik', 70]],
      ]);
    } finally {
      sub.close();
      await sub.done;
    }
  });
});
