/**
 * What the origin's metrics cost per request (docs/operations.md): one read request's tally
 * published as an EMF line by Powertools Metrics, against the request log line every request
 * already writes (Powertools Logger). Both write to a pipe this process drains, as on Lambda.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../context.ts';

export async function originMetrics(ctx: BenchContext): Promise<void> {
  const child = fork(join(import.meta.dirname, 'origin-metrics-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  ctx.onCleanup(async () => void child.kill('SIGKILL'));
  let tail = '';
  child.stdout?.on('data', () => undefined);
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
  const out = await new Promise<{ metricsUs: number; logUs: number }>((resolve, reject) => {
    let result: { metricsUs: number; logUs: number } | undefined;
    child.on('message', (m: { result?: { metricsUs: number; logUs: number } }) => (result = m.result ?? result));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the metrics child exited with ${code}: ${tail}`))));
  });
  ctx.result({
    name: 'origin metrics per read request (one EMF line) vs its request log line, in process',
    value: out.metricsUs,
    unit: 'µs',
    baseline: out.logUs,
    baselineIs: 'the request log line (Powertools Logger)',
    target: { on: 'ratio', op: '<=', limit: 4 },
    note: 'counters, timings and the Operation dimension of one GET, serialised by Powertools Metrics; the request itself takes about 1-2 ms in process',
  });
}
