/**
 * The Postgres-only baseline answers the same ranks as the origin's rule: (rank_score,
 * achieved_at, player_id) ascending, on PGlite with the project's migrations. The set-based
 * friends query must agree with counting the entries ahead of each friend one by one.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, openPglite, type Sql } from '../dev/postgres/index.ts';
import { PG_SQL } from './pg-only.ts';

const BOARD = 'pg-only';
let sql: Sql;

beforeAll(async () => {
  sql = await openPglite();
  await applyMigrations(sql, join(resolve(import.meta.dirname, '..'), 'supabase/migrations'));
  await sql.query(`select public.lb_board_upsert($1, 'b', 'desc', 'best', 'never', 'server')`, [BOARD]);
  // 300 players, many equal scores and equal times, so ties are broken by time and then by id.
  await sql.query(
    `insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
     select $1, 'all', 'p' || i, (i * 37) % 50, -((i * 37) % 50), timestamptz '2026-01-01' + ((i % 7) || ' seconds')::interval, null, i, now()
     from generate_series(1, 300) i`,
    [BOARD],
  );
}, 60_000);

afterAll(async () => {
  await sql?.close();
});

describe('the Postgres-only friends query', () => {
  it('gives each friend the rank that counting the entries ahead gives, in rank order', async () => {
    const friends = ['p1', 'p299', 'p50', 'p7', 'p150', 'p8', 'p300', 'nobody'];
    const rows = await sql.query<{ player_id: string; rank: string }>(PG_SQL.friends, [BOARD, friends]);
    const expected = await sql.query<{ player_id: string; rank: string }>(
      `select e.player_id, 1 + (select count(*) from public.entries o where o.board_id = e.board_id and o.period = e.period
         and (o.rank_score, o.achieved_at, o.player_id) < (e.rank_score, e.achieved_at, e.player_id)) as rank
       from public.entries e where e.board_id = $1 and e.period = 'all' and e.player_id = any ($2::text[]) order by rank`,
      [BOARD, friends],
    );
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => [r.player_id, Number(r.rank)])).toEqual(expected.map((r) => [r.player_id, Number(r.rank)]));
    expect(new Set(rows.map((r) => Number(r.rank))).size).toBe(7);
  });
});
