/**
 * Cases 4 and 7: score submissions end to end (edge -> SigV4 -> emulator -> origin -> gateway ->
 * PostgreSQL 15, then Valkey) against `lb_submit` called directly through Postgres with the same
 * concurrency; and the origin process's memory under that load. The edge is the Worker's bundle
 * in its runtime alone (bench/runtime.ts), as Cloudflare runs it: wrangler dev's local proxy, a
 * second workerd that every request crosses, is not part of production.
 */
import { join } from 'node:path';
import type { BenchContext } from '../context.ts';
import { cpuDelta, cpuSeconds, findPid } from '../cpu.ts';
import { runLoad } from '../load.ts';
import { sampleRss } from '../rss.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../runtime.ts';
import { analyzeWriteTables, createBoard, prng } from '../seed.ts';
import { summarize } from '../stats.ts';

const WRITERS = 32;
/** Writes spread over this many players, so no single entry row gets hot. */
const PLAYERS = 100_000;

/** Runs the write path and memory cases. */
export async function writePath(ctx: BenchContext): Promise<void> {
  const d = ctx.sizes.writeLoadS;
  await createBoard(ctx.pool, { id: 'bench-writes-sql' });
  await createBoard(ctx.pool, { id: 'bench-writes' });

  // Steady state: a board that is read has a ready projection, so a write gets its rank from Valkey.
  // (Until a first read rebuilds it, each write also asks Postgres for the rank; see the README.)
  // The first read rebuilds the projection; on a busy machine it may pass the edge's origin timeout once.
  const runtime = await startWorkerRuntime({
    dir: join(ctx.dataDir, 'write-runtime'),
    // As the stack's wrangler dev gets them (dev/stack/stack.ts): the local secrets, and the stack's origin.
    vars: { ...ctx.stack.devVars, ORIGIN_URL: ctx.stack.urls.emulator, SUPABASE_URL: ctx.stack.urls.gateway, DEV_MODE: 'true' },
  });
  ctx.onCleanup(() => runtime.stop());
  try {
    await measureWrites(ctx, runtime, d);
  } finally {
    await runtime.stop();
  }
}

async function measureWrites(ctx: BenchContext, runtime: WorkerRuntime, d: number): Promise<void> {
  let ready = await fetch(`${runtime.url}/api/boards/bench-writes/entries`);
  for (let i = 0; i < 3 && ready.status === 503; i++) ready = await fetch(`${runtime.url}/api/boards/bench-writes/entries`);
  if (ready.status !== 200) throw new Error(`could not read bench-writes: ${ready.status} ${await ready.text()}`);

  const trees = cpuTrees(ctx, runtime);
  // Both boards start empty: a short warm-up gives the tables rows, then the statistics autovacuum would gather.
  await directSubmits(ctx, 'bench-writes-sql', 2);
  await analyzeWriteTables(ctx.pool);
  ctx.progress(`  baseline: lb_submit straight through Postgres, ${WRITERS} connections, ${d} s`);
  let cpu = cpuSeconds(trees);
  let own = process.cpuUsage();
  const sql = await directSubmits(ctx, 'bench-writes-sql', d);
  const sqlCpu = { ...cpuDelta(cpu, cpuSeconds(trees)), 'load generator': cpuOf(process.cpuUsage(own)) };
  ctx.progress(`  baseline: ${sql.rps.toFixed(0)} writes/s, p50 ${sql.p50.toFixed(2)} ms, p99 ${sql.p99.toFixed(2)} ms, ${sql.errors} errors`);

  const key = (ctx.stack.devVars.SERVER_API_KEYS ?? '').split(',')[0];
  if (!key) throw new Error('no SERVER_API_KEYS in .dev.vars');
  const random = prng(4242);
  const pid = ctx.stack.emulator.pid;
  const idleRss = sampleRss(pid).stop().last;
  // workerd's CPU while nothing is sent (timers, the live objects' alarms), to tell it from the writes' own.
  const idleStart = cpuSeconds(trees);
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idlePerS = (cpuSeconds(trees)[WORKERD] ?? 0) - (idleStart[WORKERD] ?? 0);
  const rss = sampleRss(pid);
  cpu = cpuSeconds(trees);
  own = process.cpuUsage();
  const loadStarted = performance.now();
  const e2e = await runLoad(
    'edge writes',
    {
      url: runtime.url,
      connections: WRITERS,
      duration: d,
      requests: [
        {
          method: 'POST',
          path: '/api/boards/bench-writes/scores',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          setupRequest: (req) => {
            req.body = JSON.stringify({ playerId: `w${Math.floor(random() * PLAYERS)}`, score: Math.floor(random() * 1e9) });
            return req;
          },
        },
      ],
    },
    ctx.progress,
  );
  const loadS = (performance.now() - loadStarted) / 1000;
  const mem = rss.stop();
  const e2eCpu: Record<string, number> = { ...cpuDelta(cpu, cpuSeconds(trees)), 'load generator': cpuOf(process.cpuUsage(own)) };

  ctx.result({
    name: `write throughput end to end, ${WRITERS} writers, ${d} s`,
    value: e2e.rps,
    unit: 'writes/s',
    baseline: sql.rps,
    baselineIs: 'lb_submit via pg',
    target: { on: 'value', op: '>=', limit: 400 },
    note: 'every write crosses the Worker (in its runtime, without wrangler dev), SigV4 signing and verification, the origin, supabase-js, the gateway and Valkey, all on the same two cores as Postgres; the baseline is the record alone',
  });
  ctx.result({ name: 'write errors end to end (errors, timeouts, non-2xx)', value: e2e.errors, unit: 'errors', baseline: null, target: { on: 'value', op: '<=', limit: 0 } });
  ctx.result({
    name: 'origin (emulator process) peak RSS under the write load',
    value: mem.peak,
    unit: 'MB',
    baseline: idleRss,
    baselineIs: 'same process before the load',
    target: { on: 'value', op: '<=', limit: 200 },
    note: 'the origin\'s deploy bundle, and the emulator around it, which runs from TypeScript through tsx (its loader is part of this figure)',
  });
  ctx.info({ name: 'write p50 end to end', value: e2e.p50, unit: 'ms' });
  ctx.info({ name: 'write p99 end to end', value: e2e.p99, unit: 'ms' });
  ctx.info({ name: 'write p50 lb_submit via pg', value: sql.p50, unit: 'ms' });
  ctx.info({ name: 'write p99 lb_submit via pg', value: sql.p99, unit: 'ms' });
  ctx.info({ name: 'write errors lb_submit via pg', value: sql.errors, unit: 'errors' });
  const perWrite = (secs: number, writes: number) => (secs * 1000) / Math.max(1, writes);
  for (const [part, secs] of Object.entries(e2eCpu)) ctx.info({ name: `CPU per write end to end: ${part}`, value: perWrite(secs, e2e.total), unit: 'ms' });
  const workerd = e2eCpu[WORKERD];
  if (workerd !== undefined) {
    ctx.result({
      name: 'Worker CPU per write (workerd)',
      value: perWrite(workerd, e2e.total),
      unit: 'ms',
      baseline: null,
      target: { on: 'value', op: '<=', limit: 3 },
      note: "the Worker runtime's CPU: the Worker (auth, validation, SigV4 signing, the live poke) and the runtime's HTTP",
    });
    ctx.info({ name: 'Worker idle CPU (workerd, no requests)', value: (idlePerS / IDLE_S) * 1000, unit: 'ms/s' });
    ctx.info({ name: 'Worker CPU per write (workerd, idle CPU of the same time subtracted)', value: perWrite(Math.max(0, workerd - (idlePerS / IDLE_S) * loadS), e2e.total), unit: 'ms' });
  }
  for (const [part, secs] of Object.entries(sqlCpu)) if (secs > 0) ctx.info({ name: `CPU per write lb_submit via pg: ${part}`, value: perWrite(secs, sql.total), unit: 'ms' });
}

const cpuOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** Seconds of workerd's idle CPU measured before the edge load. */
const IDLE_S = 3;

/** The edge: the Worker runtime's workerd process. */
const WORKERD = 'edge (Worker runtime, workerd)';

/** The stack's processes whose CPU time the write case reports, each with its children. */
function cpuTrees(ctx: BenchContext, runtime: WorkerRuntime): Record<string, number> {
  const s = ctx.stack;
  const postgres = findPid((cmd) => cmd.startsWith('/usr/lib/postgresql/15/bin/postgres') && cmd.includes(ctx.dataDir));
  return {
    ...(runtime.pid ? { [WORKERD]: runtime.pid } : {}),
    'origin (emulator)': s.emulator.pid,
    gateway: s.gateway.pid,
    ...(postgres ? { postgres } : {}),
    ...(s.valkeyServer ? { valkey: s.valkeyServer.pid } : {}),
  };
}

/** WRITERS loops calling lb_submit for `seconds`, each on its own pooled connection. */
async function directSubmits(ctx: BenchContext, board: string, seconds: number) {
  const random = prng(99);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const client = await ctx.pool.connect();
      try {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            await client.query({
              name: 'bench-submit',
              text: `select public.lb_submit($1, $2, $3::bigint, null, null, 'server:bench')`,
              values: [board, `w${Math.floor(random() * PLAYERS)}`, Math.floor(random() * 1e9)],
            });
            latencies.push(performance.now() - t);
          } catch {
            errors++;
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const s = summarize(latencies);
  return { rps: latencies.length / elapsed, total: latencies.length, p50: s.p50, p99: s.p99, errors };
}
