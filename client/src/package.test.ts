/** The package as published: `npm run build` in client/ (tsc) gives ESM with declarations, at the paths package.json exports. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLIENT = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'lb-client-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the client package', () => {
  it('builds to the files package.json exports, with no runtime dependency, and they load as ESM', async () => {
    const pkg = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies ?? {}).toEqual({});
    const tsc = resolve(CLIENT, '../node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(CLIENT, 'tsconfig.json'), '--outDir', out], { stdio: 'pipe' });
    const entry = pkg.exports['.'];
    for (const file of [entry.import, entry.types]) expect(existsSync(join(out, file.replace('./dist/', ''))), file).toBe(true);
    // The declarations refer to the generated types by a path that exists next to them.
    expect(readFileSync(join(out, 'index.d.ts'), 'utf8')).toContain("from './openapi.js'");
    expect(existsSync(join(out, 'openapi.d.ts'))).toBe(true);
    const mod = await import(pathToFileURL(join(out, 'index.js')).href);
    expect(typeof mod.createClient).toBe('function');
    expect(mod.routes.entries('a b')).toBe('/api/boards/a%20b/entries');
  }, 60_000);
});
