/**
 * Where one hot board's writes spend their time, against the same writes spread over 64 boards:
 * a fresh PostgreSQL 15 with every migration applied and production durability (fsync and
 * synchronous_commit on), 32 callers of `lb_submit` for 8 s per run, each run followed by its top
 * statements from pg_stat_statements (track = all: the statements inside lb_submit too; mean
 * times are wall-clock, waits included). docs/write-path.md quotes it. The runs:
 *   1. the hot board from empty, before `entries` has ever been analyzed (a new database's first
 *      minute, until autovacuum's first ANALYZE);
 *   2. the hot board and 3. the 64 boards, both holding the same 100,000 players (each player on
 *      one of the 64 boards), after ANALYZE: the same mix of new, changed and unchanged entries.
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

  const run = async (label: string, write: () => [board: string, player: string]) => {
    await pool.query('select pg_stat_statements_reset()');
    const started = performance.now();
    let writes = 0;
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (performance.now() - started < SECONDS * 1000) {
          const [b, p] = write();
          await pool.query(`select public.lb_submit($1, $2, $3::bigint, null, null, 'server:bench')`, [b, p, Math.floor(Math.random() * 1e9)]);
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
  const player = () => Math.floor(Math.random() * PLAYERS);
  await run('one hot board, from empty, entries never analyzed', () => ['hot', `w${player()}`]);
  // Every player on the hot board and on one of the 64 boards, then the statistics autovacuum would gather.
  const { period } = (await pool.query<{ period: string }>(`select public.lb_period_key('never', now()) as period`)).rows[0]!;
  await pool.query(
    `insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, seq, updated_at)
     select b.id, $1, 'w' || i, s, -s, now(), nextval('public.lb_write_seq'), now()
     from generate_series(0, $2::int - 1) i
     cross join lateral (select (random() * 5e8)::bigint as s) r
     cross join lateral (values ('hot'), ('spread-' || i % ${SPREAD})) b(id)
     on conflict do nothing`,
    [period, PLAYERS],
  );
  await pool.query('vacuum analyze public.entries');
  await run('one hot board, 100,000 players, analyzed', () => ['hot', `w${player()}`]);
  await run(`the same players over ${SPREAD} boards, analyzed`, () => {
    const p = player();
    return [`spread-${p % SPREAD}`, `w${p}`];
  });
  await pool.end();
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
