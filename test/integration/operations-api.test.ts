/**
 * The admin's operations over HTTP (docs/operations.md#operations-over-http), through the edge:
 * verify and rebuild with their reports, source status and sync now, the audit log and the
 * webhook deliveries, paged; admin only, never cached, validated, 404 for an unknown board and
 * 503 with the origin down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { tasks } from '../../origin/tasks/tasks.ts';
import { startFixtureServer, type FixtureServer } from '../fixture-server.ts';
import { ADMIN, api, createBoard, ensureOriginUp, origin, playerToken, rpc, SERVER, submit, uniqueBoard, valkeyClient } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';

let fixtures: FixtureServer;
beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.serve('/rows', { rows: [{ id: 'ann', points: 30 }, { id: 'bo', points: 20 }, { id: 'bad id!', points: 1 }] });
});
afterEach(ensureOriginUp);
afterAll(async () => {
  await fixtures.close();
  await closeValkey();
});

/** A call with the admin key, another credential, or none (null). */
const as = (token: string | null | undefined) => ({ ...(token !== null ? { token: token ?? ADMIN() } : {}) });
const post = (board: string, op: string, body?: unknown, token?: string | null) => api('POST', `/api/boards/${board}/${op}`, { ...as(token), ...(body === undefined ? {} : { body }) });
const get = (board: string, op: string, token?: string | null) => api('GET', `/api/boards/${board}/${op}`, as(token));

async function scored(reset = 'never') {
  const board = uniqueBoard('ops');
  await createBoard(board, { reset });
  for (const [p, s] of [['a', 3], ['b', 2], ['c', 1]] as const) expect((await submit(board, p, s)).status).toBe(200);
  return board;
}

describe('verify and rebuild over HTTP', () => {
  it('verify reports the current period, finds a difference Valkey has, and rebuild repairs it', async () => {
    const board = await scored();
    const clean = await post(board, 'verify', {});
    expect(clean.status).toBe(200);
    expect(clean.headers.get('cache-control')).toBe('no-store');
    expect(clean.body).toMatchObject({ differences: 0, skipped: [], periods: [{ board, period: 'all', ready: true, recordEntries: 3, projectionEntries: 3, differences: 0 }] });

    // b's entry goes missing from Valkey: verify sees it, rebuild puts it back.
    const k = periodKeys(boardSpace(await rpc('lb_board', { p_id: board })), 'all');
    const client = await valkeyClient();
    try {
      const b = String(await client.hget(k.e, 'b'));
      await client.zrem(k.z, [b.split('|')[1]!]);
      await client.hdel(k.e, ['b']);
    } finally {
      client.close();
    }
    const broken = await post(board, 'verify', { period: 'all' });
    expect(broken.body.differences).toBeGreaterThan(0);
    expect(broken.body.periods[0].sample).toContainEqual({ playerId: 'b', kind: 'missing' });

    const rebuilt = await post(board, 'rebuild', {});
    expect([rebuilt.status, rebuilt.body]).toEqual([200, { periods: [{ period: 'all', rebuilt: true }], skipped: [] }]);
    expect((await post(board, 'verify', { allPeriods: true })).body).toMatchObject({ differences: 0, skipped: [], periods: [{ period: 'all', ready: true }] });
  });

  it('is the same report as the verify task', async () => {
    const board = await scored();
    const viaHttp = await post(board, 'verify', {});
    const deps = originDeps(() => new Date());
    expect(viaHttp.body).toEqual(JSON.parse(JSON.stringify(await tasks.verify.run(deps, { board }, { remainingMs: () => Number.POSITIVE_INFINITY }))));
  });

  it('refuses other credentials, bad bodies and methods, and unknown boards', async () => {
    const board = await scored();
    expect((await post(board, 'verify', {}, null)).status).toBe(401);
    expect((await post(board, 'verify', {}, SERVER())).body.error.code).toBe('forbidden');
    expect((await post(board, 'rebuild', {}, await playerToken('a'))).status).toBe(403);
    for (const body of [{ period: 5 }, { allPeriods: 'yes' }, { periods: ['all'] }, [], 'x']) {
      const res = await post(board, 'verify', body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, 'invalid_request']);
    }
    expect((await api('POST', `/api/boards/${board}/verify`, { token: ADMIN() })).body.error.code).toBe('unsupported_media_type'); // no JSON body at all: send {}
    expect((await get(board, 'verify')).status).toBe(405);
    expect((await api('DELETE', `/api/boards/${board}/webhooks`, { token: ADMIN() })).status).toBe(405);
    for (const [method, op] of [['POST', 'verify'], ['POST', 'rebuild'], ['POST', 'sync'], ['GET', 'source'], ['GET', 'audit'], ['GET', 'webhooks']] as const) {
      const res = await api(method, `/api/boards/nope-${board}/${op}`, { token: ADMIN(), ...(method === 'POST' && op !== 'sync' ? { body: {} } : {}) });
      expect([res.status, res.body.error.code], op).toEqual([404, 'board_not_found']);
    }
    expect((await post('Bad Id', 'verify', {})).status).toBe(400);
  });

  it('answers 503 when the origin is down', async () => {
    const board = await scored();
    await origin('stop');
    const res = await post(board, 'verify', {});
    expect([res.status, res.body.error.code]).toEqual([503, 'unavailable']);
    expect((await get(board, 'audit')).status).toBe(503);
    await origin('start');
    expect((await post(board, 'verify', {})).status).toBe(200);
  });
});

describe('source status and sync now', () => {
  it('shows the source and its last sync, syncs now, and refuses a board without a source', async () => {
    const board = uniqueBoard('ops-src');
    const source = { url: `${fixtures.url}/rows`, itemsPath: 'rows', playerIdField: 'id', scoreField: 'points' };
    await upsertBoard(originDeps(() => new Date()), board, { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', source });
    const before = await get(board, 'source');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ board, source, status: null });

    const synced = await post(board, 'sync');
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ board, period: 'all', ok: true, rows: 3, applied: 2, skipped: 1, badRows: [{ index: 2 }] });
    expect((await api('GET', `/api/boards/${board}/entries`)).body.entries.map((e: { playerId: string }) => e.playerId)).toEqual(['ann', 'bo']);
    expect((await get(board, 'source')).body.status).toMatchObject({ ok: true, applied: 2, at: synced.body.at });
    expect((await post(board, 'sync')).body).toMatchObject({ ok: true, applied: 0, unchanged: 2 });

    const plain = await scored();
    expect((await get(plain, 'source')).body).toEqual({ board: plain, source: null, status: null });
    const refused = await post(plain, 'sync');
    expect([refused.status, refused.body.error.code]).toEqual([409, 'conflict']);
    expect((await post(board, 'sync', undefined, SERVER())).status).toBe(403);
  });
});

describe('audit log and webhook deliveries', () => {
  it('pages the audit log newest first, and validates the query', async () => {
    const board = await scored();
    for (const p of ['a', 'b']) expect((await api('DELETE', `/api/boards/${board}/players/${p}`, { token: ADMIN() })).status).toBe(204);
    const all = await get(board, 'audit');
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    expect(all.body).toMatchObject({ board, next: null, records: [{ action: 'player_deleted', detail: { entries: 1 } }, { action: 'player_deleted' }] });
    expect(JSON.stringify(all.body)).not.toMatch(/"a"|"b"/);
    const [newer, older] = all.body.records as { id: number }[];
    expect(newer!.id).toBeGreaterThan(older!.id);

    const first = await get(board, 'audit?limit=1');
    expect(first.body).toMatchObject({ records: [{ id: newer!.id }], next: newer!.id });
    const second = await get(board, `audit?limit=1&before=${first.body.next}`);
    expect(second.body).toMatchObject({ records: [{ id: older!.id }], next: older!.id });
    expect((await get(board, `audit?limit=1&before=${second.body.next}`)).body).toEqual({ board, records: [], next: null });

    for (const q of ['limit=0', 'limit=201', 'limit=x', 'before=0', 'before=-1', 'page=2']) {
      const res = await get(board, `audit?${q}`);
      expect([res.status, res.body.error.code], q).toEqual([400, 'invalid_request']);
    }
    expect((await get(board, 'audit', SERVER())).status).toBe(403);
  });

  it("lists a board's webhook deliveries, without the secret", async () => {
    const clock = fixedClock('2034-05-10T12:00:00.000Z');
    const deps = originDeps(clock.now, { WEBHOOK_ALLOW_LOOPBACK: 'true' });
    const board = uniqueBoard('ops-hook');
    const url = 'http://127.0.0.1:9/hook';
    const out = await upsertBoard(deps, board, { name: board, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', webhook: { url } });
    const none = await get(board, 'webhooks');
    expect([none.status, none.body]).toEqual([200, { board, resultsSize: 100, webhook: { url }, deliveries: [], next: null }]);

    // Two daily periods close (the clock stands in 2034): each queues a delivery; nothing is sent.
    for (const [day, next] of [['2034-05-10', '2034-05-11'], ['2034-05-11', '2034-05-12']] as const) {
      clock.set(`${day}T12:00:00.000Z`);
      await submitScore(deps, board, { playerId: 'a', score: 5 }, { kind: 'server', keyId: 'test' }, null);
      clock.set(`${next}T00:00:05.000Z`);
      await tasks.rollover.run(deps, {}, { remainingMs: () => 0 });
    }
    const listed = await get(board, 'webhooks?limit=1');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(out.results.webhook!.secret!);
    expect(listed.body).toMatchObject({ board, webhook: { url }, deliveries: [{ status: 'pending', attempts: 0 }] });
    expect(listed.body.next).toBe(listed.body.deliveries[0].id);
    const older = await get(board, `webhooks?limit=5&before=${listed.body.next}`);
    expect(older.body.deliveries.every((d: { id: number }) => d.id < listed.body.next)).toBe(true);
    expect((await get(board, 'webhooks?limit=x')).status).toBe(400);
  });
});
