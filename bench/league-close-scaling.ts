/**
 * How `lb_league_close` grows with the league's size, measured apart from the rest of the benchmark:
 * a fresh PostgreSQL 15 with every migration applied and nothing but the league boards, seeded with
 * the statements of the benchmark's league case (bench/cases/tournaments.ts), then the same two
 * steps (the period's close, then the league's). docs/tournaments.md quotes its figures.
 *
 *   npx tsx bench/league-close-scaling.ts            # 10,000, 30,000 and 100,000 players
 *   npx tsx bench/league-close-scaling.ts 5000 50000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_PORTS } from '../dev/local-config.ts';
import { applyMigrations } from '../dev/postgres/migrate.ts';
import { openPostgres } from '../dev/postgres/node-postgres.ts';
import { startPostgres15 } from '../dev/postgres/pg15.ts';

const COHORT = 50;
const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);

const dataDir = await mkdtemp(join(tmpdir(), 'league-close-'));
// One port past the benchmark's own PostgreSQL, so both can run.
const server = await startPostgres15({ dataDir, port: BENCH_PORTS.postgres + 1 });
try {
  const sql = await openPostgres(server.url, { max: 2 });
  await applyMigrations(sql, 'supabase/migrations');
  await sql.close();
  const pool = new pg.Pool({ connectionString: server.url, max: 1 });
  const period = '2030-01-01';
  for (const n of sizes.length ? sizes : [10_000, 30_000, 100_000]) {
    const id = `league-${n}`;
    const rules = { cohortSize: COHORT, league: { tiers: 5, promote: 10, demote: 10 } };
    await pool.query(`select public.lb_board_put($1, $1, 'desc', 'best', 'daily', 'server', null, null, null, null, null, null, '{}', $2::jsonb)`, [id, JSON.stringify(rules)]);
    await pool.query(
      `insert into public.lb_members (board_id, period, player_id, cohort, band, attempts, joined_at)
       select $1, $3, 'p' || g, g / ${COHORT} + 1, (1 + (g / ${COHORT}) % 5)::text, 1, now() from generate_series(0, $2 - 1) g`,
      [id, n, period],
    );
    await pool.query(
      `insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
       select $1, $3, 'p' || g, s, -s, now(), null, nextval('public.lb_write_seq'), now()
       from (select g, (hashint4(g) & 1073741823)::bigint as s from generate_series(0, $2 - 1) g) t`,
      [id, n, period],
    );
    await pool.query('vacuum analyze public.lb_members');
    let started = performance.now();
    await pool.query('insert into public.closed_periods (board_id, period, entries) values ($1, $2, $3)', [id, period, n]);
    const periodMs = performance.now() - started;
    started = performance.now();
    await pool.query('select public.lb_league_close($1, $2)', [id, period]);
    const closeMs = performance.now() - started;
    console.log(`${n} players: period close ${periodMs.toFixed(0)} ms, league close ${closeMs.toFixed(0)} ms (${((closeMs * 1000) / n).toFixed(1)} µs per player)`);
  }
  await pool.end();
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
