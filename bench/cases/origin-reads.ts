/**
 * Cases 2 and 3: reads on the large board through the origin app in process, against (a) the same
 * Lua scripts through GLIDE in that process and (b) a Postgres-only design on the same rows; and
 * the same reads on every board size, interleaved in rounds, for the scale curve.
 * Every origin figure here is in process (`app.request()`, no HTTP, no Lambda emulator), and
 * is labelled so in the report.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../context.ts';
import { askPostgres } from '../pg-only.ts';
import { asker, QUERIES, type Query } from '../queries.ts';
import { summarize, type Summary } from '../stats.ts';
import type { ReadsInput, ReadsOutput } from './origin-reads-child.ts';

const fmt = (n: number) => n.toLocaleString('en-US');
/** How the in-process origin figures are labelled in the report. */
const IN_PROCESS = 'origin in process';

/** Runs the read measurements in a child process and the Postgres-only baseline here. */
export async function originReads(ctx: BenchContext): Promise<void> {
  const boards = ctx.sizes.boards.map((players) => ({ players, ...ctx.readBoards.get(players)! }));
  const largest = boards.at(-1)!;
  const smallest = boards[0]!;
  const out = await runChild(ctx, { boards, samples: ctx.sizes.readSamples, warmup: Math.min(200, ctx.sizes.readSamples / 5) });
  if (out.errors > 0) throw new Error(`${out.errors} origin reads failed, the first: ${out.firstError}`);

  ctx.progress(`  Postgres-only baseline on ${largest.id}`);
  const pg = await pgBaseline(ctx, largest.id, largest.players);

  const N = fmt(largest.players);
  for (const q of QUERIES) {
    const o = out.origin[largest.players]![q];
    ctx.result({
      name: `${IN_PROCESS}: ${q} p50 vs raw GLIDE, ${N} players`,
      value: o.p50,
      unit: 'ms',
      baseline: out.raw[q].p50,
      baselineIs: 'same Lua via GLIDE, in process',
      target: { on: 'ratio', op: '<=', limit: 1.5 },
      note: 'the origin adds Hono routing, zod validation, the board config lookup, entry mapping, JSON and a log line per request to the same Valkey round trip',
    });
  }
  for (const q of QUERIES) {
    const o = out.origin[largest.players]![q];
    ctx.result({
      name: `${IN_PROCESS}: ${q} p50 vs Postgres-only, ${N} players`,
      value: o.p50,
      unit: 'ms',
      baseline: pg[q].p50,
      baselineIs: 'Postgres 15 SQL over a local connection',
      target: q === 'top10' ? { on: 'ratio', op: '<=', limit: 2 } : { on: 'ratio', op: '>=', limit: 100, invert: true },
      note:
        q === 'top10'
          ? 'a top-10 page is a 10-row index scan in Postgres; the origin answer also carries the board total'
          : q === 'friends'
            ? 'Postgres numbers the entries up to the last-ranked friend in one index-only scan, O(rank of that friend); a sorted set ranks each friend in O(log n)'
            : 'Postgres counts the entries ahead of the player with an index-only scan, O(rank); a sorted set does it in O(log n)',
    });
  }
  for (const q of QUERIES) {
    ctx.result({
      name: `${IN_PROCESS}, scale: ${q} p50, ${fmt(largest.players)} vs ${fmt(smallest.players)} players (sizes interleaved)`,
      value: out.origin[largest.players]![q].p50,
      unit: 'ms',
      baseline: out.origin[smallest.players]![q].p50,
      baselineIs: `${fmt(smallest.players)} players, same rounds`,
      target: { on: 'ratio', op: '<=', limit: 1.5 },
    });
  }
  for (const b of boards.slice(1, -1)) {
    for (const q of QUERIES) ctx.info({ name: `${IN_PROCESS}: ${q} p50, ${fmt(b.players)} players`, value: out.origin[b.players]![q].p50, unit: 'ms' });
  }
  for (const q of QUERIES) ctx.info({ name: `${IN_PROCESS}: ${q} p99, ${N} players`, value: out.origin[largest.players]![q].p99, unit: 'ms' });
}

function runChild(ctx: BenchContext, input: ReadsInput): Promise<ReadsOutput> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ctx.stack.originEnv, BENCH_READS: JSON.stringify(input) };
  // Called in process, not through the Function URL: there is no IAM caller to check.
  delete env.EDGE_PRINCIPAL_ARN;
  // The origin logs a line per request to stdout. On Lambda stdout is a pipe the runtime drains, so
  // here too: a pipe this process drains, keeping only the tail for errors.
  const child = fork(join(import.meta.dirname, 'origin-reads-child.ts'), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  ctx.onCleanup(async () => void child.kill('SIGKILL'));
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    let result: ReadsOutput | undefined;
    child.on('message', (m: { progress?: string; result?: ReadsOutput; error?: string }) => {
      if (m.progress) ctx.progress(m.progress);
      if (m.result) result = m.result;
      if (m.error) reject(new Error(`the read child failed: ${m.error}`));
    });
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the read child exited with ${code}: ${tail.slice(-1500)}`))));
  });
}

async function pgBaseline(ctx: BenchContext, board: string, players: number): Promise<Record<Query, Summary>> {
  const client = await ctx.pool.connect();
  try {
    const out = {} as Record<Query, Summary>;
    for (const q of QUERIES) {
      const n = q === 'top10' ? ctx.sizes.readSamples : q === 'friends' ? ctx.sizes.pgFriendsSamples : ctx.sizes.pgSamples;
      const ask = asker(players, players + q.length);
      await askPostgres(client, board, ask(q)); // prepares the statement
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = ask(q);
        const t = performance.now();
        const rows = await askPostgres(client, board, a);
        samples.push(performance.now() - t);
        if (rows === 0) throw new Error(`the Postgres-only ${q} query found nothing for ${a.players[0]}`);
      }
      out[q] = summarize(samples);
      ctx.progress(`  Postgres-only ${q}: p50 ${out[q].p50.toFixed(3)} ms over ${n} queries`);
    }
    return out;
  } finally {
    client.release();
  }
}
