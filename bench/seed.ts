/**
 * Seeding benchmark boards through the project's own functions: scores go into Postgres with
 * `lb_submit_batch`, and the returned entries into Valkey with the projection's `apply`, wrapped in
 * the projection's rebuild protocol (begin, apply pages, finish) so the period ends up ready.
 */
import type pg from 'pg';
import type { Operator, Sort } from '../core/index.ts';
import type { Deps } from '../origin/leaderboard/deps.ts';
import { rebuildPeriod } from '../origin/leaderboard/rebuild.ts';
import type { Projection } from '../origin/projection/period.ts';
import type { BatchOutcome, RecordBoard } from '../origin/record/types.ts';

/** A small deterministic PRNG (mulberry32), so every run seeds the same boards. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VACUUM_EVERY = 2000;

/** The id of the i-th seeded player of a board. */
export const playerId = (i: number): string => `p${i}`;

export interface BoardSpec {
  id: string;
  sort?: Sort;
  operator?: Operator;
}

/** Creates (or resets the config of) a never-resetting server-written board with `lb_board_upsert`. */
export async function createBoard(pool: pg.Pool, spec: BoardSpec): Promise<RecordBoard> {
  const { rows } = await pool.query<{ r: { board: RecordBoard } }>(
    `select public.lb_board_upsert($1, $2, $3, $4, 'never', 'server') as r`,
    [spec.id, `Bench ${spec.id}`, spec.sort ?? 'desc', spec.operator ?? 'best'],
  );
  return rows[0]!.r.board;
}

/**
 * Submits `players` scores (players p0..p<n-1>, uniform random scores) in batches, mirrors each batch
 * into the projection, and marks the period ready. Returns the time it took in ms.
 */
export async function seedBoard(
  pool: pg.Pool,
  projection: Projection,
  board: RecordBoard,
  players: number,
  opts: { batch?: number; seed?: number; progress?: (done: number) => void } = {},
): Promise<number> {
  const started = performance.now();
  // lb_submit_batch costs grow faster than linearly with the batch (it appends to a jsonb array and
  // bumps the board row once per entry), so batches stay small.
  const batch = opts.batch ?? 100;
  const random = prng(opts.seed ?? players);
  const period = projection.period(board, 'all');
  const generation = await period.beginRebuild();
  let lastReport = 0;
  let mirrored: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < players; from += batch) {
    const entries = [];
    for (let i = from; i < Math.min(players, from + batch); i++) entries.push({ playerId: playerId(i), score: Math.floor(random() * 1e9) });
    const { rows } = await pool.query<{ r: BatchOutcome }>(`select public.lb_submit_batch($1, $2::jsonb, 'server:bench') as r`, [board.id, JSON.stringify(entries)]);
    const out = rows[0]!.r;
    // Valkey applies this batch while Postgres works on the next one.
    mirrored = mirrored.then(() => projection.period({ ...board, sort: out.sort }, 'all').apply(out.results.map((x) => x.entry), false));
    mirrored.catch(() => undefined); // rethrown by the await below
    const done = Math.min(players, from + batch);
    // Every entry leaves a dead version of the board row (its seq); without a vacuum now and then,
    // each lb_submit walks a longer chain of them, and seeding slows down linearly.
    if (done % VACUUM_EVERY < batch) await pool.query('vacuum public.boards');
    if (opts.progress && (done - lastReport >= players / 10 || done === players)) {
      lastReport = done;
      opts.progress(done);
    }
  }
  await mirrored;
  if (!(await period.finishRebuild(generation))) throw new Error(`the projection of ${board.id} went stale while seeding`);
  return performance.now() - started;
}

/**
 * Seeds a large board quickly: one set-based statement writes the rows `lb_submit_batch` would write
 * for that many new players (entries, the submissions log and the board's seq), because the function
 * costs about half a millisecond of Postgres CPU per entry. Then the origin's own `rebuildPeriod`
 * builds the projection from the record, through the gateway, as a read of a missing projection does.
 * Returns the time each step took in ms.
 */
export async function seedBoardBulk(
  pool: pg.Pool,
  deps: Deps,
  projection: Projection,
  board: RecordBoard,
  players: number,
  opts: { seed?: number; progress?: (done: number) => void } = {},
): Promise<{ recordMs: number; projectionMs: number }> {
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select setseed($1)', [((opts.seed ?? players) % 1000) / 1000]);
    await client.query(
      `with src as materialized (
         select g, floor(random() * 1e9)::bigint as score,
                date_trunc('milliseconds', clock_timestamp()) + (g / 100) * interval '1 millisecond' as at
         from generate_series(0, $2::int - 1) g),
       b as (select seq, sort, operator from public.boards where id = $1 for update),
       e as (insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
         select $1, 'all', 'p' || g, score, case when b.sort = 'desc' then -score else score end, at, null, b.seq + g + 1, at from src, b)
       insert into public.submissions (board_id, seq, period, player_id, operator, score, result_score, updated, idempotency_key, principal, submitted_at)
       select $1, b.seq + g + 1, 'all', 'p' || g, b.operator, score, score, true, null, 'server:bench', at from src, b`,
      [board.id, players],
    );
    await client.query('update public.boards set seq = seq + $2 where id = $1', [board.id, players]);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  const recordMs = performance.now() - started;
  opts.progress?.(0);
  let lastReport = 0;
  const ready = await rebuildPeriod(deps, projection.period(board, 'all'), board, (done) => {
    if (opts.progress && done - lastReport >= players / 10) {
      lastReport = done;
      opts.progress(done);
    }
  });
  if (!ready) throw new Error(`the projection of ${board.id} is not ready after the rebuild`);
  return { recordMs, projectionMs: performance.now() - started - recordMs };
}

/**
 * ANALYZE the write path's tables, as autovacuum does within a minute of a table's first rows
 * (autovacuum_naptime). Until a table's first ANALYZE with rows in it, PostgreSQL plans an entry's
 * primary-key probe no cheaper than a scan of the board's range of a rank index
 * (docs/write-path.md, "The hot board and a table without statistics"), and each connection keeps
 * that plan; a case that starts from empty tables and runs for seconds would time that first
 * minute instead of the service.
 */
export async function analyzeWriteTables(pool: pg.Pool): Promise<void> {
  await pool.query('analyze public.entries, public.submissions, public.boards, public.lb_unchanged, public.idempotency');
}

