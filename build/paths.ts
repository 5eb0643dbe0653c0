/** Where the build reads from and writes to. Everything it writes is under `dist/` (git-ignored). */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

export const DIST = {
  /** The origin function's code (`CodeUri` in template.yaml). */
  origin: resolve(ROOT, 'dist/origin'),
  /** The GLIDE layer that ships: Linux arm64 (`ContentUri` in template.yaml). */
  layer: resolve(ROOT, 'dist/layer'),
  /** The same layer for the host's CPU; only the local end-to-end tests load it. */
  testLayer: resolve(ROOT, 'dist/layer-test'),
  /** `wrangler deploy --dry-run` output. */
  worker: resolve(ROOT, 'dist/worker'),
  web: resolve(ROOT, 'web/dist'),
} as const;

/** Formats a byte count as KiB or MiB. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Total size of the files under `dir`. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : entry.isFile() ? statSync(p).size : 0;
  }
  return total;
}
