/** The web app: `vite build` into web/dist, which the Worker serves as static assets. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DIST, ROOT } from './paths.ts';

/** Runs `vite build` and returns the output folder. */
export function buildWeb(): { dir: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status})`);
  return { dir: DIST.web };
}
