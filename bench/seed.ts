/**
 * Seeding benchmark boards through the project's own functions: scores go into Postgres with
 * `lb_submit_batch`, and the returned entries into Valkey with the projection's `apply`, wrapped in
 * the projection's rebuild protocol (begin, apply pages, finish) so the period ends up ready.
 */
import type pg from 'pg';
import { boardSpace } from '../origin/projection/keys.ts';
import type { Projection } from '../origin/projection/projection.ts';
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
  sort?: 'desc' | 'asc';
  operator?: 'best' | 'latest' | 'increment' | 'decrement';
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
  const space = boardSpace(board);
  const generation = await projection.beginRebuild(space, 'all');
  let lastReport = 0;
  let mirrored: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < players; from += batch) {
    const entries = [];
    for (let i = from; i < Math.min(players, from + batch); i++) entries.push({ playerId: playerId(i), score: Math.floor(random() * 1e9) });
    const { rows } = await pool.query<{ r: BatchOutcome }>(`select public.lb_submit_batch($1, $2::jsonb, 'server:bench') as r`, [board.id, JSON.stringify(entries)]);
    const out = rows[0]!.r;
    // Valkey applies this batch while Postgres works on the next one.
    mirrored = mirrored.then(() => projection.apply(space, 'all', out.sort, out.results.map((x) => x.entry), false));
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
  if (!(await projection.finishRebuild(space, 'all', generation))) throw new Error(`the projection of ${board.id} went stale while seeding`);
  return performance.now() - started;
}
