/**
 * `npm start`: builds the web app if needed, starts the whole local stack on the dev ports,
 * prints where everything is, and stops all of it on Ctrl-C or SIGTERM.
 *
 *   npm start                  PGlite in .data/pglite, standalone Valkey
 *   npm start -- --pg15        the machine's PostgreSQL 15, initdb into .data/pg15
 *   npm start -- --cluster     a 3-shard TLS Valkey cluster instead of one server
 *   DATABASE_URL=postgres://... npm start
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_PORTS } from './local-config.ts';
import { ROOT, startStack } from './stack/stack.ts';
import { ensurePostgres15, ensureValkey } from './provision.ts';

const args = new Set(process.argv.slice(2));
const say = (line: string) => console.log(`[start] ${line}`);

try {
  ensureValkey(ROOT);
  if (args.has('--pg15') && !process.env.DATABASE_URL) ensurePostgres15();
} catch (err) {
  console.error(`[start] ${(err as Error).message}`);
  process.exit(1);
}

if (!existsSync(join(ROOT, 'web/dist/index.html'))) {
  say('building the web app (web/dist)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

const dataDir = join(ROOT, '.data');
const stack = await startStack({
  ports: DEV_PORTS,
  valkey: args.has('--cluster') ? 'cluster' : 'standalone',
  postgres: process.env.DATABASE_URL || (args.has('--pg15') ? 'pg15' : 'pglite'),
  dataDir,
  persistent: true,
  log: say,
}).catch((err: Error) => {
  console.error(`\n[start] could not start the stack:\n${err.message}`);
  process.exit(1);
});

console.log(`
  Leaderboard is running.

  web app and API (edge)   ${stack.urls.edge}
  health                   ${stack.urls.edge}/api/health
  origin (Function URL)    ${stack.urls.emulator}   SigV4 required
  Supabase gateway         ${stack.urls.gateway}/rest/v1/rpc/<fn>
  Valkey                   ${stack.valkeyEndpoint}${stack.valkeyCluster ? ' (TLS cluster)' : ''}
  Cloudflare purge API     ${stack.urls.cloudflare}/__cloudflare/purges   the purges the origin made
  logs                     ${join(dataDir, 'logs')}

  Try:
    curl -s ${stack.urls.edge}/api/boards/global/entries
    curl -s -X POST ${stack.urls.edge}/api/boards/global/scores \\
      -H 'authorization: Bearer ${stack.devVars.SERVER_API_KEYS?.split(',')[0] ?? 'dev-server-key'}' \\
      -H 'content-type: application/json' -d '{"playerId":"alice","score":42}'

  Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping`);
  await stack.stop();
  say('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
