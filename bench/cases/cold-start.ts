/**
 * Case 6: a cold start of the origin bundle in fresh Node processes: import, client creation and
 * the first request (a player read through the Function URL handler), median of several processes.
 * Also reports the origin bundle's size and the Worker's gzip size from `wrangler deploy --dry-run`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LOCAL_AWS } from '../../dev/local-config.ts';
import { toFunctionUrlEvent } from '../../dev/emulator/event.ts';
import { ROOT } from '../../dev/stack/stack.ts';
import type { BenchContext } from '../context.ts';
import { median } from '../stats.ts';

/** Reads the clock from process start: import, then the first request with its client creation. */
const PROBE = `'use strict';
const t0 = performance.now();
const { handler } = require(process.env.BENCH_BUNDLE);
const t1 = performance.now();
handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'cold-start' }).then((res) => {
  const t2 = performance.now();
  process.stdout.write('\\nCOLD ' + JSON.stringify({ boot: t0, import: t1 - t0, first: t2 - t1, total: t2, status: res.statusCode }) + '\\n');
  process.exit(0);
}, (err) => { console.error(err); process.exit(1); });
`;
const BOOT = `process.stdout.write('COLD ' + JSON.stringify({ total: performance.now() }) + '\\n')`;

interface Probe {
  boot: number;
  import: number;
  first: number;
  total: number;
  status?: number;
}

/** The origin bundle: the project's `npm run build` step when it exists, else esbuild with the same rules. */
async function bundleOrigin(outdir: string): Promise<{ file: string; bytes: number; how: string }> {
  const buildModule = join(ROOT, 'build/origin.ts');
  if (existsSync(buildModule)) {
    const { buildOrigin } = (await import(pathToFileURL(buildModule).href)) as { buildOrigin(o: { outdir: string }): Promise<{ file: string; bytes: number }> };
    return { ...(await buildOrigin({ outdir })), how: 'build/origin.ts' };
  }
  const esbuild = await import('esbuild');
  const file = join(outdir, 'handler.cjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'origin/handler.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    external: ['@valkey/valkey-glide'],
    logLevel: 'warning',
  });
  return { file, bytes: statSync(file).size, how: 'esbuild in the bench (CJS, platform node, minified, GLIDE external)' };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function parseProbe(stdout: string): Probe | null {
  const line = stdout.split('\n').find((l) => l.startsWith('COLD '));
  return line ? (JSON.parse(line.slice(5)) as Probe) : null;
}

/** The Worker's upload size, gzipped, from `wrangler deploy --dry-run --outdir`. */
async function workerGzip(outdir: string): Promise<number> {
  const res = await run(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir], {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
    NO_COLOR: '1',
  });
  if (res.code !== 0) throw new Error(`wrangler deploy --dry-run failed: ${res.stderr.slice(-500)}`);
  const js = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(m?js)$/.test(f));
  if (js.length === 0) throw new Error(`wrangler wrote no JavaScript into ${outdir}`);
  return js.reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).byteLength, 0);
}

/** Runs the cold start case. */
export async function coldStart(ctx: BenchContext): Promise<void> {
  const outdir = join(ctx.dataDir, 'origin-build');
  mkdirSync(outdir, { recursive: true });
  const bundle = await bundleOrigin(outdir);
  ctx.progress(`  origin bundle: ${bundle.bytes} bytes (${bundle.how})`);
  const probeFile = join(ctx.dataDir, 'cold-probe.cjs');
  writeFileSync(probeFile, PROBE);

  const board = ctx.readBoards.get(ctx.sizes.boards[0]!)!.id;
  const event = toFunctionUrlEvent(
    { method: 'GET', url: new URL(`https://origin.lambda-url.us-east-1.on.aws/api/boards/${board}/players/p1`), headers: [['host', 'origin.lambda-url.us-east-1.on.aws']], body: new Uint8Array() },
    { accessKeyId: ctx.stack.devVars.AWS_ACCESS_KEY_ID ?? 'AKIA', accountId: LOCAL_AWS.accountId, principalArn: LOCAL_AWS.principalArn, userId: 'AIDALOCALEDGE' },
    { requestId: 'cold-start', sourceIp: '127.0.0.1', domainName: 'origin.lambda-url.us-east-1.on.aws' },
  );
  // No tsx and no NODE_OPTIONS: a plain Node process, as on Lambda. NODE_PATH lets the bundle find GLIDE.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_PATH: join(ROOT, 'node_modules'),
    ...ctx.stack.originEnv,
    BENCH_BUNDLE: bundle.file,
    BENCH_EVENT: JSON.stringify(event),
  };

  const probes: Probe[] = [];
  const boots: number[] = [];
  for (let i = 0; i < ctx.sizes.coldStarts; i++) {
    const boot = parseProbe((await run(process.execPath, ['-e', BOOT], { PATH: process.env.PATH })).stdout);
    if (boot) boots.push(boot.total);
    const res = await run(process.execPath, [probeFile], env);
    const p = parseProbe(res.stdout);
    if (!p || p.status !== 200) throw new Error(`cold start ${i + 1} failed (exit ${res.code}, status ${p?.status}): ${res.stderr.slice(-500)}`);
    probes.push(p);
    ctx.progress(`  cold start ${i + 1}/${ctx.sizes.coldStarts}: ${p.total.toFixed(0)} ms (boot ${p.boot.toFixed(0)}, import ${p.import.toFixed(0)}, first request ${p.first.toFixed(0)})`);
  }
  ctx.result({
    name: `origin cold start (process start to first response, handler called in process), median of ${probes.length}`,
    value: median(probes.map((p) => p.total)),
    unit: 'ms',
    baseline: median(boots),
    baselineIs: 'empty Node process',
    target: { on: 'value', op: '<=', limit: 300 },
  });
  ctx.info({ name: 'cold start: import of the bundle, median', value: median(probes.map((p) => p.import)), unit: 'ms' });
  ctx.info({ name: 'cold start: first request incl. client creation, median', value: median(probes.map((p) => p.first)), unit: 'ms' });
  ctx.info({ name: 'origin bundle size', value: bundle.bytes / 1024, unit: 'KiB', note: bundle.how });
  ctx.progress('  wrangler deploy --dry-run (Worker size)');
  ctx.info({ name: 'Worker upload size, gzip', value: (await workerGzip(join(ctx.dataDir, 'worker-build'))) / 1024, unit: 'KiB', note: 'wrangler deploy --dry-run' });
}
