/**
 * Case 1: a cached read served by the edge Worker in `wrangler dev`, against a trivial Worker that
 * answers a constant JSON body of the same size in the same runtime, under the same load.
 * The two are measured in alternating rounds, so that a noisy neighbour hits both alike; cached
 * answers are counted by X-Cache, with STALE (served while revalidating) apart from HIT.
 */
import { join } from 'node:path';
import { BENCH_PORTS } from '../../dev/local-config.ts';
import { ROOT } from '../../dev/stack/stack.ts';
import { startService } from '../../dev/stack/service.ts';
import type { BenchContext } from '../context.ts';
import { cpuSeconds, workerRuntimePid } from '../cpu.ts';
import { runLoad, type LoadResult } from '../load.ts';

const CONNECTIONS = 50;
/** The baseline Worker listens next to the bench edge. */
export const BASELINE_PORT = BENCH_PORTS.edge + 1;

/** Runs the edge cache case. */
export async function edgeCache(ctx: BenchContext): Promise<void> {
  const board = ctx.readBoards.get(ctx.sizes.boards[0]!)!.id;
  const path = `/api/boards/${board}/entries?limit=10`;
  const edgeUrl = `${ctx.stack.urls.edge}${path}`;
  // The first read rebuilds the board's projection; on a busy machine it may pass the edge's origin timeout (503) once or twice.
  for (let i = 0; i < 3; i++) if ((await fetch(edgeUrl).then(async (r) => (await r.text(), r.status))) !== 503) break;
  const primed = await fetch(edgeUrl);
  const bytes = (await primed.arrayBuffer()).byteLength;
  if (primed.status !== 200 || primed.headers.get('x-cache') !== 'HIT') throw new Error(`the edge did not cache ${path}: ${primed.status} ${primed.headers.get('x-cache')}`);

  ctx.progress(`  starting the baseline Worker (wrangler dev) on 127.0.0.1:${BASELINE_PORT}, body ${bytes} bytes`);
  const baseline = await startService({
    name: 'baseline-worker',
    command: process.execPath,
    args: [
      join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev',
      '--config', join(ROOT, 'bench/baseline-worker/wrangler.toml'),
      '--ip', '127.0.0.1', '--port', String(BASELINE_PORT), '--inspector-port', String(BASELINE_PORT + 50),
      '--var', `BODY_BYTES:${bytes}`,
      '--persist-to', join(ctx.dataDir, 'wrangler-baseline'),
      '--show-interactive-dev-session=false', '--log-level', 'info',
    ],
    cwd: ROOT,
    env: { WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    logFile: join(ctx.dataDir, 'logs', 'baseline-worker.log'),
    ready: /Ready on http/,
    timeoutMs: 120_000,
  });
  ctx.onCleanup(() => baseline.stop());
  try {
    const baseUrl = `http://127.0.0.1:${BASELINE_PORT}/`;
    const check = await (await fetch(baseUrl)).arrayBuffer();
    if (check.byteLength !== bytes) throw new Error(`the baseline Worker answered ${check.byteLength} bytes, not ${bytes}`);

    const cacheStatus: Record<string, number> = {};
    const count = (_s: number, _b: string, _c: unknown, headers: Record<string, string | string[]>) => {
      const name = Object.keys(headers).find((k) => k.toLowerCase() === 'x-cache');
      const v = name ? String(headers[name]) : 'none';
      cacheStatus[v] = (cacheStatus[v] ?? 0) + 1;
    };
    const d = ctx.sizes.edgeLoadS;
    const warm = Math.max(1, Math.round(d / 3));
    await runLoad('warm-up baseline', { url: baseUrl, connections: CONNECTIONS, duration: warm }, ctx.progress);
    await runLoad('warm-up edge', { url: edgeUrl, connections: CONNECTIONS, duration: warm }, ctx.progress);
    // Rounds of about 2 s, baseline and edge in turn, starting with each side alternately.
    const rounds = Math.max(2, Math.round(d / 2));
    const roundS = Math.max(1, Math.round(d / rounds));
    const base: LoadResult[] = [];
    const edge: LoadResult[] = [];
    // CPU seconds of each side's Worker runtime (workerd alone) during its own rounds: unlike
    // throughput, CPU per request hardly moves with what else the machine runs.
    const runtimes = { edge: ctx.stack.edge ? workerRuntimePid(ctx.stack.edge.pid) : null, base: workerRuntimePid(baseline.pid) };
    const cpu = { edge: 0, base: 0 };
    const timed = async (side: 'edge' | 'base', load: () => Promise<LoadResult>) => {
      const pid = runtimes[side];
      const before = pid === null ? 0 : (cpuSeconds({ w: pid }).w ?? 0);
      const r = await load();
      if (pid !== null) cpu[side] += (cpuSeconds({ w: pid }).w ?? 0) - before;
      return r;
    };
    for (let i = 0; i < rounds; i++) {
      const runBase = async () => void base.push(await timed('base', () => runLoad(`baseline Worker, round ${i + 1}/${rounds}`, { url: baseUrl, connections: CONNECTIONS, duration: roundS }, ctx.progress)));
      const runEdge = async () => void edge.push(await timed('edge', () => runLoad(`edge cached GET, round ${i + 1}/${rounds}`, { url: ctx.stack.urls.edge, connections: CONNECTIONS, duration: roundS, requests: [{ method: 'GET', path, onResponse: count }] }, ctx.progress)));
      if (i % 2 === 0) {
        await runBase();
        await runEdge();
      } else {
        await runEdge();
        await runBase();
      }
    }
    const e = combine(edge);
    const b = combine(base);
    if (e.errors || b.errors) throw new Error(`errors under load: edge ${e.errors}, baseline ${b.errors}`);
    const hit = cacheStatus.HIT ?? 0;
    const stale = cacheStatus.STALE ?? 0;
    const other = Object.entries(cacheStatus).filter(([k]) => k !== 'HIT' && k !== 'STALE');
    const hits = `HIT ${hit}, STALE ${stale}${other.map(([k, v]) => `, ${k} ${v}`).join('')}`;
    ctx.result({
      name: `edge cache hit throughput, ${CONNECTIONS} connections, ${rounds} interleaved rounds of ${roundS} s`,
      value: e.rps,
      unit: 'req/s',
      baseline: b.rps,
      baselineIs: 'constant-body Worker, same rounds',
      target: { on: 'ratio', op: '>=', limit: 0.6 },
      note: `a hit is one Cache API lookup; X-Cache: ${hits}`,
    });
    ctx.result({
      name: `edge cache hit p99, ${CONNECTIONS} connections (median of the rounds)`,
      value: e.p99,
      unit: 'ms',
      baseline: b.p99,
      baselineIs: 'constant-body Worker, same rounds',
      target: { on: 'ratio', op: '<=', limit: 1.5 },
    });
    ctx.info({ name: 'edge cache hit p50 (median of the rounds)', value: e.p50, unit: 'ms', note: `baseline ${b.p50} ms` });
    if (runtimes.edge !== null && runtimes.base !== null) {
      const perRequest = (secs: number, n: number) => (secs * 1000) / Math.max(1, n);
      ctx.info({ name: 'Worker CPU per cached read (workerd alone)', value: perRequest(cpu.edge, e.total), unit: 'ms', note: `baseline Worker ${perRequest(cpu.base, b.total).toFixed(3)} ms per request` });
      ctx.info({ name: 'baseline Worker CPU per request (workerd alone)', value: perRequest(cpu.base, b.total), unit: 'ms' });
    }
    ctx.info({ name: 'edge answers X-Cache: HIT', value: hit, unit: 'answers' });
    ctx.info({ name: 'edge answers X-Cache: STALE (served while revalidating)', value: stale, unit: 'answers' });
    for (const [k, v] of other) ctx.info({ name: `edge answers X-Cache: ${k}`, value: v, unit: 'answers' });
    ctx.info({ name: 'edge cached body', value: bytes, unit: 'bytes' });
  } finally {
    await baseline.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Rounds of one side as one figure: throughput over all requests and seconds, latencies as the median of the rounds. */
function combine(rounds: LoadResult[]): { rps: number; total: number; p50: number; p99: number; errors: number } {
  const total = rounds.reduce((n, r) => n + r.total, 0);
  const seconds = rounds.reduce((n, r) => n + r.durationS, 0);
  return { rps: total / seconds, total, p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)), errors: rounds.reduce((n, r) => n + r.errors, 0) };
}
