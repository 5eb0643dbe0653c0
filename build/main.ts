/**
 * `npm run build`: every deployable artifact, then their sizes against the project's own budgets
 * (well under Lambda's and Workers' limits, so that growth shows early).
 *   web          web/dist (vite)
 *   origin       dist/origin/index.cjs (esbuild, GLIDE external)      budget 1 MiB
 *   layer        dist/layer/nodejs/node_modules (GLIDE, linux-arm64)
 *   worker       dist/worker (wrangler deploy --dry-run)              budget 100 KiB gzipped
 *   test-layer   dist/layer-test (GLIDE for this machine's CPU; only for the local e2e tests, not built by default)
 * `npm run build -- origin test-layer` builds only the steps named.
 */
import { relative } from 'node:path';
import { buildLayer, hostCpu } from './layer.ts';
import { buildOrigin } from './origin.ts';
import { DIST, dirBytes, formatBytes, ROOT } from './paths.ts';
import { buildWeb } from './web.ts';
import { buildWorker } from './worker.ts';

export const LIMITS = { originBytes: 1024 * 1024, workerGzipBytes: 100 * 1024 } as const;

type Row = { name: string; what: string; size: string; limit?: string; ok: boolean };
const rows: Row[] = [];
const rel = (p: string) => relative(ROOT, p);
const log = (line: string) => console.log(`[build] ${line}`);

const steps: Record<string, () => Promise<void> | void> = {
  web() {
    const out = buildWeb();
    rows.push({ name: 'web', what: rel(out.dir), size: formatBytes(dirBytes(out.dir)), ok: true });
  },
  async origin() {
    const out = await buildOrigin();
    rows.push({ name: 'origin', what: rel(out.file), size: formatBytes(out.bytes), limit: formatBytes(LIMITS.originBytes), ok: out.bytes <= LIMITS.originBytes });
  },
  layer() {
    const out = buildLayer({ outdir: DIST.layer, cpu: 'arm64', log: (l) => log(`  ${l}`) });
    rows.push({ name: 'layer', what: `${rel(out.dir)} (${out.nativePackage} ${out.glideVersion})`, size: `${formatBytes(out.bytes)} unzipped`, ok: true });
  },
  worker() {
    const out = buildWorker();
    rows.push({ name: 'worker', what: `${rel(out.dir)} (${formatBytes(out.bytes)} raw)`, size: `${formatBytes(out.gzipBytes)} gzip`, limit: `${formatBytes(LIMITS.workerGzipBytes)} gzip`, ok: out.gzipBytes <= LIMITS.workerGzipBytes });
  },
  'test-layer'() {
    const out = buildLayer({ outdir: DIST.testLayer, cpu: hostCpu(), log: (l) => log(`  ${l}`) });
    rows.push({ name: 'test-layer', what: `${rel(out.dir)} (${out.nativePackage}, local e2e only)`, size: `${formatBytes(out.bytes)} unzipped`, ok: true });
  },
};

const DEFAULT_STEPS = ['web', 'origin', 'layer', 'worker'];

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((s) => !(s in steps));
  if (unknown.length) throw new Error(`unknown step(s) ${unknown.join(', ')}; steps: ${Object.keys(steps).join(', ')}`);
  const names = requested.length ? requested : DEFAULT_STEPS;
  for (const [i, name] of names.entries()) {
    const started = performance.now();
    log(`${i + 1}/${names.length} ${name}`);
    await steps[name]!();
    log(`${i + 1}/${names.length} ${name} done in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  }
  log('sizes');
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(11)}${r.size.padStart(18)}  ${r.limit ? `budget ${r.limit}`.padEnd(24) : ''.padEnd(24)}${r.ok ? '' : 'OVER BUDGET  '}${r.what}`);
  }
  const over = rows.filter((r) => !r.ok);
  if (over.length) throw new Error(`over the size budget: ${over.map((r) => r.name).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
