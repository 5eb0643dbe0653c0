/**
 * Origin reads over HTTP, as production serves them: SigV4-signed as the edge signs (aws4fetch,
 * service "lambda", the request id header), verified by the Function URL emulator, answered by
 * the origin from Valkey. Each of top10, rank, around and friends-50 on the largest seeded board,
 * sequentially and from 32 concurrent callers, against the floor: a bare node:http server in its
 * own process answering a constant, reached by the same client with the same signing.
 * Two more references split the gap, both the same emulator (SigV4 check, Lambda event): in front
 * of a handler that returns a constant object (no framework: the emulator's own cost), and in
 * front of a handler that answers a constant through hono/aws-lambda, as the origin's handler
 * does (adding the Lambda adapter's). What remains above the second is the origin's own work.
 * (The in-process case, origin-reads.ts, times the app without HTTP; it is labelled so.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../dev/stack/stack.ts';
import { AwsClient } from 'aws4fetch';
import { BENCH_PORTS, LOCAL_AWS } from '../../dev/local-config.ts';
import { startService } from '../../dev/stack/service.ts';
import { lambdaHeapFlags, templateMemorySize } from '../../dev/emulator/lambda-heap.ts';
import type { BenchContext } from '../context.ts';
import { asker, originPath, QUERIES, type Ask } from '../queries.ts';
import { summarize, type Summary } from '../stats.ts';

const CONCURRENCY = 32;
/** Requests of each URL before its samples. */
const WARMUP = 200;
const fmt = (n: number) => n.toLocaleString('en-US');

/** A constant-answer node:http server in a child process; resolves with its URL. */
async function floorServer(ctx: BenchContext): Promise<string> {
  const code = `const http = require('node:http');
const body = JSON.stringify({ ok: true });
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.send(s.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  ctx.onCleanup(async () => void child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (c) => reject(new Error(`floor server exited with ${c}`)));
  });
  return `http://127.0.0.1:${port}`;
}

/** Where the emulator in front of a constant handler listens. */
const CONSTANT_PORT = BENCH_PORTS.emulator + 1;

/**
 * The Function URL emulator in its own process, started as the stack starts its own (logging to a
 * file), in front of the emulator's test fixture: a small Hono app behind hono/aws-lambda's
 * `handle`, like the origin, whose around route answers a constant. Resolves with its URL.
 */
async function constantBehindEmulator(ctx: BenchContext): Promise<string> {
  const service = await startService({
    name: 'emulator-constant',
    command: process.execPath,
    args: [...lambdaHeapFlags(templateMemorySize(ROOT)), '--import', 'tsx', join(ROOT, 'dev/emulator/main.ts')],
    cwd: ROOT,
    env: {
      EMULATOR_PORT: String(CONSTANT_PORT),
      EMULATOR_ACCESS_KEY_ID: ctx.stack.devVars.AWS_ACCESS_KEY_ID ?? '',
      EMULATOR_SECRET_ACCESS_KEY: ctx.stack.devVars.AWS_SECRET_ACCESS_KEY ?? '',
      ORIGIN_HANDLER: join(ROOT, 'dev/emulator/fixture-handler.ts'),
    },
    logFile: join(ctx.dataDir, 'logs', 'emulator-constant.log'),
    ready: /emulator ready/,
  });
  ctx.onCleanup(() => service.stop());
  return `http://127.0.0.1:${CONSTANT_PORT}`;
}

export async function originReadsHttp(ctx: BenchContext): Promise<void> {
  const players = ctx.sizes.boards.at(-1)!;
  const board = ctx.readBoards.get(players)!;
  const aws = new AwsClient({
    accessKeyId: ctx.stack.devVars.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: ctx.stack.devVars.AWS_SECRET_ACCESS_KEY ?? '',
    service: 'lambda',
    region: LOCAL_AWS.region,
    retries: 0,
  });
  let failures = 0;
  let firstFailure = '';
  const get = async (url: string): Promise<number> => {
    const t = performance.now();
    const res = await aws.fetch(url, { method: 'GET', headers: { 'x-request-id': crypto.randomUUID() } });
    await res.arrayBuffer();
    if (res.status !== 200) {
      failures++;
      firstFailure ||= `${res.status} ${url}`;
    }
    return performance.now() - t;
  };
  const floor = await floorServer(ctx);
  const origin = ctx.stack.urls.emulator;
  const samples = Math.max(100, Math.floor(ctx.sizes.readSamples / 4));
  const seconds = Math.max(3, Math.floor(ctx.sizes.edgeLoadS / 2));

  /**
   * Sequential samples of several URLs asked in turn, one request each, after WARMUP each (the
   * origin's code warm), so that drift on a shared machine falls on each alike.
   */
  const sequential = async (urls: (() => string)[]): Promise<Summary[]> => {
    for (const url of urls) for (let i = 0; i < WARMUP; i++) await get(url());
    const lat = urls.map((): number[] => []);
    for (let i = 0; i < samples; i++) for (const [j, url] of urls.entries()) lat[j]!.push(await get(url()));
    return lat.map(summarize);
  };
  const concurrent = async (url: () => string): Promise<Summary & { rps: number }> => {
    const lat: number[] = [];
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) lat.push(await get(url()));
    }));
    return { ...summarize(lat), rps: lat.length / ((performance.now() - started) / 1000) };
  };

  const constant = await constantBehindEmulator(ctx);
  const floorUrl = () => `${floor}/constant`;
  const constantUrl = () => `${constant}/api/boards/b/players/p/around`;
  // The fixture returns `{ plain: true }` for this path without calling Hono.
  const plainUrl = () => `${constant}/__plain`;
  ctx.progress(`  floor: bare node:http constant answer, signed the same way; each read's ${samples} sequential samples alternate with as many of the floor and of the emulator in front of a plain handler and of a constant one behind hono/aws-lambda`);
  const floorConc = await concurrent(floorUrl);
  ctx.progress(`  floor: ${floorConc.rps.toFixed(0)} req/s, p50 ${floorConc.p50.toFixed(2)} ms at ${CONCURRENCY}`);

  const N = fmt(players);
  for (const q of QUERIES) {
    const ask = asker(players, 7000 + q.length);
    const url = () => `${origin}${originPath(board.id, ask(q) as Ask)}`;
    const [floorSeq, plainSeq, constantSeq, seq] = (await sequential([floorUrl, plainUrl, constantUrl, url])) as [Summary, Summary, Summary, Summary];
    const conc = await concurrent(url);
    ctx.progress(
      `  ${q}: p50 ${seq.p50.toFixed(2)} ms (floor ${floorSeq.p50.toFixed(2)}, emulator with a plain handler ${plainSeq.p50.toFixed(2)}, with a constant one behind hono/aws-lambda ${constantSeq.p50.toFixed(2)}), p99 ${seq.p99.toFixed(2)} ms sequential; ${conc.rps.toFixed(0)} reads/s, p50 ${conc.p50.toFixed(2)} ms, p99 ${conc.p99.toFixed(2)} ms at ${CONCURRENCY}`,
    );
    ctx.result({
      name: `origin over HTTP + SigV4 ${q} p50 vs bare node:http, ${N} players, sequential`,
      value: seq.p50,
      unit: 'ms',
      baseline: floorSeq.p50,
      baselineIs: 'node:http constant, alternating',
      target: { on: 'ratio', op: '<=', limit: 2 },
      note: 'client signs (aws4fetch); the emulator verifies SigV4 and builds the Lambda event; the origin answers from Valkey',
    });
    ctx.info({ name: `origin over HTTP ${q}: emulator in front of a plain handler (no framework), p50 (alternating)`, value: plainSeq.p50, unit: 'ms', note: `${(plainSeq.p50 / floorSeq.p50).toFixed(2)}× the floor: the emulator's own cost (SigV4 check, Lambda event, log line)` });
    ctx.info({ name: `origin over HTTP ${q}: emulator in front of a constant handler, p50 (alternating)`, value: constantSeq.p50, unit: 'ms', note: `${(constantSeq.p50 / floorSeq.p50).toFixed(2)}× the floor; hono/aws-lambda adds ${(constantSeq.p50 - plainSeq.p50).toFixed(2)} ms; the origin's own share of its p50 is ${(seq.p50 - constantSeq.p50).toFixed(2)} ms` });
    ctx.info({ name: `origin over HTTP ${q} p99, sequential`, value: seq.p99, unit: 'ms' });
    ctx.info({ name: `origin over HTTP ${q} p50, ${CONCURRENCY} concurrent`, value: conc.p50, unit: 'ms' });
    ctx.info({ name: `origin over HTTP ${q} p99, ${CONCURRENCY} concurrent`, value: conc.p99, unit: 'ms' });
    ctx.info({ name: `origin over HTTP ${q} reads/s, ${CONCURRENCY} concurrent (floor ${floorConc.rps.toFixed(0)}/s)`, value: conc.rps, unit: 'reads/s' });
  }
  ctx.info({ name: `bare node:http p50, ${CONCURRENCY} concurrent`, value: floorConc.p50, unit: 'ms' });
  ctx.info({ name: `bare node:http req/s, ${CONCURRENCY} concurrent`, value: floorConc.rps, unit: 'req/s' });
  ctx.result({ name: 'origin over HTTP: failed reads', value: failures, unit: 'errors', baseline: null, target: { on: 'value', op: '<=', limit: 0 }, ...(firstFailure ? { note: firstFailure } : {}) });
}
