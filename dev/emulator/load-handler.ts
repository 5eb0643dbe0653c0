/**
 * Loads a Lambda handler module (source under tsx, or a built .mjs/.js) by path.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LambdaHandler } from './runtime.ts';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Imports the module at `path` (relative paths resolve from `root`) and returns its `handler` export. */
export async function importHandler(path: string, root: string = REPO_ROOT): Promise<LambdaHandler> {
  const abs = isAbsolute(path) ? path : resolve(root, path);
  const mod = (await import(pathToFileURL(abs).href)) as { handler?: unknown; default?: { handler?: unknown } };
  const handler = mod.handler ?? mod.default?.handler;
  if (typeof handler !== 'function') throw new TypeError(`${abs} does not export a function named "handler"`);
  return handler as LambdaHandler;
}
