import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@supabase/supabase-js';
import type { WebSocketLikeConstructor } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { startGateway } from '../gateway/gateway.ts';
import type { RunningGateway } from '../gateway/gateway.ts';
import { applyMigrations } from './migrate.ts';
import { openPostgres } from './node-postgres.ts';
import { startPostgres15 } from './pg15.ts';
import type { Postgres15 } from './pg15.ts';
import type { Sql } from './sql.ts';
import { UNIT_PORTS } from '../local-config.ts';

const PORT = UNIT_PORTS.postgres;
const FIXTURES = fileURLToPath(new URL('../gateway/fixtures/migrations', import.meta.url));
const SERVICE = 'pg15-service-key';
const ANON = 'pg15-anon-key';

let dataDir: string;
let server: Postgres15 | undefined;
let sql: Sql | undefined;
let gw: RunningGateway | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pg15-'));
  server = await startPostgres15({ dataDir, port: PORT });
  sql = await openPostgres(server.url, { max: 4 });
  gw = await startGateway({ sql, serviceRoleKey: SERVICE, anonKey: ANON, port: 0 });
}, 120_000);

afterAll(async () => {
  await gw?.stop();
  await sql?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('real PostgreSQL 15', () => {
  it('runs migrations, the gateway, grants and error mapping, then reports the outage as 503', async () => {
    const db = sql as Sql;
    const url = (gw as RunningGateway).url;
    expect(server?.url).toBe(`postgres://postgres@127.0.0.1:${PORT}/leaderboard`);
    expect(await applyMigrations(db, FIXTURES)).toHaveLength(2);
    expect(await applyMigrations(db, FIXTURES)).toEqual([]);
    expect(await db.query(`select 9223372036854775807::int8 as a, 1.10::numeric as b, array[1,2]::int8[] as c`)).toEqual([
      { a: '9223372036854775807', b: '1.10', c: ['1', '2'] },
    ]);

    const opts = { auth: { persistSession: false }, realtime: { transport: ws as unknown as WebSocketLikeConstructor } };
    const service = createClient(url, SERVICE, opts);
    const anon = createClient(url, ANON, opts);
    for (const n of [9007199254740991, -9007199254740991]) {
      expect((await service.rpc('echo_int8', { n })).data).toBe(n);
    }
    await Promise.all(['a', 'b', 'c', 'd'].map((p, i) => service.rpc('submit_score', { p_player: p, p_score: i })));
    expect((await service.rpc('top_scores', { p_limit: 2 })).data).toEqual([
      { player: 'd', score: 3 },
      { player: 'c', score: 2 },
    ]);
    const bad = await service.rpc('submit_score', { p_player: 'x', p_score: -5 });
    expect([bad.status, bad.error?.code, bad.error?.hint]).toEqual([400, 'P0001', 'score must be >= 0 and player non-empty']);
    const dup = await service.rpc('add_player', { p_player: 'a' });
    expect([dup.status, dup.error?.code]).toEqual([409, '23505']);
    const denied = await anon.rpc('secret');
    expect([denied.status, denied.error?.code]).toEqual([401, '42501']);
    expect((await service.rpc('reset_scores')).status).toBe(204);

    await server?.stop();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    const down = await service.rpc('echo_int8', { n: 1 });
    expect(down.status).toBe(503);
  }, 120_000);
});
