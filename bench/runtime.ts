/**
 * The edge Worker in its runtime alone: the bundle `wrangler deploy` would upload (build/worker.ts),
 * run by Miniflare in one workerd, with wrangler.toml's bindings (Durable Object BOARD_STREAM,
 * rate limits, vars, assets) as `unstable_getMiniflareWorkerOptions` reads them. No wrangler dev
 * in front of it: its local proxy (a second workerd every request and stream crosses) is not part
 * of production, and under load it holds streams back (docs/live.md).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { buildWorker } from '../build/worker.ts';
import { ROOT } from '../dev/stack/stack.ts';
import { descendantPids } from './cpu.ts';

export interface WorkerRuntime {
  url: string;
  /** The workerd process that runs the Worker and its Durable Objects. */
  pid: number | null;
  stop(): Promise<void>;
}

/** Builds the Worker into `dir` and starts it on a free loopback port with `vars` over wrangler.toml's; its output goes to `dir`/runtime.log. */
export async function startWorkerRuntime(o: { dir: string; vars: Record<string, string> }): Promise<WorkerRuntime> {
  const build = buildWorker({ outdir: join(o.dir, 'worker') });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml'));
  const workerd = (cmd: string) => /\bworkerd\b/.test(cmd);
  const before = new Set(descendantPids(process.pid, workerd));
  const mf = new Miniflare({
    ...workerOptions,
    name: 'leaderboard-edge',
    modules: true,
    modulesRoot: build.dir,
    scriptPath: join(build.dir, 'index.js'),
    bindings: { ...workerOptions.bindings, ...o.vars },
    host: '127.0.0.1',
    port: 0,
    // Requests get the placeholder `cf` object instead of one fetched from Cloudflare (no network needed).
    cf: false,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      const log = createWriteStream(join(o.dir, 'runtime.log'), { flags: 'a' });
      stdout.pipe(log);
      stderr.pipe(log);
    },
  });
  const url = (await mf.ready).origin;
  const pid = descendantPids(process.pid, workerd).find((p) => !before.has(p)) ?? null;
  let stopped: Promise<void> | undefined;
  return { url, pid, stop: () => (stopped ??= mf.dispose()) };
}
