import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../core/index.ts';
import type { OriginEnv } from '../http/env.ts';
import { onError } from '../http/errors.ts';
import type { Deps } from '../leaderboard/deps.ts';
import type { RecordBoard } from '../record/types.ts';
import { operations } from './operations.ts';

const board = { id: 'ops-unit', name: 'Ops', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', minScore: null, maxScore: null, cacheSeconds: 5, seq: 0, incarnation: 1, source: null, sourceStatus: null } as unknown as RecordBoard;

/** The operations routes over fakes: a record that knows one board, and a Valkey that cannot be reached. */
function appWith(principal: Principal | null) {
  const log = vi.fn();
  const projection = Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:6379'));
  projection.catch(() => undefined);
  const deps = {
    config: { source: { timeoutMs: 5000, retries: 2, backoffMs: 250 } },
    now: () => new Date('2026-12-02T12:00:00.000Z'),
    log,
    projection: () => projection,
    record: { board: async (id: string) => (id === board.id ? board : null), auditPage: vi.fn(async () => [{ id: 9, action: 'player_deleted', at: '2026-12-02T11:00:00.000Z', detail: {} }]) },
  } as unknown as Deps;
  const app = new Hono<OriginEnv>()
    .use(async (c, next) => {
      c.set('requestId', 'r1');
      c.set('deps', deps);
      c.set('principal', principal);
      await next();
    })
    .route('/api/boards', operations)
    .onError(onError);
  return { app, deps, log };
}

const post = (app: Hono<OriginEnv>, path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('operations over HTTP (origin)', () => {
  it('answers 503, not 500, when Valkey cannot be reached for a verify or rebuild, and logs why', async () => {
    const { app, log } = appWith({ kind: 'admin' });
    for (const op of ['verify', 'rebuild']) {
      const res = await post(app, `/api/boards/${board.id}/${op}`, {});
      expect(res.status, op).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      expect(res.headers.get('retry-after')).toBe('5');
    }
    expect(log).toHaveBeenCalledWith('warn', 'verify failed', { error: expect.stringContaining('ECONNREFUSED') });
  });

  it('is admin only, and never cached', async () => {
    for (const principal of [null, { kind: 'server', keyId: '0' }, { kind: 'player', playerId: 'p' }] as const) {
      const res = await appWith(principal).app.request(`/api/boards/${board.id}/audit`);
      expect(res.status).toBe(principal === null ? 401 : 403);
    }
    const { app, deps } = appWith({ kind: 'admin' });
    const res = await app.request(`/api/boards/${board.id}/audit?limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ board: board.id, records: [{ id: 9, action: 'player_deleted', at: '2026-12-02T11:00:00.000Z', detail: {} }], next: 9 });
    expect(deps.record.auditPage).toHaveBeenCalledWith(board.id, 1, null);
  });

  it('refuses a sync on a board without a source with 409, before fetching anything', async () => {
    const res = await post(appWith({ kind: 'admin' }).app, `/api/boards/${board.id}/sync`, {});
    expect(res.status).toBe(409);
  });
});
