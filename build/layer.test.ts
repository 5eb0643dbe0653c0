/** verifyLayer on a layer laid out by hand: what the layer may and may not hold. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativePackageFor, TYPES_ONLY, verifyLayer } from './layer.ts';

const root = mkdtempSync(join(tmpdir(), 'lb-layer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A layer with GLIDE 1.0.0 and its arm64 addon (an ELF header with e_machine = aarch64). */
function layer(name: string, extra: string[] = []): string {
  const modules = join(root, name, 'nodejs/node_modules');
  mkdirSync(join(modules, '@valkey/valkey-glide'), { recursive: true });
  writeFileSync(join(modules, '@valkey/valkey-glide/package.json'), '{"version":"1.0.0"}');
  mkdirSync(join(modules, nativePackageFor('arm64')), { recursive: true });
  const elf = Buffer.alloc(64);
  elf.writeUInt32BE(0x7f454c46, 0);
  elf.writeUInt16LE(0xb7, 18);
  writeFileSync(join(modules, nativePackageFor('arm64'), 'glide.node'), elf);
  for (const p of extra) {
    mkdirSync(join(modules, p), { recursive: true });
    writeFileSync(join(modules, p, 'index.d.ts'), 'export {};');
  }
  return join(root, name);
}

describe('verifyLayer', () => {
  it('accepts GLIDE with one native package for the CPU', () => {
    expect(verifyLayer(layer('ok'), 'arm64', '1.0.0')).toBe(nativePackageFor('arm64'));
  });

  it('refuses @types/node and undici-types, which only hold type declarations', () => {
    expect(TYPES_ONLY).toEqual(['@types', 'undici-types']);
    expect(() => verifyLayer(layer('types', ['@types/node']), 'arm64', '1.0.0')).toThrow(/@types/);
    expect(() => verifyLayer(layer('undici', ['undici-types']), 'arm64', '1.0.0')).toThrow(/undici-types/);
  });

  it('refuses another CPU or another GLIDE version', () => {
    expect(() => verifyLayer(layer('cpu'), 'x64', '1.0.0')).toThrow(/want exactly/);
    expect(() => verifyLayer(layer('version'), 'arm64', '2.0.0')).toThrow(/want 2\.0\.0/);
  });
});
