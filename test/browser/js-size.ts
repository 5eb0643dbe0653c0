/**
 * The size of the JavaScript each page of the web app sends to the browser, gzipped: the entry
 * script and the chunks it preloads, as Vite wrote them into each built HTML page. Run it alone to
 * build and measure:
 *   npx tsx test/browser/js-size.ts
 * The browser tests also measure what a real page load fetched.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The player page (index.html) stays under this, gzipped. */
export const PLAYER_JS_BUDGET_BYTES = 30 * 1024;
/** The widget and the console each stay under this. */
export const PAGE_JS_BUDGET_BYTES = 30 * 1024;
const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'web/dist');

/** The built pages: the player page, the embeddable widget (/embed/{board}) and the operator console (/admin). */
export const PAGES = ['index.html', 'embed.html', 'admin.html'] as const;

/** Gzipped size of a buffer (zlib's default level, as servers use). */
export const gzipSize = (bytes: Uint8Array): number => gzipSync(bytes).byteLength;

export interface JsFile {
  file: string;
  bytes: number;
  gzip: number;
}

function measure(file: string, dist: string): JsFile {
  const bytes = readFileSync(join(dist, file));
  return { file, bytes: bytes.byteLength, gzip: gzipSize(bytes) };
}

/** The JS one built page loads: its module scripts and modulepreload links. */
export function measurePage(page: string, dist = DIST): { files: JsFile[]; gzipTotal: number } {
  const html = readFileSync(join(dist, page), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)].map((f) => measure(f, dist));
  return { files, gzipTotal: files.reduce((sum, f) => sum + f.gzip, 0) };
}

/** Every JS file of the built app, with its raw and gzipped size. */
export function measureDist(dist = DIST): { files: JsFile[]; gzipTotal: number } {
  const files = readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => measure(`assets/${f}`, dist));
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
  let ok = true;
  for (const page of PAGES) {
    const { files, gzipTotal } = measurePage(page);
    const budget = page === 'index.html' ? PLAYER_JS_BUDGET_BYTES : PAGE_JS_BUDGET_BYTES;
    console.log(`${page}: ${kib(gzipTotal)} gzipped (${gzipTotal} bytes; budget ${kib(budget)})`);
    for (const f of files) console.log(`  ${f.file}  ${kib(f.bytes)} raw, ${kib(f.gzip)} gzip`);
    ok &&= gzipTotal < budget;
  }
  const all = measureDist();
  console.log(`all pages together: ${kib(all.gzipTotal)} gzipped in ${all.files.length} files`);
  process.exit(ok ? 0 : 1);
}
