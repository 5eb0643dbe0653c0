/**
 * `npm run bench [-- --quick] [-- --cluster] [-- --update-readme] [-- --report-only]`: the benchmark
 * suite against a local stack it starts itself on BENCH_PORTS (PostgreSQL 15, Valkey, the gateway,
 * the Lambda emulator, wrangler dev) and stops afterwards, also on failure and Ctrl-C.
 * Results go to bench/results/latest.{json,md} (ignored by git); the results section of
 * docs/performance.md (which the README links to) is rewritten only with --update-readme. Exits 1 when a target is missed or a case fails to complete;
 * with --report-only a missed target is reported but does not fail the run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_PORTS } from '../dev/local-config.ts';
import { ensurePostgres15, ensureValkey } from '../dev/provision.ts';
import { ROOT, startStack } from '../dev/stack/stack.ts';
import { stageLocalLambda } from '../build/lambda-fs.ts';
import { formatBytes } from '../build/paths.ts';
import { edgeCache } from './cases/edge-cache.ts';
import { coldStart } from './cases/cold-start.ts';
import { originReads } from './cases/origin-reads.ts';
import { seedReadBoards } from './cases/seed-boards.ts';
import { snapshots } from './cases/snapshots.ts';
import { stampede } from './cases/stampede.ts';
import { writePath } from './cases/write-path.ts';
import { tournaments } from './cases/tournaments.ts';
import { stream } from './cases/stream.ts';
import { recordWrites } from './cases/record-writes.ts';
import { originReadsHttp } from './cases/origin-reads-http.ts';
import { originMetrics } from './cases/origin-metrics.ts';
import { FULL, QUICK, type BenchContext } from './context.ts';
import { machineInfo, PERFORMANCE_DOC, readmeSection, renderMarkdown, spliceReadme, type Info, type Report } from './report.ts';
import { judge, type CaseResult } from './stats.ts';

const quick = process.argv.includes('--quick');
const cluster = process.argv.includes('--cluster');
/** `--only=<text>[,<text>...]`: run only the cases whose name contains one of them; docs/performance.md is then left alone. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const onlyNames = only?.split(',').map((s) => s.trim()).filter(Boolean);
const updateReadme = process.argv.includes('--update-readme');
const reportOnly = process.argv.includes('--report-only');
const started = Date.now();
const stamp = () => `[bench +${Math.round((Date.now() - started) / 1000)}s]`;
const progress = (line: string) => console.log(`${stamp()} ${line}`);

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
/** Runs every registered cleanup once, newest first. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => console.error(`${stamp()} cleanup failed: ${String(err)}`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log(`\n${stamp()} ${signal}: stopping everything the bench started`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** `seeds`: which seeded read boards the case uses (default all; `smallest`: only the first size; false: none). */
interface Case {
  name: string;
  run: (ctx: BenchContext) => Promise<void>;
  seeds?: 'all' | 'smallest' | false;
}
const allCases: Case[] = [
  { name: 'origin reads and scale curve (in process)', run: originReads },
  { name: 'origin reads over HTTP with SigV4', run: originReadsHttp },
  { name: 'edge cache hit', run: edgeCache, seeds: 'smallest' },
  { name: 'stampede', run: stampede, seeds: 'smallest' },
  { name: 'snapshot walks', run: snapshots },
  { name: 'write path and memory', run: writePath, seeds: false },
  { name: 'record writes at production durability', run: recordWrites, seeds: false },
  { name: 'tournaments: joins and cohort reads', run: tournaments, seeds: false },
  { name: 'live stream fan-out', run: stream, seeds: false },
  { name: 'cold start', run: coldStart, seeds: 'smallest' },
  { name: 'origin metrics cost', run: originMetrics, seeds: false },
];
const cases = allCases.filter((c) => !onlyNames?.length || onlyNames.some((n) => c.name.includes(n)));

async function main(): Promise<number> {
  const sizes = quick ? QUICK : FULL;
  progress(`${quick ? 'quick' : 'full'} run; ports from ${BENCH_PORTS.edge} (LB_PORT_OFFSET=${process.env.LB_PORT_OFFSET ?? 0})`);
  ensureValkey(ROOT);
  ensurePostgres15();
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) {
    progress('building the web app (the edge serves it)');
    spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach its data dir inside
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  // The origin runs as Lambda runs it: the deploy bundle, with GLIDE from a layer (as the e2e tests run it).
  progress('building the origin bundle (build/origin.ts) and a GLIDE layer for this machine, laid out as Lambda mounts them');
  const lambda = await stageLocalLambda({ root: join(dataDir, 'lambda'), originOutdir: join(dataDir, 'origin'), log: (l) => progress(`  ${l}`) });
  progress(`  ${lambda.handlerPath} (${formatBytes(lambda.origin.bytes)})`);
  progress(`starting the stack (PostgreSQL 15, ${cluster ? '3-shard TLS Valkey cluster' : 'standalone Valkey'}); data and logs in ${dataDir}`);
  const stack = await startStack({
    ports: BENCH_PORTS,
    valkey: cluster ? 'cluster' : 'standalone',
    postgres: 'pg15',
    dataDir,
    originHandler: lambda.handlerPath,
    originNodePath: lambda.nodePath,
    log: (l) => progress(`  ${l}`),
  });
  cleanups.push(() => stack.stop());
  const pgUrl = `postgres://postgres@127.0.0.1:${BENCH_PORTS.postgres}/leaderboard`;
  const pool = new pg.Pool({ connectionString: pgUrl, max: 40 });
  pool.on('error', () => undefined);
  cleanups.push(() => pool.end());

  const results: CaseResult[] = [];
  const info: Info[] = [];
  const ctx: BenchContext = {
    quick,
    sizes,
    stack,
    pgUrl,
    pool,
    dataDir,
    readBoards: new Map(),
    progress,
    result: (c) => {
      const r = judge(c);
      results.push(r);
      progress(`  => ${r.name}: ${r.value.toFixed(3)} ${r.unit}${r.ratio === null ? '' : `, ratio ${r.ratio.toFixed(3)}`} (target ${r.target}) ${r.pass ? 'PASS' : 'MISS'}`);
    },
    info: (i) => {
      info.push(i);
      progress(`  -- ${i.name}: ${i.value.toFixed(3)} ${i.unit}`);
    },
    onCleanup: (fn) => cleanups.push(fn),
  };

  let broken = false;
  const notes = [
    `System of record: the machine's PostgreSQL 15 (fsync off, as in the local stack); Valkey ${cluster ? '3-shard TLS cluster' : 'standalone'}; the origin runs in the Lambda emulator from its deploy bundle, with GLIDE from a layer, as Lambda mounts them.`,
  ];
  const seedAll = cases.some((c) => (c.seeds ?? 'all') === 'all');
  if (seedAll || cases.some((c) => c.seeds === 'smallest')) {
    progress('seeding the read boards');
    await seedReadBoards(ctx, seedAll ? sizes.boards : sizes.boards.slice(0, 1));
  }
  for (const c of cases) {
    progress(`case: ${c.name}`);
    try {
      await c.run(ctx);
    } catch (err) {
      broken = true;
      console.error(err);
      ctx.result({ name: `${c.name}: did not complete`, value: Number.NaN, unit: '', baseline: null, target: { on: 'value', op: '<=', limit: 0 }, note: String(err instanceof Error ? err.message : err) });
    }
  }

  const report: Report = {
    machine: machineInfo(),
    mode: quick ? 'quick' : 'full',
    command: `npm run bench${quick || cluster ? ` --${quick ? ' --quick' : ''}${cluster ? ' --cluster' : ''}` : ''}${updateReadme ? ' --update-readme' : ''}`,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    cases: results,
    info,
    notes,
  };
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const table = renderMarkdown(report);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.md'), `# Benchmark results\n\n${table}`);
  console.log(`\n${table}`);
  if (updateReadme && only) {
    progress('--only: docs/performance.md is left alone, because it shows a whole run');
  } else if (updateReadme) {
    writeFileSync(PERFORMANCE_DOC, spliceReadme(readFileSync(PERFORMANCE_DOC, 'utf8'), readmeSection(report, table)));
    progress('wrote bench/results/latest.json, bench/results/latest.md and the results section of docs/performance.md');
  } else {
    progress('wrote bench/results/latest.json and bench/results/latest.md (docs/performance.md is rewritten only with --update-readme)');
  }
  const missed = results.filter((r) => !r.pass);
  if (missed.length > 0) {
    progress(`${missed.length} of ${results.length} targets missed: ${missed.map((r) => r.name).join('; ')}`);
    if (reportOnly) progress('--report-only: a missed target does not fail the run');
  }
  if (broken) return 1;
  return missed.length > 0 && !reportOnly ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  });
