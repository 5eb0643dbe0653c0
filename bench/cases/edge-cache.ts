/**
 * Case 1: a cached read served by the edge Worker in `wrangler dev`, against a trivial Worker that
 * answers a constant JSON body of the same size in the same runtime, under the same load.
 */
import { join } from 'node:path';
import { BENCH_PORTS } from '../../dev/local-config.ts';
import { ROOT } from '../../dev/stack/stack.ts';
import { startService } from '../../dev/stack/service.ts';
import type { BenchContext } from '../context.ts';
import { runLoad } from '../load.ts';

const CONNECTIONS = 50;
/** The baseline Worker listens next to the bench edge. */
export const BASELINE_PORT = BENCH_PORTS.edge + 1;

/** Runs the edge cache case. */
export async function edgeCache(ctx: BenchContext): Promise<void> {
  const board = ctx.readBoards.get(ctx.sizes.boards[0]!)!.id;
  const path = `/api/boards/${board}/entries?limit=10`;
  const edgeUrl = `${ctx.stack.urls.edge}${path}`;
  await fetch(edgeUrl).then((r) => r.text());
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
    const base = await runLoad('baseline Worker', { url: baseUrl, connections: CONNECTIONS, duration: d }, ctx.progress);
    const edge = await runLoad('edge cached GET', { url: ctx.stack.urls.edge, connections: CONNECTIONS, duration: d, requests: [{ method: 'GET', path, onResponse: count }] }, ctx.progress);
    if (edge.errors || base.errors) throw new Error(`errors under load: edge ${edge.errors}, baseline ${base.errors}`);
    const hits = Object.entries(cacheStatus).map(([k, v]) => `${k} ${v}`).join(', ');
    ctx.result({
      name: `edge cache hit throughput, ${CONNECTIONS} connections, ${d} s`,
      value: edge.rps,
      unit: 'req/s',
      baseline: base.rps,
      baselineIs: 'constant-body Worker',
      target: { on: 'ratio', op: '>=', limit: 0.6 },
      note: `a hit is one Cache API lookup; X-Cache: ${hits}`,
    });
    ctx.result({
      name: `edge cache hit p99, ${CONNECTIONS} connections`,
      value: edge.p99,
      unit: 'ms',
      baseline: base.p99,
      baselineIs: 'constant-body Worker',
      target: { on: 'ratio', op: '<=', limit: 1.5 },
    });
    ctx.info({ name: 'edge cache hit p50', value: edge.p50, unit: 'ms', note: `baseline ${base.p50} ms` });
    ctx.info({ name: 'edge cached body', value: bytes, unit: 'bytes', note: hits });
  } finally {
    await baseline.stop();
  }
}
