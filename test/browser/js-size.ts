/**
 * The size of the JavaScript the web app sends to the browser, gzipped: every .js file Vite emits
 * into web/dist/assets. Run it alone to build and measure:
 *   npx tsx test/browser/js-size.ts
 * The browser tests also measure what a real page load fetched.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const JS_BUDGET_BYTES = 50 * 1024;
const ROOT = resolve(import.meta.dirname, '../..');

/** Gzipped size of a buffer (zlib's default level, as servers use). */
export const gzipSize = (bytes: Uint8Array): number => gzipSync(bytes).byteLength;

/** Every JS file of the built app, with its raw and gzipped size. */
export function measureDist(dist = join(ROOT, 'web/dist')): { files: { file: string; bytes: number; gzip: number }[]; gzipTotal: number } {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const bytes = readFileSync(join(assets, f));
      return { file: `assets/${f}`, bytes: bytes.byteLength, gzip: gzipSize(bytes) };
    });
  return { files, gzipTotal: files.reduce((sum, f) => sum + f.gzip, 0) };
}

/** Builds the web app with Vite. */
export function buildWeb(): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('vite build failed');
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildWeb();
  const { files, gzipTotal } = measureDist();
  for (const f of files) console.log(`${f.file}  ${kib(f.bytes)} raw, ${kib(f.gzip)} gzip`);
  console.log(`JS sent to the browser: ${kib(gzipTotal)} gzipped (${gzipTotal} bytes; budget ${kib(JS_BUDGET_BYTES)})`);
  process.exit(gzipTotal < JS_BUDGET_BYTES ? 0 : 1);
}
