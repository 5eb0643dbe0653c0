/** The origin bundle: one CommonJS file that exports `handler` and leaves GLIDE to the layer. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrigin, ORIGIN_FILE, type OriginBuild } from './origin.ts';
import { ROOT } from './paths.ts';

let dir: string;
let out: OriginBuild;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lb-origin-build-'));
  out = await buildOrigin({ outdir: dir });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildOrigin', () => {
  it('writes index.cjs with a source map and reports its size', () => {
    expect(out.file).toBe(join(dir, ORIGIN_FILE));
    expect(out.bytes).toBe(readFileSync(out.file).length);
    expect(JSON.parse(readFileSync(`${out.file}.map`, 'utf8')).sources.some((s: string) => s.endsWith('origin/handler.ts'))).toBe(true);
  });

  it('requires GLIDE at run time instead of bundling it', () => {
    const code = readFileSync(out.file, 'utf8');
    expect(code).toMatch(/require\("@valkey\/valkey-glide"\)/);
    // Strings from GLIDE's own sources that a bundled copy would carry.
    expect(code).not.toMatch(/valkey-glide\.linux-x64-gnu\.node|Reached maximum inflight requests/);
  });

  it('loads with plain require (no ESM) from outside the repository, finding GLIDE only through NODE_PATH', () => {
    const script = `const m = require(${JSON.stringify(out.file)}); process.stdout.write(typeof m.handler + ' ' + require.resolve('@valkey/valkey-glide', { paths: [${JSON.stringify(dir)}] }))`;
    const withPath = spawnSync(process.execPath, ['-e', script], { cwd: dir, env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, encoding: 'utf8' });
    expect(withPath.stderr).toBe('');
    expect(withPath.stdout).toMatch(/^function .*node_modules\/@valkey\/valkey-glide\//);
    const without = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(out.file)})`], { cwd: dir, env: { ...process.env, NODE_PATH: '' }, encoding: 'utf8' });
    expect(without.status).not.toBe(0);
    expect(without.stderr).toMatch(/Cannot find module '@valkey\/valkey-glide'/);
  });
});
