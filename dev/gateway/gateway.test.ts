import { fileURLToPath } from 'node:url';
import { createClient } from '@supabase/supabase-js';
import type { SupabaseClient, WebSocketLikeConstructor } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { applyMigrations } from '../postgres/migrate.ts';
import { openPglite } from '../postgres/pglite.ts';
import type { Sql } from '../postgres/sql.ts';
import { startGateway } from './gateway.ts';
import type { GatewayLogEntry, RunningGateway } from './gateway.ts';

const MIGRATIONS = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));
const SERVICE = 'test-service-role-key';
const ANON = 'test-anon-key';

let sql: Sql;
let gw: RunningGateway;
let service: SupabaseClient;
let anon: SupabaseClient;
const logs: GatewayLogEntry[] = [];

const client = (key: string): SupabaseClient =>
  createClient(gw.url, key, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as unknown as WebSocketLikeConstructor } });

/** POSTs to /rest/v1/rpc/<fn> with the service key unless headers say otherwise. */
type Body = Record<string, unknown>;
const json = async (res: Response): Promise<Body> => (await res.json()) as Body;

async function rpc(fn: string, body: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gw.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: SERVICE, authorization: `Bearer ${SERVICE}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

beforeAll(async () => {
  sql = await openPglite({});
  await applyMigrations(sql, MIGRATIONS);
  gw = await startGateway({ sql, serviceRoleKey: SERVICE, anonKey: ANON, port: 0, log: (e) => logs.push(e) });
  service = client(SERVICE);
  anon = client(ANON);
});

afterAll(async () => {
  await gw?.stop();
  await sql?.close();
});

describe('through supabase-js', () => {
  it('returns a jsonb result as-is', async () => {
    const { data, error, status } = await service.rpc('submit_score', { p_player: 'ada', p_score: 42 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual({ player: 'ada', score: 42 });
  });

  it('maps RAISE (P0001) to 400 with message, details and hint', async () => {
    const { data, error, status } = await service.rpc('submit_score', { p_player: '', p_score: -1 });
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error).toMatchObject({
      code: 'P0001',
      message: 'invalid score submission',
      details: 'player= score=-1',
      hint: 'score must be >= 0 and player non-empty',
    });
  });

  it('round-trips int8 at ±(2^53-1) exactly', async () => {
    for (const n of [9007199254740991, -9007199254740991]) {
      const { data, error } = await service.rpc('echo_int8', { n });
      expect(error).toBeNull();
      expect(data).toBe(n);
    }
  });

  it('returns `returns table` functions as arrays of row objects, also over GET', async () => {
    await service.rpc('submit_score', { p_player: 'bob', p_score: 7 });
    const { data, error } = await service.rpc('top_scores', { p_limit: 2 });
    expect(error).toBeNull();
    expect(data).toEqual([
      { player: 'ada', score: 42 },
      { player: 'bob', score: 7 },
    ]);
    const viaGet = await service.rpc('top_scores', { p_limit: 1 }, { get: true });
    expect(viaGet.error).toBeNull();
    expect(viaGet.data).toEqual([{ player: 'ada', score: 42 }]);
  });

  it('lets optional arguments be omitted', async () => {
    const { data, error } = await service.rpc('echo_json', { payload: { a: [1, 'x'] } });
    expect(error).toBeNull();
    expect(data).toEqual({ payload: { a: [1, 'x'] }, note: null });
  });

  it('answers 204 with null data for a void function', async () => {
    const { data, error, status } = await service.rpc('touch', { p_player: 'tmp' });
    expect(error).toBeNull();
    expect(typeof data).toBe('number');
    const res = await service.rpc('add_player', { p_player: 'carol' });
    expect(res.error).toBeNull();
    expect(status).toBe(200);
    const voidCall = await rpc('reset_scores', '{}');
    expect(voidCall.status).toBe(204);
    expect(await voidCall.text()).toBe('');
    const viaClient = await service.rpc('reset_scores');
    expect(viaClient.status).toBe(204);
    expect(viaClient.error).toBeNull();
    expect(viaClient.data).toBeNull();
  });

  it('maps a unique violation (23505) to 409', async () => {
    await service.rpc('add_player', { p_player: 'dave' });
    const { error, status } = await service.rpc('add_player', { p_player: 'dave' });
    expect(status).toBe(409);
    expect(error?.code).toBe('23505');
    expect(error?.details).toContain('already exists');
  });

  it('denies the anon key a function granted only to service_role (401), allows granted ones', async () => {
    const denied = await anon.rpc('secret');
    expect(denied.status).toBe(401);
    expect(denied.error?.code).toBe('42501');
    expect(denied.error?.message).toBe('permission denied for function secret');
    const ok = await service.rpc('secret');
    expect(ok.data).toBe('for service_role only');
    const allowed = await anon.rpc('echo_int8', { n: 5 });
    expect(allowed.data).toBe(5);
  });

  it('answers 404 PGRST202 for an unknown function', async () => {
    const { error, status } = await service.rpc('no_such_fn', { b: 1, a: 2 });
    expect(status).toBe(404);
    expect(error).toMatchObject({
      code: 'PGRST202',
      details:
        'Searched for the function public.no_such_fn with parameters a, b or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: null,
      message: 'Could not find the function public.no_such_fn(a, b) in the schema cache',
    });
  });
});

describe('through raw HTTP', () => {
  it('rejects a wrong apikey with Supabase gateway body', async () => {
    const res = await rpc('echo_int8', '{"n":1}', { apikey: 'nope' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      message: 'Invalid API key',
      hint: 'Double check your Supabase `anon` or `service_role` API key.',
    });
    const missing = await fetch(`${gw.url}/rest/v1/rpc/echo_int8`, { method: 'POST', body: '{"n":1}' });
    expect(missing.status).toBe(401);
  });

  it('takes the role from the bearer token (service apikey + anon bearer = anon)', async () => {
    const res = await rpc('secret', '{}', { authorization: `Bearer ${ANON}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const unknown = await rpc('secret', '{}', { authorization: 'Bearer not-a-key' });
    expect(unknown.status).toBe(401);
    expect((await json(unknown)).code).toBe('PGRST301');
  });

  it('serves JSON with PostgREST content type and keeps int8 digits beyond 2^53', async () => {
    const res = await rpc('echo_int8', '{"n": 9223372036854775807}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('9223372036854775807');
    const neg = await rpc('echo_int8', '{"n": -9223372036854775808}');
    expect(await neg.text()).toBe('-9223372036854775808');
    const nested = await rpc('echo_json', '{"payload": {"big": 12345678901234567890123}}');
    expect(await nested.text()).toBe('{"note": null, "payload": {"big": 12345678901234567890123}}');
  });

  it('rejects an invalid JSON body with 400 PGRST102', async () => {
    const res = await rpc('echo_int8', '{"n": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'PGRST102', message: 'Invalid request body', hint: null });
  });

  it('treats an empty body as no arguments', async () => {
    const res = await rpc('secret', undefined);
    expect(res.status).toBe(200);
    expect(await res.json()).toBe('for service_role only');
  });

  it('maps SQLSTATEs to PostgREST statuses', async () => {
    const cases: [string, string, number, string][] = [
      ['payment_required', '{}', 402, 'PT402'],
      ['divide', '{"a":1,"b":0}', 400, '22012'],
      ['echo_int8', '{"n":"x"}', 400, '22P02'],
      ['twin', '{"x":1}', 300, 'PGRST203'],
    ];
    for (const [fn, args, status, code] of cases) {
      const res = await rpc(fn, args);
      const body = await json(res);
      expect([fn, res.status, body.code]).toEqual([fn, status, code]);
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
    }
  });

  it('runs GET calls read-only (a write is 405, 25006)', async () => {
    const res = await fetch(`${gw.url}/rest/v1/rpc/touch?p_player=zed`, { headers: { apikey: SERVICE } });
    expect(res.status).toBe(405);
    expect((await json(res)).code).toBe('25006');
  });

  it('passes the whole body to a single unnamed jsonb parameter', async () => {
    const res = await rpc('raw_body', '[1, {"a": 2}]');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([1, { a: 2 }]);
  });

  it('shapes OUT-parameter and setof-scalar results, and honours vnd.pgrst.object', async () => {
    await rpc('submit_score', '{"p_player":"eve","p_score":3}');
    const card = await rpc('player_card', '{"p_player":"eve"}');
    expect(await card.json()).toEqual({ player: 'eve', score: 3 });
    const values = await rpc('score_values', '');
    expect(Array.isArray(await values.json())).toBe(true);
    const one = await rpc('top_scores', '{"p_limit":1}', { accept: 'application/vnd.pgrst.object+json' });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ player: expect.any(String) });
    const many = await rpc('top_scores', '{"p_limit":5}', { accept: 'application/vnd.pgrst.object+json' });
    expect([many.status, (await json(many)).code]).toEqual([406, 'PGRST116']);
  });

  it('finds functions created after startup (schema cache reload)', async () => {
    await sql.exec(`create function public.late_fn(x int) returns int language sql as $$ select x * 2 $$;
      grant execute on function public.late_fn(int) to service_role;`);
    const res = await rpc('late_fn', '{"x": 21}');
    expect(await res.json()).toBe(42);
  });

  it('refuses other methods and other schemas', async () => {
    const put = await fetch(`${gw.url}/rest/v1/rpc/secret`, { method: 'PUT', headers: { apikey: SERVICE } });
    expect([put.status, (await json(put)).code]).toEqual([405, 'PGRST101']);
    const other = await rpc('secret', '{}', { 'content-profile': 'private' });
    expect([other.status, (await json(other)).code]).toEqual([406, 'PGRST106']);
  });

  it('answers liveness and health', async () => {
    const root = await fetch(`${gw.url}/rest/v1/`);
    expect([root.status, await root.json()]).toEqual([200, {}]);
    const health = await fetch(`${gw.url}/health`);
    expect(health.status).toBe(200);
  });

  it('logs one entry per call without secrets', () => {
    expect(logs.length).toBeGreaterThan(10);
    expect(logs.find((l) => l.fn === 'no_such_fn')).toMatchObject({ method: 'POST', status: 404, code: 'PGRST202' });
    expect(JSON.stringify(logs)).not.toContain(SERVICE);
    expect(JSON.stringify(logs)).not.toContain(ANON);
  });
});
