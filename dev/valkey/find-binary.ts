import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** One paragraph telling how to get Valkey 8; shared by the Node runners and dev/setup.sh. */
export const VALKEY_INSTALL_HELP =
  'Valkey 8 (valkey-server and valkey-cli) is required for the local stack. Install it with `npm run setup` ' +
  '(Debian/Ubuntu, as root), `brew install valkey` (macOS), or ' +
  '`apt-get install -t bookworm-backports valkey-server` (Debian 12 with bookworm-backports enabled), ' +
  'or point VALKEY_SERVER / VALKEY_CLI at the binaries; without a local install you can run ' +
  '`docker run -p 6390:6379 valkey/valkey:8` instead.';

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** A path given in an env var, or a bare command name looked up on PATH; undefined when unusable. */
function fromEnv(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!value.includes('/') && !value.includes(path.sep)) return findOnPath(value);
  return isExecutableFile(value) ? path.resolve(value) : undefined;
}

function notFound(name: string, envVar: string): Error {
  const env = process.env[envVar];
  const hint = env ? ` (and ${envVar}=${env} is not an executable file)` : '';
  return new Error(`${name} was not found on PATH${hint}. ${VALKEY_INSTALL_HELP}`);
}

/** Path of valkey-server: $VALKEY_SERVER if set and executable, else the one on PATH; throws with install help. */
export function findValkeyServer(): string {
  const found = fromEnv(process.env.VALKEY_SERVER) ?? findOnPath('valkey-server');
  if (!found) throw notFound('valkey-server', 'VALKEY_SERVER');
  return found;
}

/** Path of valkey-cli: $VALKEY_CLI, else next to valkey-server, else on PATH; throws with install help. */
export function findValkeyCli(): string {
  const fromVar = fromEnv(process.env.VALKEY_CLI);
  if (fromVar) return fromVar;
  let server: string | undefined;
  try {
    server = findValkeyServer();
  } catch {
    server = undefined;
  }
  // Do not resolve symlinks: Debian's valkey-server is a symlink whose target name picks another mode.
  const sibling = server ? path.join(path.dirname(server), 'valkey-cli') : undefined;
  const found = (sibling && isExecutableFile(sibling) ? sibling : undefined) ?? findOnPath('valkey-cli');
  if (!found) throw notFound('valkey-cli', 'VALKEY_CLI');
  return found;
}
