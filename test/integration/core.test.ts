/** Rank semantics, operators, idempotency, paging and rebuilds, all through the edge. */
import { describe, expect, it } from 'vitest';
import { api, createBoard, entryPages, flushValkey, playerToken, rpc, SERVER, submit, uniqueBoard } from '../helpers.ts';


const MAX = Number.MAX_SAFE_INTEGER;

describe('ranks', () => {
  it('returns ±(2^53-1) exactly and orders them', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    expect((await submit(board, 'top', MAX)).body.entry.score).toBe(MAX);
    expect((await submit(board, 'bottom', -MAX)).body.entry.score).toBe(-MAX);
    await submit(board, 'near', MAX - 1);
    const top = await api('GET', `/api/boards/${board}/entries`);
    expect(top.body.entries.map((e: any) => [e.playerId, e.score])).toEqual([['top', MAX], ['near', MAX - 1], ['bottom', -MAX]]);
  });

  it('breaks ties by who reached the score first, not by player id', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    for (const p of ['zed', 'amy', 'mia']) await submit(board, p, 100);
    const top = await api('GET', `/api/boards/${board}/entries`);
    expect(top.body.entries.map((e: any) => e.playerId)).toEqual(['zed', 'amy', 'mia']);
    expect(top.body.entries.map((e: any) => e.rank)).toEqual([1, 2, 3]);
  });

  it('pages with cursors: every entry once, in rank order', async () => {
    const board = uniqueBoard();
    await createBoard(board, { sort: 'asc' });
    const entries = Array.from({ length: 23 }, (_, i) => ({ playerId: `p${i}`, score: (i * 7) % 10 }));
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } });
    expect(batch.status).toBe(200);
    const pages = await entryPages(board, 5);
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 200));
    const seen: any[] = pages.flatMap((p) => p.body.entries);
    expect(seen.map((e) => e.rank)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(new Set(seen.map((e) => e.playerId)).size).toBe(23);
    const scores = seen.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('pages while writes happen: no entry twice, none of the unchanged entries missed, each page in order', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'best' });
    const initial = Array.from({ length: 120 }, (_, i) => ({ playerId: `p${i}`, score: (i * 37) % 500 }));
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: initial } })).status).toBe(200);
    // Writers insert new players and improve existing ones (odd ids only) while the walk runs.
    let writing = true;
    const moved = new Set<string>();
    const writer = (async () => {
      for (let i = 0; writing && i < 200; i++) {
        const id = i % 2 === 0 ? `new${i}` : `p${(i * 13) % 120 | 1}`;
        if (id.startsWith('p')) moved.add(id);
        await submit(board, id, 400 + (i % 200));
      }
    })();
    const pages = await entryPages(board, 7, { pauseMs: 20 });
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 200));
    const seen: any[] = pages.flatMap((p) => p.body.entries);
    writing = false;
    await writer;
    const ids = seen.map((e) => e.playerId);
    expect(new Set(ids).size).toBe(ids.length);
    const unchanged = initial.map((e) => e.playerId).filter((id) => !moved.has(id));
    expect(unchanged.filter((id) => !ids.includes(id))).toEqual([]);
    // Keyset paging: rank keys (score desc, achievedAt, playerId) strictly increase over the whole walk.
    const before = (a: any, b: any) => a.score > b.score || (a.score === b.score && (a.achievedAt < b.achievedAt || (a.achievedAt === b.achievedAt && a.playerId < b.playerId)));
    for (let i = 1; i < seen.length; i++) expect(before(seen[i - 1], seen[i]), `${JSON.stringify(seen[i - 1])} then ${JSON.stringify(seen[i])}`).toBe(true);
  });

  it('answers player, around and friends views with ranks and percentile', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    for (let i = 1; i <= 10; i++) await submit(board, `p${i}`, i * 10);
    const me = await api('GET', `/api/boards/${board}/players/p8`);
    expect(me.body).toMatchObject({ entry: { rank: 3, score: 80 }, total: 10, percentile: 80 });
    const around = await api('GET', `/api/boards/${board}/players/p8/around?radius=2`);
    expect(around.body.entries.map((e: any) => e.playerId)).toEqual(['p10', 'p9', 'p8', 'p7', 'p6']);
    const friends = await api('GET', `/api/boards/${board}/players?ids=p1,p9,ghost,p5`);
    expect(friends.body.entries.map((e: any) => [e.playerId, e.rank])).toEqual([['p9', 2], ['p5', 6], ['p1', 10]]);
    expect((await api('GET', `/api/boards/${board}/players/ghost`)).body.error.code).toBe('player_not_found');
  });
});

describe('operators', () => {
  it('best keeps the better score; updated says so', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'best' });
    await submit(board, 'a', 50);
    const worse = await submit(board, 'a', 40);
    expect(worse.body).toMatchObject({ updated: false, entry: { score: 50 } });
    expect((await submit(board, 'a', 60)).body).toMatchObject({ updated: true, entry: { score: 60 }, previous: { score: 50 } });
  });

  it('latest replaces, increment adds, decrement goes below zero', async () => {
    const latest = uniqueBoard();
    await createBoard(latest, { operator: 'latest' });
    await submit(latest, 'a', 50);
    expect((await submit(latest, 'a', 10)).body.entry.score).toBe(10);

    const inc = uniqueBoard();
    await createBoard(inc, { operator: 'increment' });
    await submit(inc, 'a', 5);
    expect((await submit(inc, 'a', 7)).body.entry.score).toBe(12);

    const dec = uniqueBoard();
    await createBoard(dec, { operator: 'decrement' });
    await submit(dec, 'a', 5);
    expect((await submit(dec, 'a', 7)).body.entry.score).toBe(-12);
  });

  it('rejects a result outside the bounds and changes nothing', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'decrement', minScore: -10, maxScore: 10 });
    await submit(board, 'a', 8);
    const out = await submit(board, 'a', 5);
    expect(out.status).toBe(400);
    expect(out.body.error.code).toBe('invalid_request');
    expect((await api('GET', `/api/boards/${board}/players/a`)).body.entry.score).toBe(-8);
  });

  it('rejects floats, strings and out-of-range numbers with 400', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    for (const score of [1.5, '10', 2 ** 53, -(2 ** 53), null, '1e3']) {
      const out = await submit(board, 'a', score);
      expect(out.status).toBe(400);
      expect(out.body.error.details.score).toBeTruthy();
    }
    expect((await api('GET', `/api/boards/${board}/entries`)).body.total).toBe(0);
  });
});

describe('idempotency', () => {
  it('replays the first response and conflicts on a different body', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'increment' });
    const first = await submit(board, 'a', 5, { key: 'k-1' });
    const replay = await submit(board, 'a', 5, { key: 'k-1' });
    expect(replay.status).toBe(200);
    expect(replay.body.entry).toEqual(first.body.entry);
    expect((await api('GET', `/api/boards/${board}/players/a`)).body.entry.score).toBe(5);
    const conflict = await submit(board, 'a', 6, { key: 'k-1' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('conflict');
    expect(await rpc('lb_submissions', { p_board: board })).toHaveLength(1);
  });

  it('applies one Idempotency-Key once when 40 callers send it at the same moment', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'increment' });
    const same = await Promise.all(Array.from({ length: 40 }, () => submit(board, 'a', 5, { key: 'race-1' })));
    expect(same.map((r) => r.status)).toEqual(same.map(() => 200));
    // Every caller gets the one stored answer; exactly one of them wrote it.
    for (const r of same) expect(r.body.entry).toEqual(same[0]!.body.entry);
    expect(same.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect((await api('GET', `/api/boards/${board}/players/a`)).body.entry.score).toBe(5);
    expect(await rpc('lb_submissions', { p_board: board })).toHaveLength(1);

    // The same key with different bodies at once: one body wins, every other caller gets 409.
    const mixed = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(board, 'b', i + 1, { key: 'race-2' })));
    const won = mixed.filter((r) => r.status === 200);
    expect(mixed.filter((r) => r.status !== 200).map((r) => r.status)).toEqual(Array(20 - won.length).fill(409));
    expect(new Set(won.map((r) => r.body.entry.score)).size).toBe(1);
    expect((await api('GET', `/api/boards/${board}/players/b`)).body.entry.score).toBe(won[0]!.body.entry.score);
    expect(await rpc('lb_submissions', { p_board: board })).toHaveLength(2);
  });
});

describe('concurrency and rebuilds', () => {
  it('200 concurrent submissions for one player on a best board keep the maximum; changes are logged, the rest counted', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'best' });
    const scores = Array.from({ length: 200 }, (_, i) => (i * 7919) % 1000);
    // Each write has its own Idempotency-Key, as a game server's should: a write the local proxy loses
    // under load (docs/architecture.md, "Lost requests between local processes under load") is then
    // resent by the test client without being applied twice.
    const results = await Promise.all(scores.map((s, i) => submit(board, 'solo', s, { key: `${board}-${i}` })));
    expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body])).toEqual([]);
    expect((await api('GET', `/api/boards/${board}/players/solo`)).body.entry.score).toBe(Math.max(...scores));
    const changed = results.filter((r) => r.body.updated).length;
    expect(changed).toBeGreaterThan(0);
    expect(await rpc('lb_submissions', { p_board: board, p_limit: 1000 })).toHaveLength(changed);
    expect(await rpc('lb_write_stats', { p_board: board })).toEqual({ logged: changed, unchanged: 200 - changed });
  });

  it('loses nothing when Valkey is flushed: reads rebuild the projection', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    for (let i = 0; i < 20; i++) await submit(board, `p${i}`, i);
    const before = (await api('GET', `/api/boards/${board}/entries?limit=100`)).body.entries;
    await flushValkey();
    // A different query string misses the edge cache and reaches the origin.
    const after = (await api('GET', `/api/boards/${board}/entries?limit=99`)).body.entries;
    expect(after).toEqual(before);
    expect((await submit(board, 'late', 1000)).body.entry.rank).toBe(1);
  });
});

describe('edge cache', () => {
  it('misses, then hits, and reflects a write made through the same edge', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    await submit(board, 'a', 1);
    const path = `/api/boards/${board}/entries`;
    expect((await api('GET', path)).headers.get('x-cache')).toBe('MISS');
    const hit = await api('GET', path);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    const etag = hit.headers.get('etag')!;
    expect((await api('GET', path, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await submit(board, 'b', 2);
    const fresh = await api('GET', path);
    expect(fresh.body.entries.map((e: any) => e.playerId)).toEqual(['b', 'a']);
  });
});

describe('auth', () => {
  it('answers 401 and 403 as docs/api.md says', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    expect((await api('POST', `/api/boards/${board}/scores`, { body: { playerId: 'a', score: 1 } })).status).toBe(401);
    expect((await submit(board, 'a', 1, { token: 'bad-token' })).status).toBe(401);
    const serverOnAdmin = await api('PUT', `/api/boards/${board}`, { token: SERVER(), body: {} });
    expect(serverOnAdmin.status).toBe(403);
    expect(serverOnAdmin.body.error.code).toBe('forbidden');
  });

  it('lets a player write only their own score, only on player boards', async () => {
    const open = uniqueBoard();
    await createBoard(open, { writers: 'players' });
    const closed = uniqueBoard();
    await createBoard(closed, { writers: 'server' });
    const alice = await playerToken('alice');
    expect((await submit(open, 'alice', 5, { token: alice })).status).toBe(200);
    expect((await submit(open, 'bob', 5, { token: alice })).status).toBe(403);
    expect((await submit(closed, 'alice', 5, { token: alice })).status).toBe(403);
    expect((await api('DELETE', `/api/boards/${open}`, { token: alice })).status).toBe(403);
    const expired = await playerToken('alice', '-1m');
    expect((await submit(open, 'alice', 6, { token: expired })).status).toBe(401);
  });
});
