/** Batch import (all or nothing), player erasure across periods and stores, and the admin CLI. */
import { afterAll, describe, expect, it } from 'vitest';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { adminCli, ADMIN, api, createBoard, rpc, SERVER, submit, uniqueBoard, verifyBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const batch = (board: string, entries: unknown[], token = SERVER()) => api('POST', `/api/boards/${board}/scores/batch`, { token, body: { entries } });
const count = async (board: string) => (await api('GET', `/api/boards/${board}`)).body.entries;

describe('batch import', () => {
  it('lands 1000 entries atomically, with one projection update', async () => {
    const board = uniqueBoard();
    await createBoard(board, { maxScore: 1_000_000 });
    const entries = Array.from({ length: 1000 }, (_, i) => ({ playerId: `p${i}`, score: (i * 7919) % 100_000, ...(i % 100 === 0 ? { metadata: { i } } : {}) }));
    const res = await batch(board, entries);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1000);
    expect(res.body.results.every((r: any) => r.updated)).toBe(true);
    expect(await count(board)).toBe(1000);
    expect(await rpc('lb_submissions', { p_board: board, p_limit: 2000 })).toHaveLength(1000);
    expect((await verifyBoard(board)).differences).toBe(0);
  });

  it('applies nothing when one entry is bad: 400 listing it', async () => {
    const board = uniqueBoard();
    await createBoard(board, { maxScore: 1000 });
    const entries = Array.from({ length: 1000 }, (_, i) => ({ playerId: `p${i}`, score: i }));
    const invalid = entries.map((e, i) => (i === 500 ? { ...e, score: 1.5 } : e));
    const res = await batch(board, invalid);
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(Object.keys(res.body.error.details)).toEqual(['entries.500.score']);

    // Valid in shape but outside the bounds: rejected by the record's transaction, as a whole.
    const outOfBounds = entries.map((e, i) => (i === 700 ? { ...e, score: 5000 } : e));
    const res2 = await batch(board, outOfBounds);
    expect(res2.status).toBe(400);
    expect(await count(board)).toBe(0);
    expect(await rpc('lb_submissions', { p_board: board })).toEqual([]);

    expect((await batch(board, Array.from({ length: 1001 }, (_, i) => ({ playerId: `p${i}`, score: 1 })))).status).toBe(400);
    expect((await batch(board, [])).status).toBe(400);
  });
});

describe('player erasure', () => {
  it('removes the player from every period, both stores and this edge cache, and audits without the data', async () => {
    const clock = fixedClock(new Date(Date.now() - 86_400_000));
    const deps = originDeps(clock.now);
    const board = uniqueBoard('del');
    await upsertBoard(deps, board, { name: board, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server' });
    const server = { kind: 'server', keyId: 't' } as const;
    await submitScore(deps, board, { playerId: 'gone', score: 10 }, server, null); // yesterday
    clock.set(new Date());
    await submitScore(deps, board, { playerId: 'gone', score: 20, metadata: { secret: 'x' } }, server, null);
    await submitScore(deps, board, { playerId: 'kept', score: 5 }, server, null);
    const yesterday = (await deps.record.periods(board))[1]!;

    const before = await api('GET', `/api/boards/${board}/entries`);
    expect(before.body.entries.map((e: any) => e.playerId)).toEqual(['gone', 'kept']);
    expect((await api('GET', `/api/boards/${board}/entries`)).headers.get('x-cache')).toBe('HIT');

    expect((await api('DELETE', `/api/boards/${board}/players/gone`, { token: SERVER() })).status).toBe(403);
    const del = await api('DELETE', `/api/boards/${board}/players/gone`, { token: ADMIN() });
    expect(del.status).toBe(204);

    expect((await api('GET', `/api/boards/${board}/entries`)).body.entries.map((e: any) => e.playerId)).toEqual(['kept']);
    expect((await api('GET', `/api/boards/${board}/players/gone`)).status).toBe(404);
    // (The board was made today with a test clock for yesterday's write; a real board has no period before it was made.)
    expect((await deps.record.readPlayers(board, yesterday, ['gone'])).entries).toEqual([]);
    expect((await rpc('lb_submissions', { p_board: board })).map((s: any) => s.playerId)).toEqual(['kept']);
    expect((await verifyBoard(board, { allPeriods: true })).differences).toBe(0);
    const audit = await rpc('lb_audit', { p_board: board });
    expect(audit).toEqual([{ action: 'player_deleted', at: expect.any(String), detail: { entries: 2, submissions: 2 } }]);
    expect(JSON.stringify(audit)).not.toContain('gone');
  });
});

describe('admin CLI', () => {
  const cli = adminCli;

  it('runs health, create-board, boards, verify, rebuild and delete-player against the function', async () => {
    expect(await cli('health')).toMatchObject({ code: 0, out: expect.stringMatching(/^ok: round trips from the function: Valkey \d+(\.\d)? ms, Supabase \d+(\.\d)? ms$/m) });
    const health = await cli('health', '--json');
    expect(JSON.parse(health.out)).toEqual({ status: 'ok', valkeyMs: expect.any(Number), supabaseMs: expect.any(Number) });
    const board = uniqueBoard('cli');
    expect((await cli('create-board', '--board', board, '--name', 'From the CLI', '--reset', 'weekly', '--operator', 'increment')).code).toBe(0);
    expect((await api('GET', `/api/boards/${board}`)).body).toMatchObject({ name: 'From the CLI', reset: 'weekly', operator: 'increment' });
    expect((await cli('boards')).out).toMatch(new RegExp(`${board}\\s+weekly`));
    await submit(board, 'a', 3);
    await api('GET', `/api/boards/${board}/entries`);
    expect(await cli('verify', '--board', board)).toMatchObject({ code: 0, out: expect.stringMatching(/^0 differences/) });
    expect((await cli('rebuild', '--board', board)).code).toBe(0);
    expect((await cli('delete-player', '--board', board, '--player', 'a')).code).toBe(0);
    // Erasure marks the periods stale in Valkey; the next read rebuilds them without the player.
    expect((await cli('verify', '--board', board)).out).toContain('Valkey not ready');
    expect((await api('GET', `/api/boards/${board}/entries?limit=5`)).body.total).toBe(0);
    expect((await cli('verify', '--board', board)).out).toContain('0 in the record, 0 in Valkey, 0 differences');
    expect(await cli('verify', '--board', 'no-such-board')).toMatchObject({ code: 1, err: expect.stringContaining('board_not_found') });
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('verify --board global reports 0 differences', async () => {
    await submit('global', 'cli-check', 1);
    await api('GET', '/api/boards/global/entries?limit=3');
    expect(await cli('verify', '--board', 'global')).toMatchObject({ code: 0, out: expect.stringMatching(/^0 differences/) });
  });
});
