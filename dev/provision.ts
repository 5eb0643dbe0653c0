/** Makes sure the OS-level tools exist before a stack or a test phase starts: Valkey, PostgreSQL 15, and Chromium for browser tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasPostgres15, PG15_INSTALL_HELP } from './postgres/pg15.ts';
import { findValkeyServer } from './valkey/index.ts';

/** Finds valkey-server, installing it first (Debian/Ubuntu as root) when it is missing. */
export function ensureValkey(root: string): void {
  try {
    findValkeyServer();
    return;
  } catch (err) {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) throw err;
  }
  console.log('[setup] valkey-server is missing; installing it with dev/setup.sh');
  const run = spawnSync('bash', [join(root, 'dev/setup.sh')], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('dev/setup.sh could not install Valkey; see the message above');
  findValkeyServer();
}

const canApt = (): boolean => process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;

/**
 * Makes sure PostgreSQL 15's server binaries exist (the unit and integration phases, the chaos
 * history check, the benchmark and `npm start -- --pg15` run it). As root with apt it installs the
 * distribution's `postgresql-15` package when it is missing (Debian 12 has it; the package also sets
 * up its own cluster on port 5432, which nothing here uses). Elsewhere it says what to install.
 */
export function ensurePostgres15(): void {
  if (hasPostgres15()) return;
  if (canApt()) {
    console.log('[setup] PostgreSQL 15 is missing; installing the postgresql-15 package');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', 'postgresql-15'], { stdio: 'inherit', env });
    if (hasPostgres15()) return;
  }
  throw new Error(`PostgreSQL 15 is missing; ${PG15_INSTALL_HELP}`);
}

/** Debian's Chromium for the browser tests: $CHROMIUM_PATH, else /usr/bin/chromium. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Makes sure Chromium exists for the browser tests, installing Debian's package first (as root,
 * with apt) when it is missing. Elsewhere the browser phase fails and says how to install it.
 */
export function ensureChromium(): void {
  if (existsSync(chromiumPath()) || !canApt()) return;
  console.log('[setup] Chromium is missing; installing Debian\'s chromium package for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
}
