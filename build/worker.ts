/** The edge Worker as `wrangler deploy` would upload it, built with `--dry-run` (no Cloudflare account needed). */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ROOT } from './paths.ts';

export interface WorkerBuild {
  dir: string;
  /** Raw and gzipped size of the script modules (source maps excluded). */
  bytes: number;
  gzipBytes: number;
}

/** Runs `wrangler deploy --dry-run --outdir <outdir>` and measures the upload. */
export function buildWorker({ outdir = DIST.worker }: { outdir?: string } = {}): WorkerBuild {
  rmSync(outdir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of readdirSync(outdir)) {
    if (!/\.(m?js|cjs|wasm)$/.test(name)) continue;
    const content = readFileSync(join(outdir, name));
    bytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  if (bytes === 0) throw new Error(`wrangler wrote no script to ${outdir}`);
  return { dir: outdir, bytes, gzipBytes };
}
