/**
 * The contract against the running stack: every operation of docs/openapi.json, called through the
 * edge, answers a documented status with a body its zod schema accepts.
 */
import { describe, expect, it } from 'vitest';
import { batchResultSchema, errorEnvelopeSchema, submitResultSchema } from '../../core/index.ts';
import { OPERATIONS, type ExampleBody } from '../../build/openapi.ts';
import { ADMIN, api, createBoard, edge, SERVER, submit, uniqueBoard, type Res } from '../helpers.ts';
import { openSse } from '../sse.ts';

/** Checks one answer against the operation's documented responses. */
function conforms(method: string, path: string, res: Res): void {
  const op = OPERATIONS.find((o) => o.method === method && o.path === path);
  expect(op, `${method} ${path} is documented`).toBeDefined();
  const documented = op!.responses[res.status];
  expect(documented, `${method} ${path} answered ${res.status}`).not.toBeUndefined();
  if (documented && 'schema' in documented) expect((documented as ExampleBody).schema.safeParse(res.body).error?.issues ?? []).toEqual([]);
}

describe('the API as documented', () => {
  it('answers every documented operation with a body its schema accepts', async () => {
    const board = uniqueBoard('contract');
    const b = `/api/boards/${board}`;
    conforms('put', '/api/boards/{board}', await api('PUT', b, { token: ADMIN(), body: { name: 'Contract', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server' } }));
    conforms('put', '/api/boards/{board}', await api('PUT', b, { token: ADMIN(), body: { name: 'Contract, renamed', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server' } }));
    conforms('post', '/api/boards/{board}/scores', await submit(board, 'alice', 42, { metadata: { country: 'SE' } }));
    conforms('post', '/api/boards/{board}/scores', await submit(board, 'alice', 50, { key: 'contract-1' }));
    conforms('post', '/api/boards/{board}/scores/batch', await api('POST', `${b}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'bob', score: 17 }, { playerId: 'carol', score: 60 }] } }));
    conforms('get', '/api/health', await api('GET', '/api/health'));
    conforms('get', '/api/openapi.json', await api('GET', '/api/openapi.json'));
    conforms('get', '/api/boards', await api('GET', '/api/boards'));
    conforms('get', '/api/boards/{board}', await api('GET', b));
    conforms('get', '/api/boards/{board}/entries', await api('GET', `${b}/entries?limit=2`));
    conforms('get', '/api/boards/{board}/players', await api('GET', `${b}/players?ids=alice,bob,nobody`));
    conforms('get', '/api/boards/{board}/players/{playerId}', await api('GET', `${b}/players/alice`));
    conforms('get', '/api/boards/{board}/players/{playerId}/around', await api('GET', `${b}/players/bob/around?radius=1`));
    conforms('get', '/api/boards/{board}/players/{playerId}/history', await api('GET', `${b}/players/alice/history?limit=1`));
    conforms('get', '/leaderboard', await api('GET', '/leaderboard?count=3'));
    const live = await openSse(`${edge()}${b}/stream?view=ids:alice`);
    live.close();
    conforms('get', '/api/boards/{board}/stream', { status: live.status, headers: live.headers, body: null });
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    conforms('delete', '/api/boards/{board}/players/{playerId}', await api('DELETE', `${b}/players/bob`, { token: ADMIN() }));
    conforms('delete', '/api/boards/{board}', await api('DELETE', b, { token: ADMIN() }));
  });

  it('ranks a single write, and answers rank null for every entry of a batch', async () => {
    const board = uniqueBoard('contract');
    await createBoard(board);
    const single = submitResultSchema.parse((await submit(board, 'alice', 42)).body);
    expect(single.entry.rank).toBe(1);
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'bob', score: 17 }, { playerId: 'alice', score: 50 }] } });
    const results = batchResultSchema.parse(batch.body).results;
    expect(results.map((r) => [r.playerId, r.entry.rank, r.entry.score])).toEqual([
      ['bob', null, 17],
      ['alice', null, 50],
    ]);
  });

  it('answers errors in the documented envelope, with their documented status', async () => {
    const board = uniqueBoard('contract');
    const cases: [Res, string, number][] = [
      [await api('GET', `/api/boards/${board}`), 'board_not_found', 404],
      [await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'a', score: 1.5 } }), 'invalid_request', 400],
      [await api('PUT', `/api/boards/${board}`, { body: { name: 'x' } }), 'unauthorized', 401],
      [await api('PATCH', `/api/boards/${board}`), 'method_not_allowed', 405],
    ];
    for (const [res, code, status] of cases) {
      expect([res.status, errorEnvelopeSchema.parse(res.body).error.code]).toEqual([status, code]);
    }
  });
});
