/**
 * Where one hot board's writes spend their time, against the same writes spread over 64 boards:
 * a fresh PostgreSQL 15 with every migration applied and production durability (fsync and
 * synchronous_commit on), 32 callers of `lb_submit` for 8 s per run (hot, spread, hot again), each
 * run followed by its top statements from pg_stat_statements (track = all: the statements inside
 * lb_submit too; mean times are wall-clock, waits included). docs/write-path.md quotes it.
 *
 *   npx tsx bench/hot-board-statements.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_PORTS } from '../dev/local-config.ts';
import { applyMigrations } from '../dev/postgres/migrate.ts';
import { openPostgres } from '../dev/postgres/node-postgres.ts';
import { startPostgres15 } from '../dev/postgres/pg15.ts';

const CALLERS = 32;
const SECONDS = 8;
const SPREAD = 64;
const PLAYERS = 100_000;

const dataDir = await mkdtemp(join(tmpdir(), 'hot-board-'));
// Two ports past the benchmark's own PostgreSQL, so both can run.
const server = await startPostgres15({
  dataDir,
  port: BENCH_PORTS.postgres + 2,
  settings: ['fsync=on', 'synchronous_commit=on', 'full_page_writes=on', 'max_connections=100', 'shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'],
});
try {
  const sql = await openPostgres(server.url, { max: 2 });
  await applyMigrations(sql, 'supabase/migrations');
  await sql.close();
  const pool = new pg.Pool({ connectionString: server.url, max: CALLERS + 2 });
  pool.on('error', () => undefined);
  await pool.query('create extension if not exists pg_stat_statements');
  const board = (id: string) => pool.query(`select public.lb_board_upsert($1, $1, 'desc', 'best', 'never', 'server')`, [id]);
  await board('hot');
  for (let i = 0; i < SPREAD; i++) await board(`spread-${i}`);

  const run = async (label: string, boardOf: (caller: number) => string) => {
    await pool.query('select pg_stat_statements_reset()');
    const started = performance.now();
    let writes = 0;
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, caller) => {
        while (performance.now() - started < SECONDS * 1000) {
          const player = `w${Math.floor(Math.random() * PLAYERS)}`;
          await pool.query(`select public.lb_submit($1, $2, $3::bigint, null, null, 'server:bench')`, [boardOf(caller), player, Math.floor(Math.random() * 1e9)]);
          writes += 1;
        }
      }),
    );
    const top = await pool.query<{ calls: string; mean: string; query: string }>(
      `select calls::text, round(mean_exec_time::numeric, 3)::text as mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as query
       from pg_stat_statements order by total_exec_time desc limit 5`,
    );
    console.log(`${label}: ${(writes / SECONDS).toFixed(0)} writes/s from ${CALLERS} callers`);
    for (const s of top.rows) console.log(`  ${s.calls.padStart(7)} calls  ${s.mean.padStart(7)} ms mean  ${s.query}`);
  };
  await run('one hot board', () => 'hot');
  await run(`spread over ${SPREAD} boards`, (caller) => `spread-${(caller + Math.floor(Math.random() * SPREAD)) % SPREAD}`);
  await run('the hot board again, fuller', () => 'hot');
  await pool.end();
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
