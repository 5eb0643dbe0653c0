/** Runs the machine's PostgreSQL 15 (initdb + pg_ctl) on a local data dir for dev and tests. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';

/** Where PostgreSQL 15's initdb, pg_ctl and postgres are: `PG15_BIN`, else Debian/Ubuntu's path. */
export const pg15Bin = (): string => process.env.PG15_BIN || '/usr/lib/postgresql/15/bin';
/** What to do when they are missing. */
export const PG15_INSTALL_HELP =
  'install PostgreSQL 15: on Debian 12 (as root) `apt-get install postgresql-15`, which `npm test`, `npm run bench` and `npm start -- --pg15` do by themselves; ' +
  'elsewhere install PostgreSQL 15 (e.g. `brew install postgresql@15`) and set PG15_BIN to the directory holding its initdb, pg_ctl and postgres';

/** True when PostgreSQL 15's server binaries are where pg15Bin() says. */
export const hasPostgres15 = (): boolean => ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(pg15Bin(), bin)));
const DATABASE = 'leaderboard';

export interface Postgres15 {
  /** `postgres://postgres@127.0.0.1:<port>/leaderboard` */
  url: string;
  /** Stops the server cleanly (`pg_ctl stop -m fast`). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops it like a crash (`pg_ctl stop -m immediate`: no checkpoint, recovery on next start). */
  kill(): Promise<void>;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Starts PG15 on 127.0.0.1:`port` with `dataDir` (initdb when empty), creating database `leaderboard`.
 * `settings` ("name=value") come after the defaults and win over them (a benchmark turns fsync on).
 */
export async function startPostgres15(opts: { dataDir: string; port: number; settings?: string[] }): Promise<Postgres15> {
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(pg15Bin(), bin))) throw new Error(`PostgreSQL 15 is not installed (${pg15Bin()}/${bin} is missing); ${PG15_INSTALL_HELP}`);
  }
  const dataDir = resolve(opts.dataDir);
  const { port } = opts;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const run = await runnerFor(dataDir);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if ((await readdir(dataDir)).length > 0) throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory`);
    await mustRun(run, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C', '--no-instructions']);
  } else {
    const version = (await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim();
    if (version !== '15') throw new Error(`${dataDir} holds a PostgreSQL ${version} cluster, not 15`);
  }

  // A server left running on this data dir (a previous run that died) is stopped, then restarted
  // with this port; the dir belongs to the caller.
  if ((await run('pg_ctl', ['-D', dataDir, 'status'])).code === 0) {
    await mustRun(run, 'pg_ctl', ['-D', dataDir, 'stop', '-m', 'fast', '-w', '-t', '30']);
  }

  // Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep data dirs.
  const socketDir = dataDir.length <= 80 ? dataDir : '/tmp';
  // fsync/full_page_writes off only risk data on an OS crash. synchronous_commit stays on: with it
  // off, kill() (an immediate stop) would lose acknowledged commits, which chaos tests must not see.
  const settings = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    `unix_socket_directories=${socketDir}`,
    'fsync=off',
    'full_page_writes=off',
    'max_connections=100',
    ...(opts.settings ?? []),
  ];
  const logFile = join(dataDir, 'postgres.log');
  // pg_ctl runs the server through /bin/sh, so each -c argument is shell-quoted.
  const serverOpts = settings.map((s) => `-c ${shellQuote(s)}`).join(' ');
  const started = await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOpts, 'start']);
  if (started.code !== 0) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new Error(`PostgreSQL 15 failed to start on 127.0.0.1:${port}: ${started.stderr.trim() || started.stdout.trim()}\n${tail}`);
  }

  let stopped = false;
  const stopWith = async (mode: 'fast' | 'immediate'): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const res = await run('pg_ctl', ['-D', dataDir, 'stop', '-m', mode, '-w', '-t', '30']);
    // Exit code 1 with "not running"/"PID file does not exist" means it is already down.
    if (res.code !== 0 && !/not running|does not exist/i.test(res.stderr)) {
      throw new Error(`pg_ctl stop failed: ${res.stderr.trim()}`);
    }
  };
  try {
    await ensureDatabase(port);
  } catch (err) {
    await stopWith('fast').catch(() => {});
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => stopWith('fast'),
    kill: () => stopWith('immediate'),
  };
}

type Runner = (bin: string, args: string[]) => Promise<RunResult>;

/** initdb refuses root: as root, hand the data dir to `postgres` and run through runuser. */
async function runnerFor(dataDir: string): Promise<Runner> {
  if (process.getuid?.() !== 0) return (bin, args) => exec(join(pg15Bin(), bin), args);
  const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('user "postgres" not found (it comes with apt-get install postgresql-15)');
  if ((await stat(dataDir)).uid !== uid) await chownTree(dataDir, uid, gid);
  const runner: Runner = (bin, args) => exec('runuser', ['-u', 'postgres', '--', join(pg15Bin(), bin), ...args]);
  const probe = await exec('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]);
  if (probe.code !== 0) {
    throw new Error(`user "postgres" cannot write ${dataDir}: make its parent directories traversable (chmod o+x)`);
  }
  return runner;
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (rows.length === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function mustRun(run: Runner, bin: string, args: string[]): Promise<void> {
  const res = await run(bin, args);
  if (res.code !== 0) throw new Error(`${bin} failed (exit ${res.code}): ${res.stderr.trim() || res.stdout.trim()}`);
}

function exec(file: string, args: string[]): Promise<RunResult> {
  return new Promise((done) => {
    execFile(file, args, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr: stderr || (err && typeof err.code !== 'number' ? err.message : '') });
    });
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
