/** Makes sure the OS-level tools exist before a stack starts: runs dev/setup.sh when Valkey is missing. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
