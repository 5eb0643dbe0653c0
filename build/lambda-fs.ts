/**
 * Lays out built artifacts the way Lambda mounts them: the function code in `<root>/var/task` and
 * the layer's `nodejs/` in `<root>/opt/nodejs`, with Lambda's NODE_PATH. Copies, not symlinks:
 * Node resolves a module from its real path, and a path inside the repository would let
 * `require` fall back to the repository's node_modules, hiding a layer that lacks a package.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildLayer, hostCpu, type LayerBuild } from './layer.ts';
import { buildOrigin, ORIGIN_FILE, type OriginBuild } from './origin.ts';
import { DIST } from './paths.ts';

export interface LambdaFs {
  root: string;
  /** The bundle, as the emulator's ORIGIN_HANDLER. */
  handlerPath: string;
  /** `<root>/opt/nodejs/node_modules`, where GLIDE must be found. */
  layerModules: string;
  /** Lambda's module search path for Node.js functions, rooted at `root`. */
  nodePath: string[];
}

/** Copies `code` and `layer` into `root` and returns the paths to run the function from. */
export function stageLambdaFs({ root, code = DIST.origin, layer = DIST.testLayer }: { root: string; code?: string; layer?: string }): LambdaFs {
  const task = join(root, 'var/task');
  const opt = join(root, 'opt');
  for (const [what, dir] of [['origin bundle', join(code, ORIGIN_FILE)], ['layer', join(layer, 'nodejs/node_modules')]] as const) {
    if (!existsSync(dir)) throw new Error(`the ${what} is missing at ${dir}; run \`npm run build -- origin test-layer\``);
  }
  mkdirSync(opt, { recursive: true });
  cpSync(code, task, { recursive: true });
  cpSync(join(layer, 'nodejs'), join(opt, 'nodejs'), { recursive: true });
  const layerModules = join(opt, 'nodejs/node_modules');
  return {
    root,
    handlerPath: join(task, ORIGIN_FILE),
    layerModules,
    nodePath: [join(opt, 'nodejs/node22/node_modules'), layerModules, task],
  };
}

/**
 * Builds the origin bundle into `originOutdir` and a GLIDE layer for this machine's CPU (dist/layer-test; the
 * shipped layer is arm64), then lays both out under `root` as Lambda mounts them: how the e2e tests and the
 * benchmark run the origin.
 */
export async function stageLocalLambda({ root, originOutdir = DIST.origin, log }: { root: string; originOutdir?: string; log: (line: string) => void }): Promise<LambdaFs & { origin: OriginBuild; layer: LayerBuild }> {
  const origin = await buildOrigin({ outdir: originOutdir });
  const layer = buildLayer({ outdir: DIST.testLayer, cpu: hostCpu(), log });
  return { ...stageLambdaFs({ root, code: originOutdir, layer: DIST.testLayer }), origin, layer };
}
