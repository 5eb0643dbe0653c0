/**
 * Bundles the origin Lambda with esbuild into one CommonJS file.
 *
 * Why CommonJS: GLIDE is not bundled (it loads a native addon) and reaches the function through a
 * layer at /opt/nodejs/node_modules. Lambda puts that folder on NODE_PATH, which CommonJS `require`
 * honours and Node's ESM resolver ignores. A CJS bundle therefore finds GLIDE in the layer with a
 * plain `require('@valkey/valkey-glide')`, exactly as Node resolves it everywhere else.
 */
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT } from './paths.ts';

/** The bundle's file name; template.yaml's `Handler: index.handler` refers to it. */
export const ORIGIN_FILE = 'index.cjs';
/** Packages left out of the bundle and shipped in the layer. */
export const ORIGIN_EXTERNALS = ['@valkey/valkey-glide'] as const;

export interface OriginBuild {
  file: string;
  bytes: number;
}

/** Builds `origin/handler.ts` into `<outdir>/index.cjs` (+ source map) and returns its path and size. */
export async function buildOrigin({ outdir = DIST.origin, minify = true }: { outdir?: string; minify?: boolean } = {}): Promise<OriginBuild> {
  rmSync(outdir, { recursive: true, force: true });
  const file = join(outdir, ORIGIN_FILE);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'origin/handler.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify,
    // Error classes are matched by name in logs and envelopes; keep names readable.
    keepNames: true,
    sourcemap: true,
    external: [...ORIGIN_EXTERNALS],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { file, bytes: statSync(file).size };
}
