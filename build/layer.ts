/**
 * Builds the GLIDE Lambda layer without Docker: `npm install --os=linux --cpu=<cpu> --libc=glibc`
 * into `<outdir>/nodejs`, so the layer holds `nodejs/node_modules/@valkey/valkey-glide` and the
 * native package for that CPU only. The shipped layer is arm64 (template.yaml); the local
 * end-to-end tests build a second one for the host's CPU with this same function.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, dirBytes, ROOT } from './paths.ts';

export type LayerCpu = 'arm64' | 'x64';

export interface LayerBuild {
  dir: string;
  /** e.g. `@valkey/valkey-glide-linux-arm64-gnu` */
  nativePackage: string;
  glideVersion: string;
  /** Unzipped size of `nodejs/`. */
  bytes: number;
  /** False when an up-to-date layer was already there. */
  installed: boolean;
}

/** ELF `e_machine` values of the CPUs a layer can target. */
const ELF_MACHINE: Record<LayerCpu, number> = { x64: 0x3e, arm64: 0xb7 };

/** The GLIDE version the repository is built and tested with. */
export function glideVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules/@valkey/valkey-glide/package.json'), 'utf8')) as { version: string }).version;
}

/** The npm package holding GLIDE's native addon for Linux (glibc) on `cpu`. */
export const nativePackageFor = (cpu: LayerCpu) => `@valkey/valkey-glide-linux-${cpu}-gnu`;

function readJson(path: string): { version?: string } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { version?: string };
  } catch {
    return null;
  }
}

function elfMachine(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
    return header.readUInt16LE(18);
  } finally {
    closeSync(fd);
  }
}

/**
 * Packages of type declarations only. GLIDE's protobufjs depends on @types/node (which brings
 * undici-types), so npm installs them, but nothing loads them at run time: the build removes them.
 */
export const TYPES_ONLY = ['@types', 'undici-types'];

/** Fails unless the layer holds GLIDE at `version`, exactly one native package built for `cpu`, and no type-only packages. */
export function verifyLayer(dir: string, cpu: LayerCpu, version: string): string {
  const modules = join(dir, 'nodejs/node_modules');
  const glide = readJson(join(modules, '@valkey/valkey-glide/package.json'));
  if (glide?.version !== version) throw new Error(`${modules} has @valkey/valkey-glide ${glide?.version ?? 'missing'}, want ${version}`);
  const natives = readdirSync(join(modules, '@valkey')).filter((n) => n.startsWith('valkey-glide-')).map((n) => `@valkey/${n}`);
  const want = nativePackageFor(cpu);
  if (natives.length !== 1 || natives[0] !== want) throw new Error(`${modules} holds [${natives.join(', ')}], want exactly ${want}`);
  const addon = readdirSync(join(modules, want)).find((f) => f.endsWith('.node'));
  if (!addon) throw new Error(`${want} has no .node file`);
  if (elfMachine(join(modules, want, addon)) !== ELF_MACHINE[cpu]) throw new Error(`${want}/${addon} is not a Linux ${cpu} binary`);
  const typesOnly = TYPES_ONLY.filter((p) => existsSync(join(modules, p)));
  if (typesOnly.length > 0) throw new Error(`${modules} holds type declarations that never run: ${typesOnly.join(', ')}`);
  return want;
}

/** Installs GLIDE for Linux/`cpu` into `<outdir>/nodejs/node_modules` (skipped when already up to date) and verifies it. */
export function buildLayer({ outdir = DIST.layer, cpu = 'arm64', log = () => undefined }: { outdir?: string; cpu?: LayerCpu; log?: (line: string) => void } = {}): LayerBuild {
  const version = glideVersion();
  let installed = false;
  try {
    verifyLayer(outdir, cpu, version);
    log(`${outdir} is up to date (GLIDE ${version}, linux-${cpu})`);
  } catch {
    rmSync(outdir, { recursive: true, force: true });
    const nodejs = join(outdir, 'nodejs');
    mkdirSync(nodejs, { recursive: true });
    writeFileSync(join(nodejs, 'package.json'), `${JSON.stringify({ name: 'glide-layer', private: true, dependencies: { '@valkey/valkey-glide': version } }, null, 2)}\n`);
    const args = ['install', '--os=linux', `--cpu=${cpu}`, '--libc=glibc', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'];
    log(`npm ${args.join(' ')} (in ${nodejs})`);
    // `npm run build` exports npm_* variables (prefix, package paths); the layer install must not inherit them.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
    const run = spawnSync('npm', args, { cwd: nodejs, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`npm install for the linux-${cpu} layer failed (${run.error?.message ?? `exit ${run.status}`})`);
    for (const p of TYPES_ONLY) rmSync(join(nodejs, 'node_modules', p), { recursive: true, force: true });
    installed = true;
  }
  const nativePackage = verifyLayer(outdir, cpu, version);
  return { dir: outdir, nativePackage, glideVersion: version, bytes: dirBytes(join(outdir, 'nodejs')), installed };
}

/** The host CPU as a layer target, for layers that run locally. */
export function hostCpu(): LayerCpu {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) {
    throw new Error(`the local Lambda layer needs Linux on x64 or arm64, not ${process.platform}-${process.arch}`);
  }
  return process.arch;
}
